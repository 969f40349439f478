package dev.eos.runtime.demo;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Runs a job in a child JVM, keeps events arriving, kills the child with SIGKILL at chosen moments, restarts it
 * from its checkpoint, and finally compares what the sink holds with what was produced.
 *
 * <h2>The loop</h2>
 * <ol>
 *   <li>Writes the job's configuration ({@code job.properties} in the work directory: the given keys, the
 *       feeder's source keys, {@code eos.checkpoint.dir} under the work directory unless given, a 1 s batch
 *       interval unless given) and starts {@code java <flags> -cp <classpath> dev.eos.runtime.Main run
 *       job.properties}. The child's output goes to {@code job.log} in the work directory.</li>
 *   <li>Once the first progress line shows the job is running, a feeder thread hands a group of new events to the
 *       {@link EventFeeder} at a steady pace, until the end, also while the job is down.</li>
 *   <li>For each crash: after a random uptime, aims at a {@link KillPoint}: right after a progress line of a batch
 *       that wrote something (after the write, before the checkpoint); while the sink's count has grown since the
 *       last progress line (mid-write); or right after new events arrived and nothing of the next batch was
 *       written (before a write). SIGKILLs the child, checks it died of SIGKILL (exit code 137), and restarts it
 *       from the same checkpoint. Where the kill landed is judged from what was stored at the kill and from the
 *       restarted run's first batch: Spark re-runs first the batches whose completion the checkpoint lacks, so a
 *       batch killed after its write and before its checkpoint comes back.</li>
 *   <li>Stops feeding, waits until the sink holds every produced event (or the drain timeout passes), stops the
 *       job with SIGTERM, reads the sink and returns the {@link Verdict}.</li>
 * </ol>
 * Every wait is a poll against a deadline; a child that dies on its own or never starts ends the loop with a
 * problem in the verdict that names the log file.
 *
 * <p>Not thread-safe: one {@link #run()} at a time.
 */
public final class CrashLoop {

    private final Builder config;
    private final SplittableRandom random;
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private final List<ProgressLine> allProgress = new ArrayList<>();

    private CrashLoop(Builder config) {
        this.config = config;
        this.random = new SplittableRandom(config.seed);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Runs the loop; the verdict says what happened, including failures of the job or of the loop itself. */
    public Verdict run() throws Exception {
        long started = System.nanoTime();
        Path workDir = config.workDir.toAbsolutePath();
        Path logFile = workDir.resolve("job.log");
        EventFeeder feeder = config.feeder != null ? config.feeder : new FilesEventFeeder(workDir.resolve("input"));
        feeder.prepare();
        Path jobConfig = writeJobConfig(workDir, feeder);

        List<Crash> crashes = new ArrayList<>();
        int survived = 0;
        Feeding feeding = new Feeding(feeder, new Events(config.seed), config.eventsPerFeed, config.feedInterval,
                problems);
        JobLauncher.Builder launch = JobLauncher.builder(workDir).heap(config.childHeap).mainClass(config.mainClass);
        if (config.classpath != null) {
            launch.classpath(config.classpath);
        }
        if (config.jvmFlags != null) {
            launch.jvmFlags(config.jvmFlags);
        }
        config.extraJvmOptions.forEach(launch::extraJvmOption);
        try (JobLauncher launcher = launch.build()) {
            JobProcess job = null;
            try {
                config.narrator.accept("starting the job; its output goes to " + logFile);
                job = launcher.start(jobConfig);
                awaitRunning(job);
                config.narrator.accept("the job is running (pid " + job.pid() + "); producing events");
                feeding.start();
                List<KillPoint> plan = killPlan();
                for (int i = 0; i < plan.size(); i++) {
                    awaitUptime(job);
                    Kill kill = aimAndKill(i + 1, plan.get(i), job, feeding);
                    crashes.add(kill.provisional());
                    collect(job);
                    job = launcher.start(jobConfig);
                    awaitRunning(job);
                    Crash crash = kill.confirm(job.progress().get(0));
                    crashes.set(i, crash);
                    survived++;
                    config.narrator.accept("crash " + crash.number() + ": SIGKILL " + crash.hit().text() + " (pid "
                            + crash.pid() + ", exit " + crash.exitCode() + "); restarted from the checkpoint");
                }
                feeding.stop();
                config.narrator.accept("stopped producing after " + feeding.produced().size()
                        + " events; waiting for the job to catch up");
                awaitDrained(job, feeding.produced(), feeding.lastFeedMillis());
                int code = job.terminate(config.stopTimeout);
                if (code < 0) {
                    problems.add("the job did not stop within " + config.stopTimeout.toSeconds()
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
        return verdict(feeding.produced(), crashes, survived, logFile, Duration.ofNanos(System.nanoTime() - started));
    }

    private Path writeJobConfig(Path workDir, EventFeeder feeder) throws IOException {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("eos.checkpoint.dir", workDir.resolve("checkpoint").toString());
        properties.put("eos.batch.interval", "1s");
        properties.putAll(feeder.sourceProperties());
        properties.putAll(config.jobProperties);
        Properties file = new Properties();
        file.putAll(properties);
        Path path = workDir.resolve("job.properties");
        try (Writer out = Files.newBufferedWriter(path, StandardCharsets.UTF_8)) {
            file.store(out, "written by the EOS crash loop");
        }
        return path;
    }

    private List<KillPoint> killPlan() {
        if (!config.killPoints.isEmpty()) {
            List<KillPoint> plan = new ArrayList<>();
            for (int i = 0; i < config.crashes; i++) {
                plan.add(config.killPoints.get(i % config.killPoints.size()));
            }
            return plan;
        }
        KillPoint[] all = KillPoint.values();
        int offset = random.nextInt(all.length);
        List<KillPoint> plan = new ArrayList<>();
        for (int i = 0; i < config.crashes; i++) {
            plan.add(all[(offset + i) % all.length]);
        }
        return plan;
    }

    private void awaitRunning(JobProcess job) throws InterruptedException {
        await(job, config.startTimeout, () -> job.progressCount() > 0,
                "run " + job.run() + " printed no progress line within " + config.startTimeout.toSeconds() + " s");
    }

    private void awaitUptime(JobProcess job) throws InterruptedException {
        long min = config.minUptime.toMillis();
        long uptime = min + random.nextLong(Math.max(1, config.maxUptime.toMillis() - min));
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(uptime);
        await(job, config.maxUptime.plusSeconds(5), () -> System.nanoTime() >= until, "unreachable");
    }

    private Kill aimAndKill(int number, KillPoint aim, JobProcess job, Feeding feeding) throws Exception {
        long startedAt = job.startedNanos();
        long deadline = System.nanoTime() + config.aimTimeout.toNanos();
        int progressAtDecision;
        long countAtDecision = -1;
        Optional<ProgressLine> trigger = Optional.empty();
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
                    fallback = "no batch wrote anything within " + config.aimTimeout.toSeconds() + " s";
                    countAtDecision = safeCount();
                }
            }
            case MID_WRITE -> {
                int seen = job.progressCount();
                long baseline = safeCount();
                while (true) {
                    if (!job.isAlive() || System.nanoTime() >= deadline) {
                        fallback = "no batch caught in flight within " + config.aimTimeout.toSeconds() + " s";
                        countAtDecision = baseline;
                        progressAtDecision = seen;
                        break;
                    }
                    int now = job.progressCount();
                    if (now != seen) {
                        seen = now;
                        baseline = safeCount();
                        continue;
                    }
                    long count = safeCount();
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
                long baseline = safeCount();
                long fedAtProgress = feeding.feeds();
                boolean fired = false;
                while (job.isAlive() && System.nanoTime() < deadline) {
                    int now = job.progressCount();
                    if (now != seen) {
                        seen = now;
                        baseline = safeCount();
                        fedAtProgress = feeding.feeds();
                    } else if (feeding.feeds() > fedAtProgress && safeCount() == baseline
                            && job.progressCount() == seen) {
                        fired = true;
                        break;
                    }
                    pause();
                }
                if (!fired) {
                    fallback = "no quiet moment with new events within " + config.aimTimeout.toSeconds() + " s";
                }
                progressAtDecision = seen;
                countAtDecision = baseline;
            }
        }
        if (!job.isAlive() && trigger.isEmpty()) {
            throw new LoopFailure("run " + job.run() + " ended on its own with exit code " + job.awaitExit(
                    Duration.ofSeconds(10)) + " before crash " + number + "; see " + config.workDir.resolve("job.log"));
        }
        int exitCode = job.kill(Duration.ofSeconds(30));
        if (exitCode != JobProcess.SIGKILL_EXIT) {
            problems.add("crash " + number + ": the child exited with " + exitCode + ", not 137 (SIGKILL)");
        }
        long uptime = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt);
        Optional<ProgressLine> finished = trigger.isPresent() ? trigger
                : job.progressCount() > progressAtDecision ? job.lastProgress() : Optional.empty();
        long partial = finished.isPresent() ? 0 : Math.max(0, config.sinkState.storedCount() - countAtDecision);
        return new Kill(number, aim, job.pid(), exitCode, uptime, fallback, finished, partial);
    }

    /**
     * What is known when the child has died; where the kill landed is settled by the restarted run's first batch:
     * Spark re-runs, in time order, the batches whose completion the checkpoint had not recorded.
     */
    private record Kill(int number, KillPoint aim, long pid, int exitCode, long uptime, String fallback,
                        Optional<ProgressLine> finished, long partialRecords) {

        /** The judgement before the restart, in case the restart fails. */
        Crash provisional() {
            KillPoint hit = finished.isPresent() ? KillPoint.AFTER_WRITE_BEFORE_CHECKPOINT
                    : partialRecords > 0 ? KillPoint.MID_WRITE : KillPoint.BEFORE_WRITE;
            return new Crash(number, aim, hit, pid, exitCode, uptime, "not restarted");
        }

        Crash confirm(ProgressLine first) {
            String prefix = fallback == null ? "" : "(" + fallback + ") ";
            if (finished.isPresent()) {
                ProgressLine batch = finished.get();
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

        private static String stored(ProgressLine first) {
            return first.duplicates() > 0 ? ", " + first.duplicates() + " found already stored" : "";
        }
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
        while (System.nanoTime() - stalledSince < config.drainTimeout.toNanos()) {
            if (!job.isAlive()) {
                throw new LoopFailure("run " + job.run() + " ended on its own with exit code "
                        + job.awaitExit(Duration.ofSeconds(10)) + " while draining; see "
                        + config.workDir.resolve("job.log"));
            }
            List<ProgressLine> later = job.progress().stream().filter(l -> l.time() > lastFeedMillis).toList();
            boolean idle = later.size() >= 3 && later.get(later.size() - 1).records() == 0
                    && later.get(later.size() - 2).records() == 0;
            List<String> stored;
            try {
                stored = config.sinkState.storedPayloads();
            } catch (Exception e) {
                TimeUnit.MILLISECONDS.sleep(250); // the backend is busy or a batch is half-listed: look again
                continue;
            }
            if (new HashSet<>(stored).containsAll(expected)) {
                return;
            }
            if (idle) {
                config.narrator.accept("the job is idle and the sink still lacks events");
                return;
            }
            if (stored.size() != lastCount) {
                lastCount = stored.size();
                stalledSince = System.nanoTime();
            }
            TimeUnit.MILLISECONDS.sleep(250);
        }
        problems.add("the sink stopped growing for " + config.drainTimeout.toSeconds()
                + " s without holding every produced event");
    }

    private void await(JobProcess job, Duration timeout, BooleanSupplier condition, String failure)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (!job.isAlive()) {
                throw new LoopFailure("run " + job.run() + " ended on its own with exit code "
                        + job.awaitExit(Duration.ofSeconds(10)) + "; see " + config.workDir.resolve("job.log"));
            }
            if (System.nanoTime() >= deadline) {
                throw new LoopFailure(failure + "; see " + config.workDir.resolve("job.log"));
            }
            pause();
        }
    }

    private long safeCount() {
        try {
            return config.sinkState.storedCount();
        } catch (Exception e) {
            throw new LoopFailure("reading the sink's state failed: " + e);
        }
    }

    private static void pause() throws InterruptedException {
        TimeUnit.MILLISECONDS.sleep(2);
    }

    private void collect(JobProcess job) {
        allProgress.addAll(job.progress());
    }

    private Verdict verdict(List<String> produced, List<Crash> crashes, int survived, Path log, Duration elapsed) {
        List<String> stored;
        try {
            stored = config.sinkState.storedPayloads();
        } catch (Exception e) {
            problems.add("reading the sink's final state failed: " + e);
            stored = List.of();
        }
        Map<String, Integer> copies = new HashMap<>();
        for (String payload : stored) {
            copies.merge(payload, 1, Integer::sum);
        }
        Set<String> producedSet = new HashSet<>(produced);
        long duplicates = 0;
        List<String> duplicated = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        long unexpectedCount = 0;
        for (Map.Entry<String, Integer> entry : copies.entrySet()) {
            if (!producedSet.contains(entry.getKey())) {
                unexpectedCount += entry.getValue();
                if (unexpected.size() < Verdict.SAMPLE) {
                    unexpected.add(entry.getKey());
                }
            } else if (entry.getValue() > 1) {
                duplicates += entry.getValue() - 1;
                if (duplicated.size() < Verdict.SAMPLE) {
                    duplicated.add(entry.getValue() + " copies: " + entry.getKey());
                }
            }
        }
        long missing = 0;
        List<String> missed = new ArrayList<>();
        for (String payload : produced) {
            if (!copies.containsKey(payload)) {
                missing++;
                if (missed.size() < Verdict.SAMPLE) {
                    missed.add(payload);
                }
            }
        }
        long replayed = allProgress.stream().mapToLong(ProgressLine::duplicates).sum();
        return new Verdict(produced.size(), stored.size(), duplicates, missing, unexpectedCount, config.crashes,
                crashes, survived, replayed, allProgress.size(), duplicated, missed, unexpected, problems, config.seed, log,
                elapsed);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // end of the run: nothing to do about it
        }
    }

    /** The loop cannot go on: the job died on its own, never started, or its state cannot be read. */
    private static final class LoopFailure extends RuntimeException {
        LoopFailure(String message) {
            super(message);
        }
    }

    /** The feeder thread: a group of new events every interval, until stopped. */
    private static final class Feeding {
        private final EventFeeder feeder;
        private final Events events;
        private final int perFeed;
        private final Duration interval;
        private final List<String> problems;
        private final List<String> produced = new CopyOnWriteArrayList<>();
        private final AtomicLong feeds = new AtomicLong();
        private volatile boolean running;
        private volatile long lastFeedMillis;
        private Thread thread;

        Feeding(EventFeeder feeder, Events events, int perFeed, Duration interval, List<String> problems) {
            this.feeder = feeder;
            this.events = events;
            this.perFeed = perFeed;
            this.interval = interval;
            this.problems = problems;
        }

        void start() {
            running = true;
            thread = new Thread(this::loop, "eos-crash-loop-feeder");
            thread.setDaemon(true);
            thread.start();
        }

        private void loop() {
            long next = System.nanoTime();
            while (running) {
                List<String> group = events.next(perFeed);
                try {
                    feeder.feed(group);
                } catch (Exception e) {
                    problems.add("the feeder failed: " + e);
                    running = false;
                    return;
                }
                produced.addAll(group);
                lastFeedMillis = System.currentTimeMillis();
                feeds.incrementAndGet();
                next += interval.toNanos();
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
            }
        }

        long feeds() {
            return feeds.get();
        }

        long lastFeedMillis() {
            return lastFeedMillis;
        }

        void stop() throws InterruptedException {
            running = false;
            if (thread != null) {
                thread.join(TimeUnit.SECONDS.toMillis(30));
            }
        }

        List<String> produced() {
            return List.copyOf(produced);
        }
    }

    /** The loop's settings. Required: {@link #workDir} and {@link #sinkState}; the sink's keys in {@link #jobProperties}. */
    public static final class Builder {
        private Path workDir;
        private final Map<String, String> jobProperties = new LinkedHashMap<>();
        private EventFeeder feeder;
        private SinkStateReader sinkState;
        private int crashes = 3;
        private long seed = System.nanoTime();
        private List<KillPoint> killPoints = List.of();
        private String classpath;
        private List<String> jvmFlags;
        private final List<String> extraJvmOptions = new ArrayList<>();
        private String childHeap = "1g";
        private String mainClass = "dev.eos.runtime.Main";
        private int eventsPerFeed = 10;
        private Duration feedInterval = Duration.ofMillis(200);
        private Duration minUptime = Duration.ofMillis(500);
        private Duration maxUptime = Duration.ofMillis(2500);
        private Duration startTimeout = Duration.ofSeconds(120);
        private Duration aimTimeout = Duration.ofSeconds(20);
        private Duration drainTimeout = Duration.ofSeconds(60);
        private Duration stopTimeout = Duration.ofSeconds(30);
        private Consumer<String> narrator = line -> { };

        private Builder() {
        }

        /** Where the loop keeps the job's configuration, input, checkpoint, scratch space and {@code job.log}. */
        public Builder workDir(Path dir) {
            this.workDir = dir;
            return this;
        }

        /** Job keys: at least {@code eos.sink} and the sink's options; any {@code eos.*} key may be overridden. */
        public Builder jobProperties(Map<String, String> properties) {
            this.jobProperties.putAll(properties);
            return this;
        }

        public Builder jobProperty(String key, String value) {
            this.jobProperties.put(key, value);
            return this;
        }

        /** Where events go; default a {@link FilesEventFeeder} on {@code <workDir>/input}. */
        public Builder feeder(EventFeeder feeder) {
            this.feeder = feeder;
            return this;
        }

        public Builder sinkState(SinkStateReader reader) {
            this.sinkState = reader;
            return this;
        }

        /** How many SIGKILLs; default 3. */
        public Builder crashes(int crashes) {
            if (crashes < 0) {
                throw new IllegalArgumentException("crashes must not be negative");
            }
            this.crashes = crashes;
            return this;
        }

        /** Seeds the events, the uptimes and the order of kill points; same seed, same plan. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** The kill points to aim at, in turn; default all three, in an order drawn from the seed. */
        public Builder killPoints(List<KillPoint> points) {
            this.killPoints = List.copyOf(points);
            return this;
        }

        /** The child's class path; default this JVM's. */
        public Builder classpath(String classpath) {
            this.classpath = classpath;
            return this;
        }

        /** The child's JVM flags; default {@code -Deos.jvm.flags}, else this JVM's module flags, else the built-in set. */
        public Builder jvmFlags(List<String> flags) {
            this.jvmFlags = List.copyOf(flags);
            return this;
        }

        /** More options for the child JVM, such as {@code -Dspark.some.conf=value}. */
        public Builder extraJvmOption(String option) {
            this.extraJvmOptions.add(option);
            return this;
        }

        /** The child's maximum heap ({@code -Xmx}); default {@code 1g}. */
        public Builder childHeap(String heap) {
            this.childHeap = heap;
            return this;
        }

        /** The class whose {@code main(run, CONFIG)} runs the job; default {@code dev.eos.runtime.Main}. */
        public Builder mainClass(String mainClass) {
            this.mainClass = mainClass;
            return this;
        }

        /** Events per feed (default 10) and the pause between feeds (default 200 ms). */
        public Builder feedRate(int eventsPerFeed, Duration interval) {
            this.eventsPerFeed = eventsPerFeed;
            this.feedInterval = interval;
            return this;
        }

        /** How long a run stays up before the loop starts aiming its kill: a random time in this range. */
        public Builder uptime(Duration min, Duration max) {
            if (max.compareTo(min) < 0) {
                throw new IllegalArgumentException("max uptime below min uptime");
            }
            this.minUptime = min;
            this.maxUptime = max;
            return this;
        }

        /** How long a run may take to print its first progress line; default 120 s. */
        public Builder startTimeout(Duration timeout) {
            this.startTimeout = timeout;
            return this;
        }

        /** How long to try for the aimed kill point before killing anyway; default 20 s. */
        public Builder aimTimeout(Duration timeout) {
            this.aimTimeout = timeout;
            return this;
        }

        /**
         * How long the sink may go without growing, after the last event was produced, before the loop gives up on
         * the events still missing; default 60 s.
         */
        public Builder drainTimeout(Duration timeout) {
            this.drainTimeout = timeout;
            return this;
        }

        /** Receives one line per step (a crash, the drain), for a console. */
        public Builder narrator(Consumer<String> narrator) {
            this.narrator = Objects.requireNonNull(narrator);
            return this;
        }

        public CrashLoop build() {
            Objects.requireNonNull(workDir, "workDir");
            Objects.requireNonNull(sinkState, "sinkState");
            return new CrashLoop(this);
        }
    }
}
