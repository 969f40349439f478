package dev.eos.demo.crashloop;

import dev.eos.runtime.crash.CrashPoint;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * How one run of the job is to die: armed for a {@link CrashPoint} (the run is started with
 * {@code -Deos.test.crash=<point>} and halts itself there, so the point cannot be missed), or SIGKILLed by the loop
 * after a random uptime (a moment no one chose).
 *
 * @param point the armed point; null for a random SIGKILL
 */
record PlannedKill(CrashPoint point) {

    static final PlannedKill RANDOM = new PlannedKill(null);

    boolean armed() {
        return point != null;
    }

    /** The JVM option that arms the run, when it is armed. */
    List<String> jvmOptions() {
        return armed() ? List.of("-Deos.test.crash=" + point.pointName()) : List.of();
    }

    /**
     * Every given point once and {@code randomKills} random SIGKILLs, in an order drawn from {@code random}, a random
     * SIGKILL first when there is one (the first run has no checkpoint to recover from, and no events arrive before
     * it is up: its first checkpoint writes are those of empty batches), and {@link CrashPoint#RECOVERY} never first.
     */
    static List<PlannedKill> plan(List<CrashPoint> points, int randomKills, SplittableRandom random) {
        List<PlannedKill> plan = new ArrayList<>();
        points.forEach(p -> plan.add(new PlannedKill(p)));
        for (int i = 0; i < randomKills; i++) {
            plan.add(RANDOM);
        }
        for (int i = plan.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            PlannedKill swap = plan.get(i);
            plan.set(i, plan.get(j));
            plan.set(j, swap);
        }
        int firstRandom = plan.indexOf(RANDOM);
        if (firstRandom > 0) {
            plan.add(0, plan.remove(firstRandom));
        } else if (!plan.isEmpty() && plan.get(0).point == CrashPoint.RECOVERY && plan.size() > 1) {
            plan.add(plan.remove(0));
        }
        return plan;
    }
}
