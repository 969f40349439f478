package dev.eos.runtime;

import dev.eos.runtime.config.SinkSettings;
import dev.eos.spi.ConfigException;
import dev.eos.spi.SinkRecord;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.streaming.Time;
import org.apache.spark.streaming.api.java.JavaDStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The library API: exactly-once output for a Spark Streaming job you write yourself. Give it the sink's
 * configuration (the same {@code eos.sink*}, {@code eos.errors.*} and {@code eos.retry.*} keys as the job) and a
 * stream; every batch is then written per partition on the executors with {@code open/write/commit/close}, bad
 * records are dead-lettered, transient failures retried, and a progress line is printed per batch.
 *
 * <pre>{@code
 * ExactlyOnce output = ExactlyOnce.to(Map.of(
 *         "eos.sink", "files",
 *         "eos.sink.files.path", "/data/out")).preflight();
 * output.writeStrings(lines, line -> line.substring(0, line.indexOf(',')));   // key = the first column
 * }</pre>
 *
 * <p>Your part of the guarantee: a replayable source, keys that are the same when an event is replayed, and, for
 * driver recovery, {@code JavaStreamingContext.getOrCreate} with a checkpoint directory. The key is the idempotency
 * key: records with equal keys are one record to the sink.
 *
 * <p>Serializable and immutable: it holds only the sink settings.
 */
public final class ExactlyOnce implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ExactlyOnce.class);

    /** Derives a record's idempotency key from an element; must give the same key whenever the element is replayed. */
    @FunctionalInterface
    public interface KeyFunction<T> extends Serializable {
        String key(T element) throws Exception;
    }

    private final SinkBinding sinks;
    private final Duration preflightTimeout;
    /** The {@code eos.*} keys given, for the rows of a Structured Streaming batch ({@link RowRecords}). */
    private final Map<String, String> rowOptions;

    private ExactlyOnce(SinkBinding sinks, Duration preflightTimeout, Map<String, String> rowOptions) {
        this.sinks = sinks;
        this.preflightTimeout = preflightTimeout;
        this.rowOptions = rowOptions;
    }

    /**
     * Validates the sink's configuration and creates the sink (without contacting it).
     *
     * @param properties {@code eos.sink}, {@code eos.sink.<name>.*}, and optionally {@code eos.errors.*},
     *     {@code eos.retry.*} and {@code eos.preflight.timeout}; other keys are ignored
     * @throws ConfigException with every problem found
     */
    public static ExactlyOnce to(Map<String, String> properties) {
        List<String> problems = new ArrayList<>();
        Duration timeout = null;
        try {
            timeout = Preflight.timeout(properties);
        } catch (ConfigException e) {
            problems.addAll(e.problems());
        }
        SinkSettings settings = null;
        try {
            settings = SinkSettings.parse(properties);
        } catch (ConfigException e) {
            problems.addAll(e.problems());
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        settings.warnings().forEach(LOG::warn);
        Map<String, String> eos = new java.util.TreeMap<>();
        properties.forEach((k, v) -> {
            if (k.startsWith("eos.")) {
                eos.put(k, v);
            }
        });
        return new ExactlyOnce(SinkBinding.create(settings), timeout, Map.copyOf(eos));
    }

    /**
     * A {@code foreachBatch} function that writes each batch of a Structured Streaming query exactly once, as
     * {@code format("eos")} does and with the same options: {@code eos.key} (required), {@code eos.format}, the sink
     * settings. The options are checked and the sink preflighted now; the columns at the first batch.
     *
     * <pre>{@code
     * events.writeStream()
     *         .foreachBatch(ExactlyOnce.foreachBatch(Map.of("eos.sink", "files", "eos.sink.files.path", "/data/out",
     *                 "eos.key", "field.id")))
     *         .option("checkpointLocation", "/data/checkpoint")
     *         .start();
     * }</pre>
     *
     * @throws ConfigException with every problem of the options
     */
    public static VoidFunction2<Dataset<Row>, Long> foreachBatch(Map<String, String> options) {
        RowRecords.parse(options, null);
        ExactlyOnce output = to(options).preflight();
        return output::writeBatch;
    }

    /**
     * Writes one batch of a Structured Streaming query now, for use inside your own {@code foreachBatch}: its rows
     * become records as with {@code format("eos")} ({@code eos.key} and {@code eos.format} of the options given to
     * {@link #to}); returns when every partition committed. Call it with the batch id Spark gives: a replayed batch
     * has the same id and the same keys, and the sink stores its records once.
     *
     * @return what happened to the batch's records
     * @throws ConfigException when the options do not fit the batch's columns
     */
    public BatchOutcome writeBatch(Dataset<Row> batch, long batchId) {
        RowRecords rows = RowRecords.parse(rowOptions, batch.schema()).rows();
        JavaRDD<InternalRow> internal = batch.queryExecution().toRdd().toJavaRDD();
        return BatchRunner.run(internal, batchId, List.of(), BatchRunner.mapping(rows::map), sinks);
    }

    /**
     * Runs the sinks' preflight on the driver: call it before starting the stream. Like the job's, each step is
     * bounded by {@code eos.preflight.timeout} (30s by default) and failures name the endpoint and the cause.
     *
     * @throws ConfigException with every problem when a sink found one in its configuration or deployment, or when
     *     both the sink and the dead-letter sink failed
     * @throws dev.eos.spi.SinkException the one sink's failure otherwise (a backend not reachable, or no answer in
     *     time: {@link dev.eos.spi.RetriableSinkException})
     */
    public ExactlyOnce preflight() {
        Preflight preflight = new Preflight(preflightTimeout);
        preflight.sinks(sinks);
        preflight.finish();
        return this;
    }

    /** Writes every batch of {@code records} exactly once (per record key). */
    public void write(JavaDStream<SinkRecord> records) {
        SinkBinding b = sinks;
        records.foreachRDD((rdd, time) -> {
            BatchRunner.run(rdd, time, List.of(), BatchRunner.mapping(RecordOrError::good), b);
        });
    }

    /** Writes every batch of {@code values} (as UTF-8), each keyed by {@code key}. */
    public void writeStrings(JavaDStream<String> values, KeyFunction<String> key) {
        SinkBinding b = sinks;
        values.foreachRDD((rdd, time) -> {
            BatchRunner.run(rdd, time, List.of(), BatchRunner.mapping(v -> keyed(v.getBytes(StandardCharsets.UTF_8),
                    v, key)), b);
        });
    }

    /** Writes every batch of {@code values}, each keyed by {@code key}. */
    public void writeBytes(JavaDStream<byte[]> values, KeyFunction<byte[]> key) {
        SinkBinding b = sinks;
        values.foreachRDD((rdd, time) -> {
            BatchRunner.run(rdd, time, List.of(), BatchRunner.mapping(v -> keyed(v, v, key)), b);
        });
    }

    /**
     * Writes one batch now, for use inside your own {@code foreachRDD}; returns when every partition committed.
     *
     * @return what happened to the batch's records
     */
    public BatchOutcome writeBatch(JavaRDD<SinkRecord> batch, Time time) {
        return BatchRunner.run(batch, time, List.of(), BatchRunner.mapping(RecordOrError::good), sinks);
    }

    private static <T> RecordOrError keyed(byte[] bytes, T element, KeyFunction<T> keyFunction) {
        String key;
        try {
            key = keyFunction.key(element);
        } catch (Exception e) {
            return RecordOrError.bad(unkeyed(bytes), "the key function failed: " + e, e.getClass().getName());
        }
        if (key == null || key.isEmpty()) {
            return RecordOrError.bad(unkeyed(bytes), "the key function gave no key", IllegalArgumentException.class.getName());
        }
        return RecordOrError.good(SinkRecord.builder(key).value(bytes).build());
    }

    private static SinkRecord unkeyed(byte[] bytes) {
        return SinkRecord.builder("sha256:" + RecordMapper.sha256(bytes)).value(bytes).build();
    }
}
