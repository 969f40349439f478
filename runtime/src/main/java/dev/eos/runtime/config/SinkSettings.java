package dev.eos.runtime.config;

import dev.eos.runtime.config.JobOptions.Tolerance;
import dev.eos.spi.ConfigException;
import dev.eos.spi.ConfigOption;
import dev.eos.spi.Secret;
import dev.eos.spi.host.SinkRegistry;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The sink side of a job, parsed once from the configuration: which sink and dead-letter sink with their options,
 * what happens to bad records, and how transient failures are retried. The job, the library API and the executors
 * (it is shipped to them) all use this one record; {@link #parse} is the one place its keys are read and its rules
 * checked.
 *
 * <p>Data only: the sinks themselves are created by whoever uses the settings (the job, the library API), through
 * the per-JVM sink cache. Immutable and serializable; {@link #toString()} never shows an option's value.
 *
 * @param sink the sink's name ({@code eos.sink})
 * @param sinkOptions the sink's keys, each under {@code eos.sink.<sink>.}
 * @param deadLetterSink the dead-letter sink's name ({@code eos.errors.dead-letter.sink}), or null for none
 * @param deadLetterOptions the dead-letter sink's keys, each under {@code eos.errors.dead-letter.<name>.}; empty
 *     without a dead-letter sink
 * @param tolerance {@code eos.errors.tolerance}
 * @param retryAttempts {@code eos.retry.attempts}, at least 1
 * @param retryBackoff {@code eos.retry.backoff}
 * @param retryMaxBackoff {@code eos.retry.max-backoff}, not shorter than the backoff
 * @param retryBufferRecords {@code eos.retry.buffer-records}, not negative
 */
public record SinkSettings(String sink, Map<String, String> sinkOptions, String deadLetterSink,
                           Map<String, String> deadLetterOptions, Tolerance tolerance, int retryAttempts,
                           Duration retryBackoff, Duration retryMaxBackoff, int retryBufferRecords)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The problem when {@code eos.errors.tolerance=all} has no dead-letter sink. */
    public static final String TOLERANCE_ALL_NEEDS_DEAD_LETTER = ConfigException.invalid(
            key(JobOptions.ERRORS_TOLERANCE), "all", "bad records need somewhere to go: set "
                    + key(JobOptions.DEAD_LETTER_SINK) + " (bad records are never dropped silently)");

    /** The warning when a dead-letter sink is set that {@code eos.errors.tolerance=none} never uses. */
    public static final String DEAD_LETTER_UNUSED = key(JobOptions.DEAD_LETTER_SINK) + " is set but "
            + key(JobOptions.ERRORS_TOLERANCE) + "=none: a bad record stops the job and nothing is dead-lettered";

    public SinkSettings {
        sinkOptions = Map.copyOf(sinkOptions);
        deadLetterOptions = Map.copyOf(deadLetterOptions);
    }

    /**
     * Reads and checks the sink settings of a configuration: the keys of {@link JobOptions#SINK_SETTINGS_SPEC}, the
     * rules across them, whether the named sinks were found, and each sink's declared options.
     *
     * @param properties the configuration's {@code eos.*} keys (others are ignored)
     * @throws ConfigException with every problem found
     */
    public static SinkSettings parse(Map<String, String> properties) {
        Map<String, String> keys = new TreeMap<>();
        properties.forEach((k, v) -> {
            if (isSinkKey(k)) {
                keys.put(k, v);
            }
        });
        List<String> problems = new ArrayList<>();
        try {
            JobOptions.SINK_SETTINGS_SPEC.parse(JobOptions.PREFIX, keys);
        } catch (ConfigException e) {
            problems.addAll(e.problems());
        }
        // each value on its own, so that the rules below are checked even when another key is invalid
        String sink = value(JobOptions.SINK, keys);
        String deadLetterSink = value(JobOptions.DEAD_LETTER_SINK, keys);
        Tolerance tolerance = value(JobOptions.ERRORS_TOLERANCE, keys);
        Integer attempts = value(JobOptions.RETRY_ATTEMPTS, keys);
        Duration backoff = value(JobOptions.RETRY_BACKOFF, keys);
        Duration maxBackoff = value(JobOptions.RETRY_MAX_BACKOFF, keys);
        Integer bufferRecords = value(JobOptions.RETRY_BUFFER_RECORDS, keys);

        if (tolerance == Tolerance.ALL && deadLetterSink == null) {
            problems.add(TOLERANCE_ALL_NEEDS_DEAD_LETTER);
        }
        if (backoff != null && maxBackoff != null && maxBackoff.compareTo(backoff) < 0) {
            problems.add(ConfigException.invalid(key(JobOptions.RETRY_MAX_BACKOFF),
                    JobOptions.RETRY_MAX_BACKOFF.format(maxBackoff),
                    "must not be shorter than " + key(JobOptions.RETRY_BACKOFF) + " ("
                            + JobOptions.RETRY_BACKOFF.format(backoff) + ")"));
        }
        if (sink != null || deadLetterSink != null) {
            checkSinks(sink, deadLetterSink, keys, problems);
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new SinkSettings(sink, under(JobOptions.sinkPrefix(sink), keys), deadLetterSink,
                deadLetterSink == null ? Map.of() : under(JobOptions.deadLetterPrefix(deadLetterSink), keys),
                tolerance, attempts, backoff, maxBackoff, bufferRecords);
    }

    /** Whether {@code key} is one of the sink settings' keys: {@code eos.sink*}, {@code eos.errors.*}, {@code eos.retry.*}. */
    public static boolean isSinkKey(String key) {
        return key.startsWith(JobOptions.PREFIX + "sink") || key.startsWith(JobOptions.PREFIX + "errors.")
                || key.startsWith(JobOptions.PREFIX + "retry.");
    }

    /** Unknown sink names and the sinks' declared options. */
    private static void checkSinks(String sink, String deadLetterSink, Map<String, String> keys, List<String> problems) {
        SinkRegistry registry;
        try {
            registry = SinkRegistry.load();
        } catch (ConfigException e) {
            problems.addAll(e.problems());
            return;
        }
        if (sink != null) {
            checkSink(registry, key(JobOptions.SINK), sink, JobOptions.sinkPrefix(sink), keys, problems);
        }
        if (deadLetterSink != null) {
            checkSink(registry, key(JobOptions.DEAD_LETTER_SINK), deadLetterSink,
                    JobOptions.deadLetterPrefix(deadLetterSink), keys, problems);
        }
    }

    private static void checkSink(SinkRegistry registry, String key, String name, String prefix,
                                  Map<String, String> keys, List<String> problems) {
        if (!registry.names().contains(name)) {
            problems.add(registry.unknownSink(key, name));
            return;
        }
        try {
            registry.provider(key, name).configSpec().parse(prefix, keys);
        } catch (ConfigException e) {
            problems.addAll(e.problems());
        }
    }

    /** The option's value, its default when unset, or null when it is invalid (the spec's parse reports that). */
    private static <T> T value(ConfigOption<T> option, Map<String, String> keys) {
        String text = keys.get(key(option));
        if (text == null || text.isBlank()) {
            return option.defaultValue();
        }
        try {
            return option.parse(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Map<String, String> under(String prefix, Map<String, String> keys) {
        Map<String, String> out = new TreeMap<>();
        keys.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k, v);
            }
        });
        return out;
    }

    private static String key(ConfigOption<?> option) {
        return JobOptions.PREFIX + option.name();
    }

    /** The prefix of the sink's options, {@code eos.sink.<sink>.}. */
    public String sinkPrefix() {
        return JobOptions.sinkPrefix(sink);
    }

    /** The prefix of the dead-letter sink's options, or null without a dead-letter sink. */
    public String deadLetterPrefix() {
        return deadLetterSink == null ? null : JobOptions.deadLetterPrefix(deadLetterSink);
    }

    /** Settings that are valid but probably not what was meant. */
    public List<String> warnings() {
        return tolerance == Tolerance.NONE && deadLetterSink != null ? List.of(DEAD_LETTER_UNUSED) : List.of();
    }

    /** The settings with the options' keys but not their values (a value may be a secret). */
    @Override
    public String toString() {
        return "SinkSettings[sink=" + sink + ", sinkOptions=" + new TreeMap<>(sinkOptions).keySet()
                + ", deadLetterSink=" + deadLetterSink + ", deadLetterOptions="
                + new TreeMap<>(deadLetterOptions).keySet() + ", tolerance=" + tolerance + ", retryAttempts="
                + retryAttempts + ", retryBackoff=" + retryBackoff + ", retryMaxBackoff=" + retryMaxBackoff
                + ", retryBufferRecords=" + retryBufferRecords + ", option values " + Secret.HIDDEN + "]";
    }
}
