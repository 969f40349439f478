package dev.eos.demo.crashloop;

import dev.eos.runtime.CheckpointLayout;
import dev.eos.runtime.Progress;
import dev.eos.runtime.crash.CrashPoint;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Runs a job in child JVMs, keeps events arriving, makes each run die at a planned place, restarts it from its
 * checkpoint, and finally compares what the sink holds with what was produced.
 *
 * <h2>The loop</h2>
 * <ol>
 *   <li>Writes the job's configuration ({@code job.properties} in the work directory: the given keys, the
 *       feeder's source keys, {@code eos.checkpoint.dir} under the work directory, a 2 s batch interval (a restarted job works off one batch
 *       per interval it was down: fewer, larger batches drain faster) and
 *       {@code spark.master=local[2,3]} (two task slots, a failed task tried up to three times), unless given) and
 *       plans the kills ({@link PlannedKill}): every {@link CrashPoint} asked for once and a number of random
 *       SIGKILLs, in an order drawn from the seed. The child's output goes to {@code job.log}.</li>
 *   <li>Starts one run per planned kill. A run armed for a crash point ({@code -Deos.test.crash=<point>}) halts
 *       itself there, exit code 137, after printing {@code EOS crash point <point> reached, halting}: the loop waits
 *       for that, and a run that ends otherwise, or does not reach its point within the point timeout, is a failure
 *       reported with its evidence. An unarmed run is SIGKILLed after a random uptime counted from its first
 *       progress line.</li>
 *   <li>Once the first run printed a progress line and its first checkpoint file is written (the stream is up, sees
 *       new input, and a restart recovers it), the {@link Feeding}
 *       thread hands a group of new events to the {@link EventFeeder} at a steady pace, until the end, also while
 *       the job is down.</li>
 *   <li>Starts a last, unarmed run, stops feeding, waits until the sink holds every produced event (or the drain
 *       timeout passes), stops the job with SIGTERM, reads the sink and has the {@link Judge} return the
 *       {@link Verdict}.</li>
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
    private int survived;
    private String checkpointDir;
    private boolean checkpointSeen;

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

        List<PlannedKill> plan = PlannedKill.plan(options.crashPoints, options.randomKills, random);
        List<Crash> crashes = new ArrayList<>();
        Feeding feeding = new Feeding(feeder, new Events(options.seed), options.eventsPerFeed, options.feedInterval,
                problems);
        try (JobLauncher launcher = JobLauncher.open(workDir, options.jvm())) {
            JobProcess job = null;
            try {
                options.narrator.accept("starting the job; its output goes to " + logFile + "; " + plan.size()
                        + " kills planned: " + plan.stream().map(k -> k.armed() ? k.point().pointName() : "random")
                        .collect(Collectors.joining(", ")));
                for (PlannedKill kill : plan) {
                    job = launcher.start(jobConfig, kill.jvmOptions());
                    Crash crash = kill.armed() ? awaitCrashPoint(crashes.size() + 1, kill.point(), job, feeding)
                            : killAtRandom(crashes.size() + 1, job, feeding);
                    collect(job, crashes.size());
                    crashes.add(crash);
                    options.narrator.accept("crash " + crash.number() + ": " + crash.what() + ", run " + crash.run()
                            + " (pid " + crash.pid() + ", exit " + crash.exitCode() + "): " + crash.evidence()
                            + "; restarting from the checkpoint");
                }
                job = launcher.start(jobConfig);
                awaitRunning(job, feeding);
                survived = crashes.size();
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
                collect(job, crashes.size());
            } catch (LoopFailure e) {
                problems.add(e.getMessage());
            } finally {
                feeding.stop();
                if (job != null && job.isAlive()) {
                    job.kill(Duration.ofSeconds(30));
                    collect(job, crashes.size());
                }
                closeQuietly(feeder);
            }
        }
        return Judge.verdict(feeding.produced(), storedAtTheEnd(), allProgress, plan.size(), crashes, survived,
                problems, options.seed, logFile, Duration.ofNanos(System.nanoTime() - started));
    }

    /**
     * Waits for a run armed for {@code point} to halt there (exit code 137 and its {@code EOS crash point} line);
     * anything else ends the loop with the evidence.
     */
    private Crash awaitCrashPoint(int number, CrashPoint point, JobProcess job, Feeding feeding)
            throws InterruptedException {
        long deadline = System.nanoTime() + options.pointTimeout.toNanos();
        while (job.isAlive()) {
            if (job.progressCount() > 0 && checkpointWritten()) {
                feeding.start();
            }
            if (System.nanoTime() >= deadline) {
                job.kill(Duration.ofSeconds(30));
                throw new LoopFailure("run " + job.run() + " was armed for crash point " + point + " and did not "
                        + "reach it within " + options.pointTimeout.toSeconds() + " s (" + batches(job)
                        + "); killed it; see " + options.log());
            }
            TimeUnit.MILLISECONDS.sleep(5);
        }
        int code = job.awaitExit(Duration.ofSeconds(30));
        long uptime = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - job.startedNanos());
        String line = job.crashPointLine().orElse(null);
        String expected = JobProcess.CRASH_POINT_LINE + point.pointName() + " reached, halting";
        if (code != JobProcess.SIGKILL_EXIT || line == null || !line.startsWith(expected)) {
            throw new LoopFailure("run " + job.run() + " was armed for crash point " + point + " and ended with exit "
                    + "code " + code + (line == null ? " without reaching it" : " after \"" + line + "\"") + " ("
                    + batches(job) + "); see " + options.log());
        }
        return new Crash(number, job.run(), point, job.pid(), code, uptime, line + "; " + batches(job));
    }

    /** SIGKILLs an unarmed run after a random uptime, counted from its first progress line. */
    private Crash killAtRandom(int number, JobProcess job, Feeding feeding) throws InterruptedException {
        awaitRunning(job, feeding);
        awaitUptime(job);
        int code = job.kill(Duration.ofSeconds(30));
        if (code != JobProcess.SIGKILL_EXIT) {
            problems.add("crash " + number + ": the child exited with " + code + ", not 137 (SIGKILL)");
        }
        long uptime = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - job.startedNanos());
        return new Crash(number, job.run(), null, job.pid(), code, uptime, batches(job));
    }

    /**
     * Whether the job's checkpoint directory holds a checkpoint of either engine ({@link CheckpointLayout}): from the
     * first one on, a restarted job resumes where its checkpoint says, and a structured query's file source reads every
     * file not yet in its log. Once true it stays true (the directory is the loop's); true when the directory is not a
     * local one.
     */
    private boolean checkpointWritten() {
        String dir = checkpointDir;
        if (checkpointSeen || dir.contains(":") && !dir.startsWith("file:")) {
            return true;
        }
        try (Stream<Path> files = Files.list(Path.of(dir.startsWith("file:") ? java.net.URI.create(dir).getPath()
                : dir))) {
            checkpointSeen = CheckpointLayout.of(files.map(f -> f.getFileName().toString()).toList()).isPresent();
        } catch (IOException e) {
            checkpointSeen = false;
        }
        return checkpointSeen;
    }

    /** What a run did: its batches, and how many had records. */
    private static String batches(JobProcess job) {
        List<Progress.Line> lines = job.progress();
        return lines.size() + " batch(es) done in the run, " + lines.stream().filter(l -> l.records() > 0).count()
                + " with records";
    }

    private Path writeJobConfig(Path workDir, EventFeeder feeder) throws IOException {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("eos.checkpoint.dir", workDir.resolve("checkpoint").toString());
        properties.put("eos.batch.interval", "2s");
        properties.put("spark.master", "local[2,3]");
        properties.putAll(feeder.sourceProperties());
        properties.putAll(options.jobProperties);
        checkpointDir = properties.get("eos.checkpoint.dir");
        Properties file = new Properties();
        file.putAll(properties);
        Path path = workDir.resolve("job.properties");
        try (Writer out = Files.newBufferedWriter(path, StandardCharsets.UTF_8)) {
            file.store(out, "written by the EOS crash loop");
        }
        return path;
    }

    /**
     * Waits for the run's first progress line and for the stream's first checkpoint (before it, a restart is a new
     * stream, which ignores the files already there: the guarantee starts with the first checkpoint); from then on
     * events are fed.
     */
    private void awaitRunning(JobProcess job, Feeding feeding) throws InterruptedException {
        await(job, options.startTimeout, () -> job.progressCount() > 0 && checkpointWritten(),
                "run " + job.run() + " printed no progress line or wrote no checkpoint within "
                        + options.startTimeout.toSeconds() + " s");
        feeding.start();
        if (job.run() == 1) {
            options.narrator.accept("the job is running (pid " + job.pid() + "); producing events");
        }
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
        SinkDrain.Outcome outcome = SinkDrain.await(options.sinkState, produced, options.drainTimeout, () -> {
            if (!job.isAlive()) {
                throw new LoopFailure("run " + job.run() + " ended on its own with exit code "
                        + job.awaitExit(Duration.ofSeconds(10)) + " while draining; see " + options.log());
            }
            List<Progress.Line> later = job.progress().stream().filter(l -> l.time() > lastFeedMillis).toList();
            return later.size() >= 3 && later.get(later.size() - 1).records() == 0
                    && later.get(later.size() - 2).records() == 0;
        });
        if (outcome == SinkDrain.Outcome.GAVE_UP) {
            options.narrator.accept("the job is idle and the sink still lacks events");
        } else if (outcome == SinkDrain.Outcome.STALLED) {
            problems.add(SinkDrain.stalled(options.drainTimeout));
        }
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

    /** Keeps the run's progress lines; a run that made progress survived the crashes before it. */
    private void collect(JobProcess job, int crashesBefore) {
        allProgress.addAll(job.progress());
        if (job.progressCount() > 0) {
            survived = Math.max(survived, crashesBefore);
        }
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
