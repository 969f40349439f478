package dev.eos.runtime.config;

import dev.eos.connector.support.RecordExpression;
import dev.eos.connector.support.RecordExpression.Kind;
import dev.eos.spi.ConfigOption;
import dev.eos.spi.ConfigSpec;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * The job's own keys, under {@code eos.}: which source and sink, the checkpoint, batching, how records are keyed
 * and parsed, what happens to bad records, and how transient sink failures are retried. The options of the chosen
 * source, sink and dead-letter sink live under the pass-through prefixes {@code eos.source.<name>.},
 * {@code eos.sink.<name>.} and {@code eos.errors.dead-letter.<name>.}, and are validated by their own specs.
 */
public final class JobOptions {

    /** Every job key starts with this. */
    public static final String PREFIX = "eos.";

    /** How records are parsed. */
    public enum Format {
        /** The event's bytes as they are; {@code fields} empty. */
        RAW,
        /** A JSON object; its top-level members become {@code fields}. */
        JSON
    }

    /** What happens to a record that cannot be parsed, keyed or written. */
    public enum Tolerance {
        /** The job fails with the reason: nothing is skipped. */
        NONE,
        /** The record goes to the dead-letter sink with its reason, and the job goes on. */
        ALL
    }

    /** Which Spark streaming engine runs the job. */
    public enum Engine {
        /** Spark Streaming (DStreams): every source, the receiver write-ahead log, the crash-point tests. */
        DSTREAM,
        /** Structured Streaming, writing through format("eos"): sources kafka, eventhubs and files. */
        STRUCTURED
    }

    /** When a Structured Streaming job cuts its micro-batches. */
    public enum Trigger {
        /** A micro-batch every eos.batch.interval, for as long as the job runs. */
        PROCESSING_TIME,
        /** Everything present when the job starts, in micro-batches, then the job exits 0. */
        AVAILABLE_NOW
    }

    public static final ConfigOption<Engine> ENGINE = ConfigOption.enumOption("engine", Engine.class)
            .defaultValue(Engine.DSTREAM)
            .description("The streaming engine. dstream (the default): Spark Streaming, every source. structured: "
                    + "Structured Streaming through format(\"eos\") (sources kafka, eventhubs and files; eos.trigger); "
                    + "the crash points and the cluster tests cover both. See launcher.md for the choice. A checkpoint "
                    + "belongs to the engine that wrote it: changing the engine needs a new eos.checkpoint.dir.");

    public static final ConfigOption<Trigger> TRIGGER = ConfigOption.enumOption("trigger", Trigger.class)
            .defaultValue(Trigger.PROCESSING_TIME)
            .description("eos.engine=structured: processing-time runs a micro-batch every eos.batch.interval; "
                    + "available-now processes everything present at start and exits 0 (backfills, cron jobs).");

    public static final ConfigOption<String> SOURCE = ConfigOption.stringOption("source")
            .required()
            .description("The source to read: files, socket, kafka or eventhubs (see their sections). "
                    + "Its options live under eos.source.<name>.");

    public static final ConfigOption<String> SINK = ConfigOption.stringOption("sink")
            .required()
            .description("The sink to write to, by name (see bin/eos sinks). Its options live under eos.sink.<name>.");

    public static final ConfigOption<String> CHECKPOINT_DIR = ConfigOption.stringOption("checkpoint.dir")
            .required()
            .description("Checkpoint directory on fault-tolerant storage (any Hadoop path: hdfs://, abfs://, "
                    + "file:/...). Holds the stream's graph, pending batches, source positions and the receiver "
                    + "write-ahead log; without it exactly-once is impossible, so the job refuses to start.");

    public static final ConfigOption<Duration> BATCH_INTERVAL = ConfigOption.durationOption("batch.interval")
            .defaultValue(Duration.ofSeconds(5))
            .min(Duration.ofMillis(1)).max(Duration.ofDays(30))
            .warnAbove(Duration.ofDays(1), "a batch is cut less than once a day, so events wait that long to be "
                    + "written; a typo?")
            .description("How often a batch is cut.");

    public static final ConfigOption<Duration> CHECKPOINT_INTERVAL = ConfigOption.durationOption("checkpoint.interval")
            .min(Duration.ofMillis(1)).max(Duration.ofDays(30))
            .warnAbove(Duration.ofDays(1), "the stream's data is checkpointed less than once a day, so a recovery "
                    + "replays that much lineage; a typo?")
            .description("How often the stream's data is checkpointed; a multiple of eos.batch.interval. "
                    + "Default: Spark's (the batch interval, at least 10s). Metadata is checkpointed every batch.");

    /** What {@link #KEY} may name: the source position, a field of a JSON event, or a header. */
    public static final Set<Kind> KEY_KINDS = Collections.unmodifiableSet(EnumSet.of(Kind.POSITION, Kind.FIELD, Kind.HEADER));

    public static final ConfigOption<String> KEY = ConfigOption.stringOption("key")
            .defaultValue("position")
            .check(JobOptions::isKey, "must be a record expression among " + RecordExpression.describe(KEY_KINDS)
                    + " (see record-expressions.md)")
            .description("The idempotency key of each record, a record expression (see record-expressions.md): "
                    + "position (the source position, topic/partition/offset or file/0/line), field.<name> (that "
                    + "top-level field of a JSON event; needs eos.format=json) or header.<name> (that source header). "
                    + "A record without the field or header is a bad record.");

    /**
     * Parses a value of {@link #KEY}; the old spelling {@code field:<name>} is accepted with a warning.
     *
     * @throws IllegalArgumentException saying what is allowed
     */
    public static RecordExpression key(String text) {
        return text.startsWith("field:") ? RecordExpression.parse(text, KEY_KINDS, PREFIX + KEY.name())
                : RecordExpression.parse(text, KEY_KINDS);
    }

    private static boolean isKey(String text) {
        try {
            key(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    public static final ConfigOption<Format> FORMAT = ConfigOption.enumOption("format", Format.class)
            .defaultValue(Format.RAW)
            .description("raw: events are opaque bytes. json: each event is a JSON object, parsed into the "
                    + "record's fields; an event that does not parse is a bad record.");

    public static final ConfigOption<Integer> JSON_MAX_STRING_LENGTH = jsonLimit("json.max-string-length", 20_000_000,
            "the longest string value an event may hold, in characters (Jackson's StreamReadConstraints; its default). "
                    + "A longer one makes the event a bad record with the reason \"not a JSON object: String value "
                    + "length (N) exceeds the maximum allowed (20000000, from "
                    + "`StreamReadConstraints.getMaxStringLength()`)\". Raise it for larger events; executors need "
                    + "the memory for them.");

    public static final ConfigOption<Integer> JSON_MAX_NUMBER_LENGTH = jsonLimit("json.max-number-length", 1000,
            "the longest number an event may hold, in characters (Jackson's default); a longer one makes the event a "
                    + "bad record.");

    public static final ConfigOption<Integer> JSON_MAX_NESTING_DEPTH = jsonLimit("json.max-nesting-depth", 1000,
            "how deeply objects and arrays may nest in an event (Jackson's default); a deeper event is a bad record.");

    public static final ConfigOption<Integer> JSON_MAX_NAME_LENGTH = jsonLimit("json.max-name-length", 50_000,
            "the longest member name an event may hold, in characters (Jackson's default); a longer one makes the "
                    + "event a bad record. An event's total size is not limited.");

    /** A limit of {@code eos.format=json} parsing: a count of at least 1. */
    private static ConfigOption<Integer> jsonLimit(String name, int defaultValue, String what) {
        return ConfigOption.intOption(name).defaultValue(defaultValue).min(1).description("eos.format=json: " + what);
    }

    public static final ConfigOption<Tolerance> ERRORS_TOLERANCE =
            ConfigOption.enumOption("errors.tolerance", Tolerance.class)
                    .defaultValue(Tolerance.NONE)
                    .description("none: a bad record (unparseable, no key field, rejected by the sink) fails the "
                            + "job with its reason. all: bad records go to the dead-letter sink, which is then "
                            + "required. A bad record is never dropped silently.");

    public static final ConfigOption<String> DEAD_LETTER_SINK = ConfigOption.stringOption("errors.dead-letter.sink")
            .description("The sink bad records are written to, by name; its options live under "
                    + "eos.errors.dead-letter.<name>. Written idempotently like the main sink, keyed like the "
                    + "record. Each dead letter's value is a JSON envelope (reason, error-class, position, "
                    + "batch-time, partition, attempt, headers, value-base64: the original bytes), its fields the "
                    + "envelope's members (field.reason for JDBC columns or HBase cells), and headers "
                    + "eos.error.reason, eos.error.class and eos.error.position (see operations.md, Dead letters). "
                    + "Each dead letter is also logged at WARN with its reason and position, never its bytes.");

    public static final ConfigOption<Integer> RETRY_ATTEMPTS = ConfigOption.intOption("retry.attempts")
            .defaultValue(5)
            .min(1).max(1000)
            .warnAbove(100, "a partition keeps failing that many times before the task fails")
            .description("Attempts per partition of a batch when the sink reports a transient failure "
                    + "(RetriableSinkException); each replays the partition in a new writer. Then the task fails "
                    + "and Spark's own task retries apply.");

    public static final ConfigOption<Duration> RETRY_BACKOFF = ConfigOption.durationOption("retry.backoff")
            .defaultValue(Duration.ofMillis(200))
            .min(Duration.ZERO).max(Duration.ofHours(1))
            .warnAbove(Duration.ofMinutes(1), "the first retry of a transient failure waits that long")
            .description("Wait before the first retry; doubled for every further retry.");

    public static final ConfigOption<Duration> RETRY_MAX_BACKOFF = ConfigOption.durationOption("retry.max-backoff")
            .defaultValue(Duration.ofSeconds(10))
            .min(Duration.ZERO).max(Duration.ofHours(1))
            .warnAbove(Duration.ofMinutes(10), "a batch may stall that long between two retries")
            .description("Longest wait between two retries.");

    public static final ConfigOption<Integer> RETRY_BUFFER_RECORDS = ConfigOption.intOption("retry.buffer-records")
            .defaultValue(100_000)
            .min(0)
            .warnAbove(10_000_000, "each running task may hold that many records in memory")
            .description("Records of a partition kept in memory so that a transient failure can be retried "
                    + "within the task. A larger partition is not buffered: its transient failure fails the task "
                    + "at once, and Spark re-reads the partition from the source.");

    public static final ConfigOption<Duration> PREFLIGHT_TIMEOUT = ConfigOption.durationOption("preflight.timeout")
            .defaultValue(Duration.ofSeconds(30))
            .min(Duration.ofSeconds(1)).max(Duration.ofHours(1))
            .description("How long each preflight step (the checkpoint directory, the source, the sink, the "
                    + "dead-letter sink) may take before validate, run or the library API's ExactlyOnce.preflight() "
                    + "gives up on it, saying which endpoint gave no answer. Bounds a backend that accepts "
                    + "connections and never answers.");

    public static final ConfigOption<String> APP_NAME = ConfigOption.stringOption("app.name")
            .defaultValue("eos")
            .description("The Spark application name.");

    /** The job keys, relative to {@value #PREFIX}; nested source and sink scopes pass through to their own specs. */
    public static final ConfigSpec SPEC = ConfigSpec.builder()
            .add(ENGINE, TRIGGER, SOURCE, SINK, CHECKPOINT_DIR, BATCH_INTERVAL, CHECKPOINT_INTERVAL, KEY, FORMAT,
                    JSON_MAX_STRING_LENGTH, JSON_MAX_NUMBER_LENGTH, JSON_MAX_NESTING_DEPTH, JSON_MAX_NAME_LENGTH,
                    ERRORS_TOLERANCE,
                    DEAD_LETTER_SINK, RETRY_ATTEMPTS, RETRY_BACKOFF, RETRY_MAX_BACKOFF, RETRY_BUFFER_RECORDS,
                    PREFLIGHT_TIMEOUT, APP_NAME)
            .passThrough("source.", "Options of the chosen source, eos.source.<name>.<option>")
            .passThrough("sink.", "Options of the chosen sink, eos.sink.<name>.<option>")
            .passThrough("errors.dead-letter.", "Options of the dead-letter sink, eos.errors.dead-letter.<name>.<option>")
            .build();

    /** The sink side's keys ({@link SinkSettings}): sink, error handling and retries. */
    public static final ConfigSpec SINK_SETTINGS_SPEC = ConfigSpec.builder()
            .add(SINK, ERRORS_TOLERANCE, DEAD_LETTER_SINK, RETRY_ATTEMPTS, RETRY_BACKOFF, RETRY_MAX_BACKOFF,
                    RETRY_BUFFER_RECORDS)
            .passThrough("sink.", "Options of the chosen sink, eos.sink.<name>.<option>")
            .passThrough("errors.dead-letter.", "Options of the dead-letter sink, eos.errors.dead-letter.<name>.<option>")
            .build();

    /** The prefix of the options of sink {@code name}. */
    public static String sinkPrefix(String name) {
        return PREFIX + "sink." + name + ".";
    }

    /** The prefix of the options of source {@code name}. */
    public static String sourcePrefix(String name) {
        return PREFIX + "source." + name + ".";
    }

    /** The prefix of the options of dead-letter sink {@code name}. */
    public static String deadLetterPrefix(String name) {
        return PREFIX + "errors.dead-letter." + name + ".";
    }

    private JobOptions() {
    }
}
