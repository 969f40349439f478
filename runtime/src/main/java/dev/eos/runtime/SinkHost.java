package dev.eos.runtime;

import dev.eos.runtime.config.JobOptions;
import dev.eos.runtime.config.JobOptions.Tolerance;
import dev.eos.spi.ConfigSpec;
import dev.eos.spi.Sink;
import dev.eos.spi.Config;

import java.io.Serializable;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * The sink side of a job, as shipped to executors: only the configuration (a map of strings), from which each JVM
 * parses its settings and looks up its sinks once ({@link SinkCache}).
 */
public final class SinkHost implements Serializable {

    private static final long serialVersionUID = 1L;

    private final TreeMap<String, String> properties;
    private transient Settings settings;

    /** @param properties the job's {@code eos.*} keys, already validated */
    public SinkHost(Map<String, String> properties) {
        this.properties = new TreeMap<>(properties);
    }

    public Map<String, String> properties() {
        return properties;
    }

    Settings settings() {
        Settings s = settings;
        if (s == null) {
            s = Settings.parse(properties);
            settings = s;
        }
        return s;
    }

    Sink sink() {
        Settings s = settings();
        return SinkCache.get(s.sink, JobOptions.sinkPrefix(s.sink), properties);
    }

    /** The dead-letter sink, or null when none is configured. */
    Sink deadLetterSink() {
        Settings s = settings();
        return s.deadLetterSink == null ? null
                : SinkCache.get(s.deadLetterSink, JobOptions.deadLetterPrefix(s.deadLetterSink), properties);
    }

    /** The host's parsed settings. */
    record Settings(String sink, Tolerance tolerance, String deadLetterSink, int attempts, Duration backoff,
                    Duration maxBackoff, int bufferRecords) {

        static Settings parse(Map<String, String> properties) {
            Config c = hostSpec().parse(JobOptions.PREFIX, hostKeys(properties));
            return new Settings(c.get(JobOptions.SINK), c.get(JobOptions.ERRORS_TOLERANCE),
                    c.get(JobOptions.DEAD_LETTER_SINK), c.get(JobOptions.RETRY_ATTEMPTS),
                    c.get(JobOptions.RETRY_BACKOFF), c.get(JobOptions.RETRY_MAX_BACKOFF),
                    c.get(JobOptions.RETRY_BUFFER_RECORDS));
        }
    }

    static ConfigSpec hostSpec() {
        return JobOptions.SINK_HOST_SPEC;
    }

    /** The keys {@link JobOptions#SINK_HOST_SPEC} judges: the sink, error handling and retries. */
    static Map<String, String> hostKeys(Map<String, String> properties) {
        Map<String, String> out = new TreeMap<>();
        properties.forEach((k, v) -> {
            if (k.startsWith("eos.sink") || k.startsWith("eos.errors.") || k.startsWith("eos.retry.")) {
                out.put(k, v);
            }
        });
        return out;
    }
}
