package dev.eos.demo.crashloop;

/**
 * One SIGKILL of the job's driver.
 *
 * @param number 1 for the first crash
 * @param aimed where the loop tried to kill
 * @param hit where the kill landed, judged from the progress lines and the sink's state after the child died
 * @param pid the killed child's process id
 * @param exitCode the child's exit code: 137 (128 + SIGKILL)
 * @param uptimeMillis how long the killed run had been up
 * @param evidence what the judgement of {@code hit} rests on
 */
public record Crash(int number, KillPoint aimed, KillPoint hit, long pid, int exitCode, long uptimeMillis,
                    String evidence) {
}
