package dev.eos.demo.crashloop;

import dev.eos.runtime.crash.CrashPoint;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The crash loop's settings, set fluently and then {@link #build() built} into a {@link CrashLoop}. Required:
 * {@link #workDir} and {@link #sinkState}; the sink's keys in {@link #jobProperties}. How the job's JVM is started
 * is a {@link JobJvm}, the same settings a {@link JobLauncher} takes ({@link #jvm}).
 */
public final class CrashLoopOptions {

    Path workDir;
    final Map<String, String> jobProperties = new LinkedHashMap<>();
    EventFeeder feeder;
    SinkStateReader sinkState;
    int randomKills = 2;
    long seed = System.nanoTime();
    List<CrashPoint> crashPoints = List.of(CrashPoint.values());
    JobJvm jvm;
    int eventsPerFeed = 5;
    Duration feedInterval = Duration.ofMillis(250);
    Duration minUptime = Duration.ofMillis(500);
    Duration maxUptime = Duration.ofMillis(2500);
    Duration startTimeout = Duration.ofSeconds(300);
    Duration pointTimeout = Duration.ofSeconds(300);
    Duration drainTimeout = Duration.ofSeconds(60);
    Duration stopTimeout = Duration.ofSeconds(30);
    Consumer<String> narrator = line -> { };

    CrashLoopOptions() {
    }

    /** Where the loop keeps the job's configuration, input, checkpoint, scratch space and {@code job.log}. */
    public CrashLoopOptions workDir(Path dir) {
        this.workDir = dir;
        return this;
    }

    /** Job keys: at least {@code eos.sink} and the sink's options; any {@code eos.*} key may be overridden. */
    public CrashLoopOptions jobProperties(Map<String, String> properties) {
        this.jobProperties.putAll(properties);
        return this;
    }

    public CrashLoopOptions jobProperty(String key, String value) {
        this.jobProperties.put(key, value);
        return this;
    }

    /** Where events go; default a {@link FilesEventFeeder} on {@code <workDir>/input}. */
    public CrashLoopOptions feeder(EventFeeder feeder) {
        this.feeder = feeder;
        return this;
    }

    public CrashLoopOptions sinkState(SinkStateReader reader) {
        this.sinkState = reader;
        return this;
    }

    /**
     * How many SIGKILLs at random moments (after a random uptime, {@link #uptime}), besides the crash points; default
     * 2.
     */
    public CrashLoopOptions randomKills(int kills) {
        if (kills < 0) {
            throw new IllegalArgumentException("random kills must not be negative");
        }
        this.randomKills = kills;
        return this;
    }

    /** Seeds the events, the uptimes and the order of the kills; same seed, same plan. */
    public CrashLoopOptions seed(long seed) {
        this.seed = seed;
        return this;
    }

    /**
     * The crash points to arm, one run each (docs/operations.md#crash-testing); default every {@link CrashPoint}, in
     * an order drawn from the seed among the random kills.
     */
    public CrashLoopOptions crashPoints(List<CrashPoint> points) {
        this.crashPoints = List.copyOf(points);
        return this;
    }

    /**
     * Changes how the job's JVM is started, from {@link JobJvm#defaults()} (or the change before), for example
     * {@code jvm(j -> j.withHeap("2g").withOption("-Dspark.some.conf=value"))}.
     */
    public CrashLoopOptions jvm(UnaryOperator<JobJvm> change) {
        this.jvm = change.apply(jvm());
        return this;
    }

    /** How the job's JVM is started. */
    public JobJvm jvm() {
        if (jvm == null) {
            jvm = JobJvm.defaults();
        }
        return jvm;
    }

    /** Events per feed (default 5) and the pause between feeds (default 250 ms). */
    public CrashLoopOptions feedRate(int eventsPerFeed, Duration interval) {
        this.eventsPerFeed = eventsPerFeed;
        this.feedInterval = interval;
        return this;
    }

    /** How long a run stays up, after its first progress line, before a random SIGKILL: a random time in this range. */
    public CrashLoopOptions uptime(Duration min, Duration max) {
        if (max.compareTo(min) < 0) {
            throw new IllegalArgumentException("max uptime below min uptime");
        }
        this.minUptime = min;
        this.maxUptime = max;
        return this;
    }

    /**
     * How long a run may take to print its first progress line; default 300 s (a failure detector: on a machine
     * whose cores are busy with other work a Spark driver has been seen to take over 100 s to its first batch).
     */
    public CrashLoopOptions startTimeout(Duration timeout) {
        this.startTimeout = timeout;
        return this;
    }

    /**
     * How long a run armed for a crash point may take, from its start, to reach it and halt; default 300 s (the JVM's
     * start is part of it). A run that does not is a failure of the loop, reported with the run's evidence.
     */
    public CrashLoopOptions pointTimeout(Duration timeout) {
        this.pointTimeout = timeout;
        return this;
    }

    /**
     * How long the sink may go without growing, after the last event was produced, before the loop gives up on
     * the events still missing; default 60 s.
     */
    public CrashLoopOptions drainTimeout(Duration timeout) {
        this.drainTimeout = timeout;
        return this;
    }

    /** Receives one line per step (a crash, the drain), for a console. */
    public CrashLoopOptions narrator(Consumer<String> narrator) {
        this.narrator = Objects.requireNonNull(narrator);
        return this;
    }

    public CrashLoop build() {
        Objects.requireNonNull(workDir, "workDir");
        Objects.requireNonNull(sinkState, "sinkState");
        return new CrashLoop(this);
    }

    /** The job's log, where the loop's problems point to. */
    Path log() {
        return workDir.toAbsolutePath().resolve("job.log");
    }
}
