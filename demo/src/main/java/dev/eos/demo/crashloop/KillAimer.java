package dev.eos.demo.crashloop;

import dev.eos.runtime.Progress;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Aims one SIGKILL of a run at a {@link KillPoint} and performs it:
 * <ul>
 *   <li>{@link KillPoint#AFTER_WRITE_BEFORE_CHECKPOINT}: on the reading thread, the moment a progress line of a
 *       batch that wrote something appears (after the write, before the checkpoint);</li>
 *   <li>{@link KillPoint#MID_WRITE}: while the sink's count has grown since the last progress line;</li>
 *   <li>{@link KillPoint#BEFORE_WRITE}: right after new events arrived while nothing of the next batch was
 *       written.</li>
 * </ul>
 * When the aimed moment does not come within the aim timeout, kills anyway and says so in the crash's evidence.
 * Where the kill landed is judged from what was stored at the kill, and settled by the restarted run's first batch
 * ({@link Kill#confirm}).
 */
final class KillAimer {

    private final SinkStateReader sinkState;
    private final Duration aimTimeout;
    private final List<String> problems;
    private final String log;

    KillAimer(SinkStateReader sinkState, Duration aimTimeout, List<String> problems, String log) {
        this.sinkState = sinkState;
        this.aimTimeout = aimTimeout;
        this.problems = problems;
        this.log = log;
    }

    /** Aims at {@code aim}, kills the run with SIGKILL and waits for it to die; what is known at that point. */
    Kill aimAndKill(int number, KillPoint aim, JobProcess job, Feeding feeding) throws Exception {
        long startedAt = job.startedNanos();
        long deadline = System.nanoTime() + aimTimeout.toNanos();
        int progressAtDecision;
        long countAtDecision = -1;
        Optional<Progress.Line> trigger = Optional.empty();
        String fallback = null;
        switch (aim) {
            case AFTER_WRITE_BEFORE_CHECKPOINT -> {
                job.killOnProgress(line -> line.written() > 0);
                while (job.killedOn().isEmpty() && job.isAlive() && System.nanoTime() < deadline) {
                    pause();
                }
                trigger = job.disarm();
                progressAtDecision = job.progressCount();
                if (trigger.isEmpty()) {
                    fallback = "no batch wrote anything within " + aimTimeout.toSeconds() + " s";
                    countAtDecision = storedCount();
                }
            }
            case MID_WRITE -> {
                int seen = job.progressCount();
                long baseline = storedCount();
                while (true) {
                    if (!job.isAlive() || System.nanoTime() >= deadline) {
                        fallback = "no batch caught in flight within " + aimTimeout.toSeconds() + " s";
                        countAtDecision = baseline;
                        progressAtDecision = seen;
                        break;
                    }
                    int now = job.progressCount();
                    if (now != seen) {
                        seen = now;
                        baseline = storedCount();
                        continue;
                    }
                    long count = storedCount();
                    if (count > baseline && job.progressCount() == seen) {
                        progressAtDecision = seen;
                        countAtDecision = baseline;
                        break;
                    }
                    pause();
                }
            }
            default -> {
                int seen = job.progressCount();
                long baseline = storedCount();
                long fedAtProgress = feeding.feeds();
                boolean fired = false;
                while (job.isAlive() && System.nanoTime() < deadline) {
                    int now = job.progressCount();
                    if (now != seen) {
                        seen = now;
                        baseline = storedCount();
                        fedAtProgress = feeding.feeds();
                    } else if (feeding.feeds() > fedAtProgress && storedCount() == baseline
                            && job.progressCount() == seen) {
                        fired = true;
                        break;
                    }
                    pause();
                }
                if (!fired) {
                    fallback = "no quiet moment with new events within " + aimTimeout.toSeconds() + " s";
                }
                progressAtDecision = seen;
                countAtDecision = baseline;
            }
        }
        if (!job.isAlive() && trigger.isEmpty()) {
            throw new LoopFailure("run " + job.run() + " ended on its own with exit code " + job.awaitExit(
                    Duration.ofSeconds(10)) + " before crash " + number + "; see " + log);
        }
        int exitCode = job.kill(Duration.ofSeconds(30));
        if (exitCode != JobProcess.SIGKILL_EXIT) {
            problems.add("crash " + number + ": the child exited with " + exitCode + ", not 137 (SIGKILL)");
        }
        long uptime = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt);
        Optional<Progress.Line> finished = trigger.isPresent() ? trigger
                : job.progressCount() > progressAtDecision ? job.lastProgress() : Optional.empty();
        long partial = finished.isPresent() ? 0 : Math.max(0, sinkState.storedCount() - countAtDecision);
        return new Kill(number, aim, job.pid(), exitCode, uptime, fallback, finished, partial);
    }

    /** The sink's count, for aiming; a failure to read it ends the loop. */
    long storedCount() {
        try {
            return sinkState.storedCount();
        } catch (Exception e) {
            throw new LoopFailure("reading the sink's state failed: " + e);
        }
    }

    private static void pause() throws InterruptedException {
        TimeUnit.MILLISECONDS.sleep(2);
    }

    /**
     * What is known when the child has died; where the kill landed is settled by the restarted run's first batch:
     * Spark re-runs, in time order, the batches whose completion the checkpoint had not recorded.
     */
    record Kill(int number, KillPoint aim, long pid, int exitCode, long uptime, String fallback,
                Optional<Progress.Line> finished, long partialRecords) {

        /** The judgement before the restart, in case the restart fails. */
        Crash provisional() {
            KillPoint hit = finished.isPresent() ? KillPoint.AFTER_WRITE_BEFORE_CHECKPOINT
                    : partialRecords > 0 ? KillPoint.MID_WRITE : KillPoint.BEFORE_WRITE;
            return new Crash(number, aim, hit, pid, exitCode, uptime, "not restarted");
        }

        /** The judgement once the restarted run printed its first progress line. */
        Crash confirm(Progress.Line first) {
            String prefix = fallback == null ? "" : "(" + fallback + ") ";
            if (finished.isPresent()) {
                Progress.Line batch = finished.get();
                if (batch.written() > 0 && first.time() <= batch.time()) {
                    return crash(KillPoint.AFTER_WRITE_BEFORE_CHECKPOINT, prefix + "killed the moment batch "
                            + batch.time() + " had written " + batch.written() + "; the restart replayed it"
                            + stored(first));
                }
                return crash(KillPoint.BEFORE_WRITE, prefix + "batch " + batch.time()
                        + " was complete and checkpointed; nothing of the next one was written");
            }
            if (partialRecords > 0) {
                return crash(KillPoint.MID_WRITE, prefix + partialRecords
                        + " records of an unfinished batch were stored; the restart rewrote it" + stored(first));
            }
            return crash(KillPoint.BEFORE_WRITE, prefix + "no record of the next batch was stored yet");
        }

        private Crash crash(KillPoint hit, String evidence) {
            return new Crash(number, aim, hit, pid, exitCode, uptime, evidence);
        }

        private static String stored(Progress.Line first) {
            return first.duplicates() > 0 ? ", " + first.duplicates() + " found already stored" : "";
        }
    }
}
