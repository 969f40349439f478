package dev.eos.runtime.source;

import dev.eos.spi.ConfigSpec;
import dev.eos.spi.Config;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.streaming.api.java.JavaStreamingContext;

import java.util.List;
import java.util.Map;

/**
 * A kind of source the job reads, selected by {@code eos.source=<name>}; its options live under
 * {@code eos.source.<name>.}. Not a public SPI: the built-in sources ({@code files}, {@code socket}) are listed in
 * {@link Sources}, further ones (Kafka) are added there or found with {@link java.util.ServiceLoader} under
 * {@code META-INF/services/dev.eos.runtime.source.EventSource}.
 *
 * <h2>Lifecycle (on the driver)</h2>
 * <ol>
 *   <li>{@link #configSpec()} validates the options before Spark starts, and {@link #problems(String, Map)}
 *       adds the checks a spec cannot express (across options, pass-through keys); all problems are reported
 *       together.</li>
 *   <li>{@link #sparkSettings(Config)} and {@link #startWarnings(Config)} are applied/logged before the
 *       streaming context is created.</li>
 *   <li>{@link #createStream(JavaStreamingContext, SourceContext)} builds the input stream, once per fresh
 *       checkpoint: after a restart the stream is recovered from the checkpoint instead, so everything the
 *       returned {@link SourceStream} holds must be serializable.</li>
 * </ol>
 */
public interface EventSource {

    /** The value of {@code eos.source}: lower-case, unique. */
    String name();

    /** One line saying what the source reads, for the documentation. */
    default String description() {
        return "";
    }

    /** The source's options, relative to {@code eos.source.<name>.}. */
    ConfigSpec configSpec();

    /**
     * Whether the source can deliver the same events at the same positions again after a failure (files, Kafka).
     * When it cannot (a socket), the job warns at start that the guarantee only covers what was received.
     */
    boolean replayable();

    /** Spark settings the source needs (the receiver write-ahead log), applied before the context is created. */
    default Map<String, String> sparkSettings(Config options) {
        return Map.of();
    }

    /**
     * Problems the {@link #configSpec()} cannot see: rules across options, or pass-through keys the source checks
     * itself. Called with every job key, whether or not the spec's own parse succeeded, so that every problem is
     * reported at once; must not repeat the spec's own problems. Each a sentence naming the full key; never a
     * secret's value.
     *
     * @param prefix the source's prefix, {@code eos.source.<name>.}
     * @param properties every {@code eos.*} key of the job
     */
    default List<String> problems(String prefix, Map<String, String> properties) {
        return List.of();
    }

    /** Warnings the job logs at start, such as what a non-replayable source means for the guarantee. */
    default List<String> startWarnings(Config options) {
        return List.of();
    }

    /**
     * Further warnings the job logs at start on {@code eos.engine=structured}: options that this engine applies
     * differently from the DStream engine, or not at all, each named.
     */
    default List<String> structuredStartWarnings(Config options) {
        return List.of();
    }

    /**
     * Checks, on the driver before the stream starts (and in {@code bin/eos validate}), that the source can be read:
     * the directory exists, the server or brokers answer. The default does nothing.
     *
     * @throws dev.eos.spi.ConfigException naming what to fix
     */
    default void preflight(Config options) {
    }

    /** Builds the input stream on {@code ssc}. Called on the driver, only when no checkpoint exists yet. */
    /**
     * Called by the job in this JVM with the current configuration before it creates or recovers its streaming
     * context: a source whose checkpointed stream holds its settings without their secrets registers the real
     * ones here. The default does nothing.
     */
    default void prepare(Config options) {
    }

    SourceStream createStream(JavaStreamingContext ssc, SourceContext context);

    /**
     * The source as a Structured Streaming input ({@code eos.engine=structured}), called on the driver when the query
     * starts: rows with the columns {@code value} (binary: the event's bytes), {@code topic} (string),
     * {@code partition} (int) and {@code offset} (long), which are the event's position (for files: the file's URI,
     * 0 and the line number from 1, as on the DStream engine), and optionally {@code timestamp} (the event time)
     * and {@code headers} (Kafka's). The default refuses: the source runs on the DStream engine only.
     *
     * @throws UnsupportedOperationException when the source has no Structured Streaming form
     */
    default Dataset<Row> readStream(SparkSession spark, SourceContext context) {
        throw new UnsupportedOperationException("Source " + name() + " runs on eos.engine=dstream only");
    }
}
