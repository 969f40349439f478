package dev.eos.demo.crashloop;

import dev.eos.runtime.crash.CrashPoint;

/**
 * One death of the job's JVM: at an armed {@link CrashPoint} (the JVM halted itself there, as SIGKILL would), or by
 * a SIGKILL from the loop at a random moment.
 *
 * @param number 1 for the first crash
 * @param run the run that died (1 for the first JVM)
 * @param point the crash point the run was armed for and halted at; null for a random SIGKILL
 * @param pid the dead JVM's process id
 * @param exitCode the JVM's exit code: 137 (128 + SIGKILL, also what a crash point halts with)
 * @param uptimeMillis how long the run had been up
 * @param evidence what shows where it died: the run's own line at a crash point, or the batches it had done
 */
public record Crash(int number, int run, CrashPoint point, long pid, int exitCode, long uptimeMillis,
                    String evidence) {

    /** How the verdict names it: {@code crash point before-commit} or {@code random SIGKILL}. */
    public String what() {
        return point == null ? "random SIGKILL" : "crash point " + point.pointName();
    }
}
