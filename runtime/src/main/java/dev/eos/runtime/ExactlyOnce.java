package dev.eos.runtime;

import dev.eos.runtime.config.JobOptions;
import dev.eos.runtime.config.JobOptions.Tolerance;
import dev.eos.spi.Sink;
import dev.eos.spi.Config;
import dev.eos.spi.ConfigException;
import dev.eos.spi.SinkRecord;
import dev.eos.spi.host.SinkRegistry;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.streaming.Time;
import org.apache.spark.streaming.api.java.JavaDStream;

import java.io.Serializable;
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
 * <p>Serializable and immutable: it holds only the configuration.
 */
public final class ExactlyOnce implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Derives a record's idempotency key from an element; must give the same key whenever the element is replayed. */
    @FunctionalInterface
    public interface KeyFunction<T> extends Serializable {
        String key(T element) throws Exception;
    }

    private final SinkHost host;

    private ExactlyOnce(SinkHost host) {
        this.host = host;
    }

    /**
     * Validates the sink's configuration and creates the sink (without contacting it).
     *
     * @param properties {@code eos.sink}, {@code eos.sink.<name>.*}, and optionally {@code eos.errors.*} and
     *     {@code eos.retry.*}; other keys are ignored
     * @throws ConfigException with every problem found
     */
    public static ExactlyOnce to(Map<String, String> properties) {
        Map<String, String> keys = SinkHost.hostKeys(properties);
        List<String> problems = new ArrayList<>();
        Config host = null;
        try {
            host = JobOptions.SINK_HOST_SPEC.parse(JobOptions.PREFIX, keys);
        } catch (ConfigException e) {
            problems.addAll(e.problems());
        }
        SinkRegistry registry = SinkRegistry.load();
        String sink = keys.get("eos.sink");
        if (sink != null && !sink.isBlank()) {
            create(registry, "eos.sink", sink, JobOptions.sinkPrefix(sink), keys, problems);
        }
        if (host != null) {
            String deadLetter = host.get(JobOptions.DEAD_LETTER_SINK);
            if (deadLetter != null) {
                create(registry, "eos.errors.dead-letter.sink", deadLetter, JobOptions.deadLetterPrefix(deadLetter),
                        keys, problems);
            } else if (host.get(JobOptions.ERRORS_TOLERANCE) == Tolerance.ALL) {
                problems.add(ConfigException.invalid("eos.errors.tolerance", "all",
                        "bad records need somewhere to go: set eos.errors.dead-letter.sink"));
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new ExactlyOnce(new SinkHost(keys));
    }

    private static void create(SinkRegistry registry, String key, String name, String prefix, Map<String, String> keys,
                               List<String> problems) {
        if (!registry.names().contains(name)) {
            problems.add(registry.unknownSink(key, name));
            return;
        }
        try {
            SinkCache.get(name, prefix, keys);
        } catch (ConfigException e) {
            problems.addAll(e.problems());
        }
    }

    /** Runs the sinks' preflight on the driver: call it before starting the stream. */
    public ExactlyOnce preflight() {
        host.sink().preflight();
        Sink deadLetters = host.deadLetterSink();
        if (deadLetters != null) {
            deadLetters.preflight();
        }
        return this;
    }

    /** Writes every batch of {@code records} exactly once (per record key). */
    public void write(JavaDStream<SinkRecord> records) {
        SinkHost h = host;
        records.foreachRDD((rdd, time) -> {
            BatchRunner.run(rdd, time, List.of(), BatchRunner.mapping(RecordOrError::good), h);
        });
    }

    /** Writes every batch of {@code values} (as UTF-8), each keyed by {@code key}. */
    public void writeStrings(JavaDStream<String> values, KeyFunction<String> key) {
        SinkHost h = host;
        values.foreachRDD((rdd, time) -> {
            BatchRunner.run(rdd, time, List.of(), BatchRunner.mapping(v -> keyed(v.getBytes(
                    java.nio.charset.StandardCharsets.UTF_8), v, key)), h);
        });
    }

    /** Writes every batch of {@code values}, each keyed by {@code key}. */
    public void writeBytes(JavaDStream<byte[]> values, KeyFunction<byte[]> key) {
        SinkHost h = host;
        values.foreachRDD((rdd, time) -> {
            BatchRunner.run(rdd, time, List.of(), BatchRunner.mapping(v -> keyed(v, v, key)), h);
        });
    }

    /**
     * Writes one batch now, for use inside your own {@code foreachRDD}; returns when every partition committed.
     *
     * @return what happened to the batch's records
     */
    public BatchOutcome writeBatch(JavaRDD<SinkRecord> batch, Time time) {
        return BatchRunner.run(batch, time, List.of(), BatchRunner.mapping(RecordOrError::good), host);
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
