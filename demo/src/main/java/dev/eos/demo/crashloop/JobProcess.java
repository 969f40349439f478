package dev.eos.demo.crashloop;

import dev.eos.runtime.Progress;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * One run of the job in a child JVM, started by a {@link JobLauncher}. Its stdout and stderr go, line by line, to
 * the launcher's log file; the progress lines on stdout are parsed ({@link Progress.Line#parse}) as they arrive, and
 * the line a run prints on stderr when it halts at a crash point is kept ({@link #crashPointLine}).
 */
public final class JobProcess {

    /** The exit code of a JVM ended by SIGKILL (128 + 9). */
    public static final int SIGKILL_EXIT = 137;
    /** How the line starts that a JVM prints on stderr when it halts at a crash point. */
    static final String CRASH_POINT_LINE = "EOS crash point ";

    private final int run;
    private final Process process;
    private final Writer log;
    private final List<Thread> readers = new CopyOnWriteArrayList<>();
    private final List<Progress.Line> progress = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();
    private volatile String crashPointLine;
    private final long startedNanos = System.nanoTime();

    private JobProcess(int run, Process process, Writer log) {
        this.run = run;
        this.process = process;
        this.log = log;
    }

    static JobProcess start(int run, List<String> command, String display, Path workDir, Writer log)
            throws IOException {
        synchronized (log) {
            log.write("==== run " + run + " at " + Instant.now() + ": " + display + "\n");
            log.flush();
        }
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
        Process process = builder.start();
        process.getOutputStream().close();
        JobProcess job = new JobProcess(run, process, log);
        job.read(process.getInputStream(), "stdout", true);
        job.read(process.getErrorStream(), "stderr", false);
        synchronized (log) {
            log.write("==== run " + run + " is pid " + process.pid() + "\n");
            log.flush();
        }
        return job;
    }

    private void read(InputStream stream, String name, boolean parseProgress) {
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (parseProgress) {
                        Optional<Progress.Line> parsed = Progress.Line.parse(line);
                        if (parsed.isPresent()) {
                            onProgress(parsed.get());
                        }
                    } else if (line.startsWith(CRASH_POINT_LINE) && line.contains(" reached, halting")) {
                        crashPointLine = line;
                    }
                    synchronized (log) {
                        log.write(line);
                        log.write('\n');
                        log.flush();
                    }
                }
            } catch (IOException e) {
                // the log or the pipe closed: nothing more to read
            }
        }, "eos-child-" + run + "-" + name);
        reader.setDaemon(true);
        readers.add(reader);
        reader.start();
    }

    private void onProgress(Progress.Line line) {
        synchronized (lock) {
            progress.add(line);
            lock.notifyAll();
        }
    }

    /** 1 for the first run, 2 for the first restart, and so on. */
    public int run() {
        return run;
    }

    public long startedNanos() {
        return startedNanos;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Progress lines printed so far by this run. */
    public int progressCount() {
        return progress.size();
    }

    public List<Progress.Line> progress() {
        return List.copyOf(progress);
    }

    /**
     * Waits until this run has printed {@code count} progress lines and returns the {@code count}-th (1 for the
     * first); fails when the run ends before or the timeout passes.
     */
    public Progress.Line awaitProgress(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (progress.size() < count) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0 || !process.isAlive()) {
                    throw new IllegalStateException("run " + run + " printed " + progress.size() + " of " + count
                            + " progress lines " + (process.isAlive() ? "within " + timeout
                            : "before it ended with exit code " + process.exitValue()));
                }
                lock.wait(Math.min(left, 100));
            }
            return progress.get(count - 1);
        }
    }

    public Optional<Progress.Line> lastProgress() {
        List<Progress.Line> all = progress;
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /**
     * The line this run printed on stderr when it halted at a crash point
     * ({@code EOS crash point <point> reached, halting ...}), once its output has been read to the end.
     */
    public Optional<String> crashPointLine() {
        return Optional.ofNullable(crashPointLine);
    }

    /** Ends the child with SIGKILL ({@link Process#destroyForcibly()} on Linux) and waits for it; the exit code. */
    public int kill(Duration timeout) throws InterruptedException {
        process.destroyForcibly();
        return awaitExit(timeout);
    }

    /** Asks the child to stop with SIGTERM, waits up to {@code timeout}; -1 when it is still running. */
    public int terminate(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return -1;
        }
        return awaitExit(Duration.ofSeconds(10));
    }

    /** Waits for the child to end and for its output to be read to the end; its exit code. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("child JVM " + process.pid() + " did not end within " + timeout);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (Thread reader : readers) {
            reader.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        }
        int code = process.exitValue();
        synchronized (log) {
            try {
                log.write("==== run " + run + " (pid " + process.pid() + ") ended with exit code " + code + "\n");
                log.flush();
            } catch (IOException ignored) {
                // the log is best effort
            }
        }
        return code;
    }

    public int exitCode() {
        return process.exitValue();
    }
}
