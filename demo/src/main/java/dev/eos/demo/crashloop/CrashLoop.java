package dev.eos.demo.crashloop;

import dev.eos.runtime.Progress;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.EnumSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Runs a job in a child JVM, keeps events arriving, kills the child with SIGKILL at chosen moments, restarts it
 * from its checkpoint, and finally compares what the sink holds with what was produced.
 *
 * <h2>The loop</h2>
 * <ol>
 *   <li>Writes the job's configuration ({@code job.properties} in the work directory: the given keys, the
 *       feeder's source keys, {@code eos.checkpoint.dir} under the work directory unless given, a 1 s batch
 *       interval unless given) and starts the job with a {@link JobLauncher}. The child's output goes to
 *       {@code job.log} in the work directory.</li>
 *   <li>Once the first progress line shows the job is running, the {@link Feeding} thread hands a group of new
 *       events to the {@link EventFeeder} at a steady pace, until the end, also while the job is down.</li>
 *   <li>For each crash: after a random uptime, the {@link KillAimer} aims at a {@link KillPoint} and SIGKILLs the
 *       child, checks it died of SIGKILL (exit code 137), and the loop restarts it from the same checkpoint. Where
 *       the kill landed is settled by the restarted run's first batch: Spark re-runs first the batches whose
 *       completion the checkpoint lacks, so a batch killed after its write and before its checkpoint comes
 *       back.</li>
 *   <li>Stops feeding, waits until the sink holds every produced event (or the drain timeout passes), stops the
 *       job with SIGTERM, reads the sink and has the {@link Judge} return the {@link Verdict}.</li>
 * </ol>
 * Every wait is a poll against a deadline; a child that dies on its own or never starts ends the loop with a
 * problem in the verdict that names the log file.
 *
 * <p>Not thread-safe: one {@link #run()} at a time.
 */
public final class CrashLoop {

    private final CrashLoopOptions options;
    private final SplittableRandom random;
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private final List<Progress.Line> allProgress = new ArrayList<>();

    CrashLoop(CrashLoopOptions options) {
        this.options = options;
        this.random = new SplittableRandom(options.seed);
    }

    /** The loop's settings; {@link CrashLoopOptions#build()} makes the loop. */
    public static CrashLoopOptions builder() {
        return new CrashLoopOptions();
    }

    /** Runs the loop; the verdict says what happened, including failures of the job or of the loop itself. */
    public Verdict run() throws Exception {
        long started = System.nanoTime();
        Path workDir = options.workDir.toAbsolutePath();
        Path logFile = options.log();
        EventFeeder feeder = options.feeder != null ? options.feeder : new FilesEventFeeder(workDir.resolve("input"));
        feeder.prepare();
        Path jobConfig = writeJobConfig(workDir, feeder);

        List<Crash> crashes = new ArrayList<>();
        int survived = 0;
        Feeding feeding = new Feeding(feeder, new Events(options.seed), options.eventsPerFeed, options.feedInterval,
                problems);
        KillAimer aimer = new KillAimer(options.sinkState, options.aimTimeout, problems, logFile.toString());
        try (JobLauncher launcher = JobLauncher.open(workDir, options.jvm())) {
            JobProcess job = null;
            try {
                options.narrator.accept("starting the job; its output goes to " + logFile);
                job = launcher.start(jobConfig);
                awaitRunning(job);
                options.narrator.accept("the job is running (pid " + job.pid() + "); producing events");
                feeding.start();
                List<KillPoint> plan = new ArrayList<>(killPlan());
                Set<KillPoint> aimedAt = plan.isEmpty() ? EnumSet.noneOf(KillPoint.class) : EnumSet.copyOf(plan);
                for (int i = 0; i < plan.size(); i++) {
                    awaitUptime(job);
                    KillAimer.Kill kill = aimer.aimAndKill(i + 1, plan.get(i), job, feeding);
                    crashes.add(kill.provisional());
                    collect(job);
                    job = launcher.start(jobConfig);
                    awaitRunning(job);
                    Crash crash = kill.confirm(job.progress().get(0));
                    crashes.set(i, crash);
                    survived++;
                    options.narrator.accept("crash " + crash.number() + ": SIGKILL " + crash.hit().text() + " (pid "
                            + crash.pid() + ", exit " + crash.exitCode() + "); restarted from the checkpoint");
                    Optional<KillPoint> missed = missed(aimedAt, crashes);
                    if (i == plan.size() - 1 && missed.isPresent() && plan.size() < options.crashes + MAX_REAIMS) {
                        options.narrator.accept("no kill landed " + missed.get().text() + " yet; aiming there again");
                        plan.add(missed.get());
                    }
                }
                feeding.stop();
                options.narrator.accept("stopped producing after " + feeding.produced().size()
                        + " events; waiting for the job to catch up");
                awaitDrained(job, feeding.produced(), feeding.lastFeedMillis());
                int code = job.terminate(options.stopTimeout);
                if (code < 0) {
                    problems.add("the job did not stop within " + options.stopTimeout.toSeconds()
                            + " s of SIGTERM; killed it");
                    job.kill(Duration.ofSeconds(30));
                }
                collect(job);
            } catch (LoopFailure e) {
                problems.add(e.getMessage());
            } finally {
                feeding.stop();
                if (job != null && job.isAlive()) {
                    job.kill(Duration.ofSeconds(30));
                    collect(job);
                }
                closeQuietly(feeder);
            }
        }
        return Judge.verdict(feeding.produced(), storedAtTheEnd(), allProgress, Math.max(options.crashes,
                        crashes.size()), crashes, survived,
                problems, options.seed, logFile, Duration.ofNanos(System.nanoTime() - started));
    }

    private Path writeJobConfig(Path workDir, EventFeeder feeder) throws IOException {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("eos.checkpoint.dir", workDir.resolve("checkpoint").toString());
        properties.put("eos.batch.interval", "1s");
        properties.putAll(feeder.sourceProperties());
        properties.putAll(options.jobProperties);
        Properties file = new Properties();
        file.putAll(properties);
        Path path = workDir.resolve("job.properties");
        try (Writer out = Files.newBufferedWriter(path, StandardCharsets.UTF_8)) {
            file.store(out, "written by the EOS crash loop");
        }
        return path;
    }

    /**
     * How many crashes beyond the planned ones may be aimed again at a kill point no kill has landed on yet: the
     * aiming is by timing (see {@link KillAimer}), and a busy machine can make an aimed moment pass unseen.
     */
    private static final int MAX_REAIMS = 6;

    /** A kill point aimed at that no crash has hit so far. */
    private static Optional<KillPoint> missed(Set<KillPoint> aimedAt, List<Crash> crashes) {
        Set<KillPoint> missed = aimedAt.isEmpty() ? EnumSet.noneOf(KillPoint.class) : EnumSet.copyOf(aimedAt);
        crashes.forEach(c -> missed.remove(c.hit()));
        return missed.stream().findFirst();
    }

    private List<KillPoint> killPlan() {
        List<KillPoint> points = options.killPoints;
        int offset = 0;
        if (points.isEmpty()) {
            points = List.of(KillPoint.values());
            offset = random.nextInt(points.size());
        }
        List<KillPoint> plan = new ArrayList<>();
        for (int i = 0; i < options.crashes; i++) {
            plan.add(points.get((offset + i) % points.size()));
        }
        return plan;
    }

    private void awaitRunning(JobProcess job) throws InterruptedException {
        await(job, options.startTimeout, () -> job.progressCount() > 0,
                "run " + job.run() + " printed no progress line within " + options.startTimeout.toSeconds() + " s");
    }

    private void awaitUptime(JobProcess job) throws InterruptedException {
        long min = options.minUptime.toMillis();
        long uptime = min + random.nextLong(Math.max(1, options.maxUptime.toMillis() - min));
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(uptime);
        await(job, options.maxUptime.plusSeconds(5), () -> System.nanoTime() >= until, "unreachable");
    }

    /**
     * Waits until the sink holds every produced event; or the job is idle (two empty batches in a row, cut after
     * the last event was produced: whatever is missing by then is not coming); or the sink has stopped growing for
     * the drain timeout (a slow machine only makes the drain longer, as long as the job makes progress).
     */
    private void awaitDrained(JobProcess job, List<String> produced, long lastFeedMillis)
            throws InterruptedException {
        Set<String> expected = new HashSet<>(produced);
        long lastCount = -1;
        long stalledSince = System.nanoTime();
        while (System.nanoTime() - stalledSince < options.drainTimeout.toNanos()) {
            if (!job.isAlive()) {
                throw new LoopFailure("run " + job.run() + " ended on its own with exit code "
                        + job.awaitExit(Duration.ofSeconds(10)) + " while draining; see " + options.log());
            }
            List<Progress.Line> later = job.progress().stream().filter(l -> l.time() > lastFeedMillis).toList();
            boolean idle = later.size() >= 3 && later.get(later.size() - 1).records() == 0
                    && later.get(later.size() - 2).records() == 0;
            List<String> stored;
            try {
                stored = options.sinkState.storedPayloads();
            } catch (Exception e) {
                TimeUnit.MILLISECONDS.sleep(250); // the backend is busy or a batch is half-listed: look again
                continue;
            }
            if (new HashSet<>(stored).containsAll(expected)) {
                return;
            }
            if (idle) {
                options.narrator.accept("the job is idle and the sink still lacks events");
                return;
            }
            if (stored.size() != lastCount) {
                lastCount = stored.size();
                stalledSince = System.nanoTime();
            }
            TimeUnit.MILLISECONDS.sleep(250);
        }
        problems.add("the sink stopped growing for " + options.drainTimeout.toSeconds()
                + " s without holding every produced event");
    }

    private void await(JobProcess job, Duration timeout, BooleanSupplier condition, String failure)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (!job.isAlive()) {
                throw new LoopFailure("run " + job.run() + " ended on its own with exit code "
                        + job.awaitExit(Duration.ofSeconds(10)) + "; see " + options.log());
            }
            if (System.nanoTime() >= deadline) {
                throw new LoopFailure(failure + "; see " + options.log());
            }
            TimeUnit.MILLISECONDS.sleep(2);
        }
    }

    private void collect(JobProcess job) {
        allProgress.addAll(job.progress());
    }

    private List<String> storedAtTheEnd() {
        try {
            return options.sinkState.storedPayloads();
        } catch (Exception e) {
            problems.add("reading the sink's final state failed: " + e);
            return List.of();
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // end of the run: nothing to do about it
        }
    }
}
