package dev.eos.runtime;

import dev.eos.runtime.config.SinkSettings;
import dev.eos.runtime.scrub.Scrubber;
import dev.eos.spi.ConfigException;
import dev.eos.spi.Sink;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The sink side of a job bound to the sinks of the JVM it runs in: the {@link SinkSettings} (all that is shipped to
 * the executors, and checkpointed with the stream), and the sink and dead-letter sink they name, looked up in this
 * JVM's {@link SinkCache} and so created once per JVM.
 */
final class SinkBinding implements Serializable {

    private static final long serialVersionUID = 1L;

    private final SinkSettings settings;

    private SinkBinding(SinkSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * Creates this JVM's sink and dead-letter sink (without contacting them) and binds them to the settings.
     *
     * @throws ConfigException with every problem the sinks found in their options
     */
    static SinkBinding create(SinkSettings settings) {
        SinkBinding binding = new SinkBinding(settings);
        List<String> problems = new ArrayList<>();
        try {
            binding.sink();
        } catch (ConfigException e) {
            problems.addAll(e.problems());
        }
        try {
            binding.deadLetterSink();
        } catch (ConfigException e) {
            problems.addAll(e.problems());
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return binding;
    }

    /**
     * The same binding with every secret of its options masked ({@link Scrubber}): what the checkpoint may hold. Its
     * sinks cannot log in; the job uses it only to know the sinks' names and non-secret settings.
     */
    SinkBinding withoutSecrets() {
        Scrubber.remember(settings.sinkOptions());
        Scrubber.remember(settings.deadLetterOptions());
        return new SinkBinding(new SinkSettings(settings.sink(), scrubbed(settings.sinkOptions()),
                settings.deadLetterSink(), scrubbed(settings.deadLetterOptions()), settings.tolerance(),
                settings.retryAttempts(), settings.retryBackoff(), settings.retryMaxBackoff(),
                settings.retryBufferRecords()));
    }

    private static Map<String, String> scrubbed(Map<String, String> options) {
        Map<String, String> out = new TreeMap<>();
        options.forEach((k, v) -> out.put(k, Scrubber.scrub(v)));
        return out;
    }

    SinkSettings settings() {
        return settings;
    }

    /** This JVM's sink. */
    Sink sink() {
        return SinkCache.get(settings.sink(), settings.sinkPrefix(), settings.sinkOptions());
    }

    /** This JVM's dead-letter sink, or null when none is configured. */
    Sink deadLetterSink() {
        return settings.deadLetterSink() == null ? null
                : SinkCache.get(settings.deadLetterSink(), settings.deadLetterPrefix(), settings.deadLetterOptions());
    }
}
