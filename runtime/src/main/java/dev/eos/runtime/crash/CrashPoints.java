package dev.eos.runtime.crash;

import org.apache.hadoop.conf.Configuration;

/**
 * Deterministic crash points for tests: at a named {@link CrashPoint} the process halts as a SIGKILL would stop it
 * ({@link Runtime#halt}, exit status 137, no shutdown hooks, no {@code finally}), or sleeps.
 *
 * <p>Armed only by test settings that production never sets (read once, when this class is loaded):
 * <ul>
 *   <li>{@code -Deos.test.crash=<point>[@<n>][,batch=<ms>][,partition=<i>][,attempt=<a>]} (or the environment
 *       variable {@code EOS_TEST_CRASH}): halt at the n-th matching occurrence in this JVM (the first by default),
 *       after printing {@code EOS crash point <point> reached, halting} to stderr;</li>
 *   <li>{@code -Deos.test.crash.once-file=<path>} ({@code EOS_TEST_CRASH_ONCE_FILE}): halt only if this JVM creates
 *       that file (atomically), so that across JVMs (executors, a relaunched driver) the point fires once;</li>
 *   <li>{@code -Deos.test.delay=<point>:<millis>[@qualifiers]} ({@code EOS_TEST_DELAY}): sleep there, e.g. to slow
 *       one task attempt so that Spark starts a speculative one.</li>
 * </ul>
 * Unarmed, {@link #reach} is one check of a static final field. A malformed setting fails the class's loading with
 * the setting's name and the problem (a test that misspells a point fails instead of silently not crashing).
 */
public final class CrashPoints {

    /** The exit status of a halt at a crash point: that of a process killed by SIGKILL. */
    public static final int EXIT_STATUS = 137;
    /** The system property that arms crash points. */
    public static final String CRASH = "eos.test.crash";
    /** The system property that arms delay points. */
    public static final String DELAY = "eos.test.delay";
    /** The system property naming the file that makes a crash point fire once across JVMs. */
    public static final String ONCE_FILE = "eos.test.crash.once-file";

    private static final CrashPlan PLAN = CrashPlan.parse(setting(CRASH), setting(DELAY), setting(ONCE_FILE));

    static {
        if (PLAN != null && PLAN.arms(CrashPoint.CHECKPOINT_WRITE)) {
            // every Hadoop Configuration of this JVM, made before or after, then uses CrashPointFileSystem for file:
            Configuration.addDefaultResource(CrashPointFileSystem.RESOURCE);
        }
        if (PLAN != null && (PLAN.arms(CrashPoint.CHECKPOINT_WRITE) || PLAN.arms(CrashPoint.BEFORE_CHECKPOINT))) {
            // and every Structured Streaming query's checkpoint is written through CrashPointCheckpointFileManager
            Configuration.addDefaultResource(CrashPointCheckpointFileManager.RESOURCE);
        }
    }

    private CrashPoints() {
    }

    /**
     * Makes the settings take effect (the checkpoint file system and checkpoint file manager of {@code checkpoint-write}
     * and {@code before-checkpoint} are installed before any checkpoint is written). Call early on the driver, before
     * Spark starts; does nothing when nothing is armed.
     */
    public static void init() {
        // loading the class reads the settings
    }

    /** Whether any crash or delay point is armed in this JVM. */
    public static boolean armed() {
        return PLAN != null;
    }

    /** Reaches a point whose batch, partition and attempt are unknown or irrelevant. */
    public static void reach(CrashPoint point) {
        if (PLAN != null) {
            act(point, CrashPlan.Occurrence.UNKNOWN);
        }
    }

    /** Reaches a point of one batch (its time in epoch milliseconds) on the driver. */
    public static void reach(CrashPoint point, long batchTime) {
        if (PLAN != null) {
            act(point, new CrashPlan.Occurrence(batchTime, -1, -1));
        }
    }

    /** Reaches a point of one partition of one batch, in a task's attempt. */
    public static void reach(CrashPoint point, long batchTime, int partition, int attempt) {
        if (PLAN != null) {
            act(point, new CrashPlan.Occurrence(batchTime, partition, attempt));
        }
    }

    private static void act(CrashPoint point, CrashPlan.Occurrence occurrence) {
        CrashPlan.Action action = PLAN.at(point, occurrence);
        if (action.sleepMillis() > 0) {
            System.err.println("EOS delay point " + point + " reached, sleeping " + action.sleepMillis() + " ms"
                    + occurrence.describe());
            try {
                Thread.sleep(action.sleepMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (action.halt()) {
            System.err.println("EOS crash point " + point + " reached, halting" + occurrence.describe());
            System.err.flush();
            System.out.flush();
            Runtime.getRuntime().halt(EXIT_STATUS);
        }
    }

    private static String setting(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            value = System.getenv(property.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_'));
        }
        return value;
    }
}
