package dev.eos.runtime;

import dev.eos.runtime.config.ConfigLoader;
import dev.eos.runtime.config.JobConfig;
import dev.eos.runtime.config.JobOptions;
import dev.eos.runtime.config.SinkSettings;
import dev.eos.runtime.crash.CrashPoint;
import dev.eos.runtime.crash.CrashPoints;
import dev.eos.runtime.source.SourceContext;
import dev.eos.runtime.source.SourceEvent;
import dev.eos.runtime.source.SourceStream;
import dev.eos.spi.ConfigException;
import org.apache.spark.SparkConf;
import org.apache.spark.streaming.Durations;
import org.apache.spark.streaming.api.java.JavaDStream;
import org.apache.spark.streaming.api.java.JavaStreamingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The streaming job: source -> records -> sink, exactly once.
 *
 * <ol>
 *   <li>The sink (and the dead-letter sink) are created (once per JVM, {@link SinkCache}) when the job is, and
 *       preflighted on the driver when it starts.</li>
 *   <li>The streaming context is recovered from {@code eos.checkpoint.dir} with
 *       {@link JavaStreamingContext#getOrCreate}, or created fresh: the source's input stream, and per batch
 *       {@link BatchRunner} (every partition written and committed, then the source's after-commit hook).</li>
 *   <li>A SIGTERM stops it gracefully: the batches already received are written first ({@link GracefulStop}).</li>
 * </ol>
 */
public final class EosJob {

    private static final Logger LOG = LoggerFactory.getLogger(EosJob.class);

    /** The sinks of the job started in this JVM: a recovered stream writes with them, not the checkpointed ones. */
    private static volatile SinkBinding currentSinks;

    private final JobConfig config;
    private final SinkBinding sinks;

    /**
     * The job of a validated configuration, with its sinks created (not yet contacted).
     *
     * @throws ConfigException with every problem the sinks found in their options
     */
    public EosJob(JobConfig config) {
        this.config = config;
        this.sinks = SinkBinding.create(config.sinkSettings());
    }

    /**
     * Validates a merged configuration ({@link ConfigLoader#load}) and creates the job and its sinks.
     *
     * @throws ConfigException with every problem at once: those of {@link JobConfig#validate} and those the sinks
     *     find when they are created
     */
    public static EosJob configure(Map<String, String> merged) {
        JobConfig config;
        try {
            config = JobConfig.validate(merged);
        } catch (ConfigException e) {
            throw withSinkProblems(e, merged);
        }
        return new EosJob(config);
    }

    /** The problems of an invalid configuration plus, when its sink settings are valid, the sinks' own. */
    private static ConfigException withSinkProblems(ConfigException invalid, Map<String, String> merged) {
        SinkSettings settings;
        try {
            settings = SinkSettings.parse(ConfigLoader.eosKeys(merged));
        } catch (ConfigException alreadyReported) {
            return invalid;
        }
        try {
            SinkBinding.create(settings);
            return invalid;
        } catch (ConfigException sinks) {
            List<String> problems = new ArrayList<>(invalid.problems());
            problems.addAll(sinks.problems());
            return new ConfigException(problems);
        }
    }

    /** The job's configuration. */
    public JobConfig config() {
        return config;
    }

    /**
     * Preflights the checkpoint directory (through Hadoop's file system for its URI, as the stream uses it: a directory
     * that exists or can be created, and can be written), the source and the sinks: the deployment can give the
     * guarantee, or a {@code SinkException} says why not.
     */
    public void preflight() {
        Preflight preflight = new Preflight(config.job().get(JobOptions.PREFLIGHT_TIMEOUT));
        String checkpoint = config.job().get(JobOptions.CHECKPOINT_DIR);
        preflight.step("the checkpoint directory", checkpoint, () -> CheckpointDirectory.check(checkpoint, sparkConf()));
        preflight.step("source \"" + config.source().name() + "\"", "",
                () -> config.source().preflight(config.sourceOptions()));
        preflight.sinks(sinks);
        preflight.finish();
    }

    /**
     * Preflights, recovers or creates the streaming context and starts it. The caller awaits its termination.
     *
     * @return the started context
     */
    public JavaStreamingContext start() {
        CrashPoints.init();
        config.warnings().forEach(w -> LOG.warn(w));
        preflight();
        String checkpoint = config.job().get(JobOptions.CHECKPOINT_DIR);
        refuseStructuredCheckpoint(checkpoint);
        currentSinks = sinks;
        // a recovered stream holds the source's settings without their secrets: the source registers the real ones
        config.source().prepare(config.sourceOptions());
        AtomicBoolean created = new AtomicBoolean();
        RecoveryGate.close();
        JavaStreamingContext ssc = JavaStreamingContext.getOrCreate(checkpoint, () -> {
            created.set(true);
            return createContext();
        });
        org.apache.hadoop.conf.Configuration hadoop = ssc.sparkContext().hadoopConfiguration();
        if (created.get()) {
            CheckpointedKeys.write(checkpoint, config.eosProperties(), hadoop);
            LOG.info("Started a new job with checkpoint {}: source {} -> sink {}", checkpoint,
                    config.source().name(), config.sinkName());
        } else {
            LOG.info("Recovered the job from checkpoint {}: its pending batches and source positions are replayed; "
                    + "the sink, error and retry settings are the current configuration's", checkpoint);
            List<String> changed = CheckpointedKeys.changed(checkpoint, config.eosProperties(), hadoop);
            if (!changed.isEmpty()) {
                LOG.warn("These keys changed since checkpoint {} was created and do NOT apply to the recovered "
                        + "stream, which keeps the checkpointed source, key, format and intervals: {}. To apply "
                        + "them, stop the job and start it with a new eos.checkpoint.dir (see docs/launcher.md)",
                        checkpoint, String.join(", ", changed));
            }
            CrashPoints.reach(CrashPoint.RECOVERY);
        }
        try {
            ssc.start();
        } finally {
            RecoveryGate.open();
        }
        GracefulStop.register(ssc);
        return ssc;
    }

    /**
     * Preflights and starts the job on its engine ({@code eos.engine}): {@link #start()} on the DStream engine, a
     * Structured Streaming query writing through {@code format("eos")} on the structured one. The caller awaits its
     * termination.
     */
    public RunningJob launch() {
        if (config.job().get(JobOptions.ENGINE) == JobOptions.Engine.STRUCTURED) {
            config.warnings().forEach(w -> LOG.warn(w));
            preflight();
            currentSinks = sinks;
            return StructuredEngine.start(config, sparkConf());
        }
        JavaStreamingContext ssc = start();
        return new RunningJob() {
            @Override
            public void awaitTermination() throws InterruptedException {
                ssc.awaitTermination();
            }

            @Override
            public void stop() {
                ssc.stop(true, false);
            }
        };
    }

    /** A Structured Streaming query's checkpoint ({@link CheckpointLayout#STRUCTURED}) is not recovered. */
    private void refuseStructuredCheckpoint(String checkpoint) {
        try {
            org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(checkpoint);
            org.apache.hadoop.fs.FileSystem fs = dir.getFileSystem(CheckpointDirectory.hadoopConfiguration(sparkConf()));
            if (CheckpointLayout.read(fs, dir).orElse(null) == CheckpointLayout.STRUCTURED) {
                throw new ConfigException(ConfigException.invalid("eos.engine", "dstream", "checkpoint " + checkpoint
                        + " was written by eos.engine=structured, and an engine cannot take over the other's "
                        + "checkpoint: set eos.engine=structured, or start with a new eos.checkpoint.dir"));
            }
        } catch (java.io.IOException e) {
            LOG.warn("Could not look into checkpoint {}: {}", checkpoint, e.toString());
        }
    }

    /** A fresh streaming context: the source's stream, and per batch the exactly-once write. */
    JavaStreamingContext createContext() {
        Duration batch = config.job().get(JobOptions.BATCH_INTERVAL);
        JavaStreamingContext ssc = new JavaStreamingContext(sparkConf(), Durations.milliseconds(batch.toMillis()));
        ssc.checkpoint(config.job().get(JobOptions.CHECKPOINT_DIR));
        SourceStream stream = config.source().createStream(ssc,
                new SourceContext(config.sourceOptions(), config.eosProperties()));
        JavaDStream<SourceEvent> events = stream.events();
        Duration checkpointInterval = config.job().get(JobOptions.CHECKPOINT_INTERVAL);
        if (checkpointInterval != null) {
            events.checkpoint(Durations.milliseconds(checkpointInterval.toMillis()));
        }
        // the stream's closures are written into the checkpoint: they carry the settings without their secrets, and
        // each batch uses the sinks of the job started in this JVM, whose secrets come from the current configuration
        SinkBinding checkpointed = sinks.withoutSecrets();
        RecordMapper mapper = RecordMapper.of(config.job().get(JobOptions.FORMAT), config.job().get(JobOptions.KEY),
                JsonLimits.of(config.job()));
        events.foreachRDD((rdd, time) -> {
            RecoveryGate.awaitOpen();
            BatchOutcome outcome = BatchRunner.run(rdd, time, stream.offsetRanges(rdd), mapper::map,
                    current(checkpointed));
            if (outcome.records() > 0) {
                CrashPoints.reach(CrashPoint.BEFORE_OFFSET_COMMIT, time.milliseconds());
            }
            stream.afterBatchCommitted(rdd, time);
            if (outcome.records() > 0) {
                CrashPoints.reach(CrashPoint.BEFORE_CHECKPOINT, time.milliseconds());
            }
        });
        return ssc;
    }

    /**
     * The sinks of the job started in this JVM, or the checkpointed ones when none was (a bare recovery, whose secret
     * options are masked: such sinks cannot log in).
     */
    static SinkBinding current(SinkBinding checkpointed) {
        SinkBinding started = currentSinks;
        return started != null ? started : checkpointed;
    }

    /**
     * Spark's configuration for a fresh context: the spark.* keys of the job's configuration (unless spark-submit
     * set them already), the source's needs, and local defaults.
     */
    SparkConf sparkConf() {
        SparkConf conf = new SparkConf();
        config.sparkProperties().forEach(conf::setIfMissing);
        config.source().sparkSettings(config.sourceOptions()).forEach(conf::set);
        conf.setIfMissing("spark.master", "local[*]");
        conf.setIfMissing("spark.app.name", config.job().get(JobOptions.APP_NAME));
        // GracefulStop stops the context on SIGTERM; Spark's own hook would run after the executor's and fail the batch
        conf.set("spark.streaming.stopGracefullyOnShutdown", "false");
        if (conf.get("spark.master").startsWith("local")) {
            // bin/eos sets SPARK_LOCAL_DIRS instead: Spark warns about any spark.local.dir ("will be overridden")
            if (System.getenv("SPARK_LOCAL_DIRS") == null) {
                conf.setIfMissing("spark.local.dir",
                        new File(System.getProperty("java.io.tmpdir"), "eos-spark-local").getAbsolutePath());
            }
            conf.setIfMissing("spark.ui.enabled", "false");
        }
        return conf;
    }
}
