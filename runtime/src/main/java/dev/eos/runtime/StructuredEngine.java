package dev.eos.runtime;

import dev.eos.runtime.config.JobConfig;
import dev.eos.runtime.config.JobOptions;
import dev.eos.runtime.config.SinkSettings;
import dev.eos.runtime.crash.CrashPoint;
import dev.eos.runtime.crash.CrashPoints;
import dev.eos.runtime.source.SourceContext;
import dev.eos.spi.ConfigException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.DataStreamWriter;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.Trigger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code eos.engine=structured}: the job's source read as a Structured Streaming input
 * ({@link dev.eos.runtime.source.EventSource#readStream}) and written with {@code format("eos")} ({@link EosDataSource}),
 * keyed and parsed by the job's {@code eos.key} and {@code eos.format} exactly as on the DStream engine. The query's
 * checkpoint is {@code eos.checkpoint.dir}; its trigger {@code eos.batch.interval}, or everything present then exit
 * ({@code eos.trigger=available-now}).
 */
final class StructuredEngine {

    private static final Logger LOG = LoggerFactory.getLogger(StructuredEngine.class);

    private StructuredEngine() {
    }

    /** Starts the query of a validated and preflighted configuration. */
    static RunningJob start(JobConfig config, SparkConf conf) {
        CrashPoints.init();
        String checkpoint = config.job().get(JobOptions.CHECKPOINT_DIR);
        // an idle query reports a trigger without data once per batch interval: the job's progress line for an empty
        // batch, as on the DStream engine (a heartbeat for whoever watches the log)
        conf.setIfMissing("spark.sql.streaming.noDataProgressEventInterval",
                config.job().get(JobOptions.BATCH_INTERVAL).toMillis() + "ms");
        SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
        spark.streams().addListener(new EmptyTriggers());
        if (prepareRestart(checkpoint, spark)) {
            spark.streams().addListener(new Recovery(checkpoint));
        }
        Dataset<Row> events = config.source().readStream(spark,
                new SourceContext(config.sourceOptions(), config.eosProperties()));
        DataStreamWriter<Row> writer = events.writeStream().format(EosDataSource.NAME)
                .options(writeOptions(config))
                .option("checkpointLocation", checkpoint)
                .queryName(config.job().get(JobOptions.APP_NAME));
        writer = config.job().get(JobOptions.TRIGGER) == JobOptions.Trigger.AVAILABLE_NOW
                ? writer.trigger(Trigger.AvailableNow())
                : writer.trigger(Trigger.ProcessingTime(config.job().get(JobOptions.BATCH_INTERVAL).toMillis(),
                        TimeUnit.MILLISECONDS));
        StreamingQuery query;
        try {
            query = writer.start();
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("The structured query did not start in time", e);
        }
        LOG.info("Started the structured query with checkpoint {}: source {} -> sink {} ({})", checkpoint,
                config.source().name(), config.sinkName(), config.job().get(JobOptions.TRIGGER) == JobOptions.Trigger
                        .AVAILABLE_NOW ? "everything available now, then exit" : "a micro-batch every "
                        + JobOptions.BATCH_INTERVAL.format(config.job().get(JobOptions.BATCH_INTERVAL)));
        org.apache.hadoop.util.ShutdownHookManager.get().addShutdownHook(() -> stopQuietly(query),
                GracefulStop.PRIORITY);
        return new RunningJob() {
            @Override
            public void awaitTermination() throws Exception {
                try {
                    query.awaitTermination();
                } finally {
                    spark.stop();
                }
            }

            @Override
            public void stop() {
                stopQuietly(query);
                spark.stop();
            }
        };
    }

    /** What format("eos") is given: the sink settings and the job's key and format (its default key included). */
    static Map<String, String> writeOptions(JobConfig config) {
        Map<String, String> options = new TreeMap<>();
        config.eosProperties().forEach((k, v) -> {
            if (SinkSettings.isSinkKey(k) || k.startsWith(JobOptions.PREFIX + "json.")) {
                options.put(k, v);
            }
        });
        options.put(JobOptions.PREFIX + JobOptions.KEY.name(), config.job().get(JobOptions.KEY));
        options.put(JobOptions.PREFIX + JobOptions.FORMAT.name(), JobOptions.FORMAT.format(
                config.job().get(JobOptions.FORMAT)));
        options.put(RowRecords.JOB_SOURCE_ROWS, "true");
        return options;
    }

    /**
     * Reads the checkpoint once. A DStream job's checkpoint is refused: an engine cannot take over the other's. A
     * structured query's checkpoint is made ready for the restart: the temporary files of a log entry that a job
     * killed mid-write left behind ({@code offsets/.<batch>.<uuid>.tmp} and their {@code .crc}) are deleted. They are
     * never an entry of the log and Spark skips them on a restart, except when the query died writing its very first
     * entry: then the log holds nothing but that file and Spark refuses the checkpoint at every start
     * ({@code STATE_STORE_CHECKPOINT_LOCATION_NOT_EMPTY}, "should be empty on batch 0"), which a crash loop's SIGKILL
     * found. The job is the checkpoint's only writer, so nothing else can be writing these files.
     *
     * @return whether the checkpoint holds a query already, which is then restarted on it
     */
    private static boolean prepareRestart(String checkpoint, SparkSession spark) {
        CheckpointLayout layout = null;
        try {
            FileSystem fs = FileSystem.get(URI.create(checkpoint), spark.sparkContext().hadoopConfiguration());
            Path dir = new Path(checkpoint);
            layout = CheckpointLayout.read(fs, dir).orElse(null);
            if (layout == CheckpointLayout.DSTREAM) {
                throw new ConfigException(ConfigException.invalid("eos.engine", "structured", "checkpoint "
                        + checkpoint + " was written by eos.engine=dstream, and an engine cannot take over the "
                        + "other's checkpoint: keep eos.engine=dstream, or start with a new eos.checkpoint.dir"));
            }
            if (layout != CheckpointLayout.STRUCTURED) {
                return false;
            }
            for (String log : CheckpointLayout.QUERY_LOGS) {
                Path logDir = new Path(dir, log);
                if (!fs.exists(logDir)) {
                    continue;
                }
                for (FileStatus entry : fs.listStatus(logDir)) {
                    if (CheckpointLayout.unfinishedLogWrite(entry)) {
                        fs.delete(entry.getPath(), false);
                        LOG.info("Removed {}: an unfinished write of the query's {} log by a job that died while "
                                + "writing it", entry.getPath(), log);
                    }
                }
            }
        } catch (IOException e) {
            LOG.warn("Could not look into checkpoint {}: {}", checkpoint, e.toString());
        }
        return layout == CheckpointLayout.STRUCTURED;
    }

    /**
     * A query restarted on its checkpoint: Spark announces the start on the query's own thread, before it reads the
     * offsets and commit logs and runs an epoch; there is the {@link CrashPoint#RECOVERY} point.
     */
    private static final class Recovery extends StreamingQueryListener {
        private final String checkpoint;

        Recovery(String checkpoint) {
            this.checkpoint = checkpoint;
        }

        @Override
        public void onQueryStarted(QueryStartedEvent event) {
            LOG.info("Recovering the structured query {} from checkpoint {}: an epoch planned and not committed runs "
                    + "again, then new epochs", event.id(), checkpoint);
            CrashPoints.reach(CrashPoint.RECOVERY);
        }

        @Override
        public void onQueryProgress(QueryProgressEvent event) {
        }

        @Override
        public void onQueryTerminated(QueryTerminatedEvent event) {
        }
    }

    /**
     * Prints the progress line of a trigger that found no new data (the epochs with data print their own): Spark
     * reports an idle query once per {@code spark.sql.streaming.noDataProgressEventInterval}; the line's time is the
     * epoch that would run next.
     */
    private static final class EmptyTriggers extends StreamingQueryListener {
        private final java.util.concurrent.atomic.AtomicLong nextEpoch = new java.util.concurrent.atomic.AtomicLong();

        @Override
        public void onQueryStarted(QueryStartedEvent event) {
        }

        @Override
        public void onQueryProgress(QueryProgressEvent event) {
            nextEpoch.accumulateAndGet(event.progress().batchId() + 1, Math::max);
            if (event.progress().numInputRows() == 0) {
                Long millis = event.progress().durationMs().get("triggerExecution");
                Progress.report(event.progress().batchId(), BatchOutcome.EMPTY, millis == null ? 0 : millis);
            }
        }

        @Override
        public void onQueryIdle(QueryIdleEvent event) {
            Progress.report(nextEpoch.get(), BatchOutcome.EMPTY, 0);
        }

        @Override
        public void onQueryTerminated(QueryTerminatedEvent event) {
        }
    }

    private static void stopQuietly(StreamingQuery query) {
        try {
            if (query.isActive()) {
                query.stop();
            }
        } catch (Exception e) {
            LOG.warn("Stopping the structured query failed: {}", e.toString());
        }
    }
}
