package dev.eos.runtime.config;

import dev.eos.runtime.source.EventSource;
import dev.eos.runtime.source.Sources;
import dev.eos.spi.ConfigOption;
import dev.eos.spi.ConfigSpec;
import dev.eos.spi.SinkProvider;
import dev.eos.spi.host.SinkRegistry;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The declared option behind each key of a configuration: the option of a source or sink found in this JVM that
 * the key names ({@code eos.source.<name>.<option>}, {@code eos.sink.<name>.<option>},
 * {@code eos.errors.dead-letter.<name>.<option>}, each also under {@code spark.}). What is secret in a configuration
 * is decided by these declarations ({@link ConfigOption#isSecret()}), not by an option's name alone.
 */
public final class DeclaredOptions {

    private static final String SPARK = "spark.";

    private DeclaredOptions() {
    }

    /**
     * The declared option of each of {@code keys} that has one. Only the sources and sinks the keys name are asked for
     * their options; one that fails to load is left out (the configuration's validation reports it).
     */
    public static Map<String, ConfigOption<?>> of(Collection<String> keys) {
        Map<String, ConfigOption<?>> byKey = new LinkedHashMap<>();
        try {
            for (EventSource source : Sources.load().all()) {
                add(byKey, keys, JobOptions.sourcePrefix(source.name()), source::configSpec);
            }
        } catch (RuntimeException | LinkageError e) {
            // reported by the configuration's validation
        }
        try {
            for (SinkProvider provider : SinkRegistry.load().providers()) {
                add(byKey, keys, JobOptions.sinkPrefix(provider.name()), provider::configSpec);
                add(byKey, keys, JobOptions.deadLetterPrefix(provider.name()), provider::configSpec);
            }
        } catch (RuntimeException | LinkageError e) {
            // reported by the configuration's validation
        }
        return byKey;
    }

    private static void add(Map<String, ConfigOption<?>> byKey, Collection<String> keys, String prefix,
                            Supplier<ConfigSpec> spec) {
        ConfigSpec declared = null;
        for (String key : keys) {
            String eosKey = key.startsWith(SPARK + JobOptions.PREFIX) ? key.substring(SPARK.length()) : key;
            if (!eosKey.startsWith(prefix)) {
                continue;
            }
            if (declared == null) {
                declared = spec.get();
            }
            String name = eosKey.substring(prefix.length());
            declared.options().stream().filter(o -> o.name().equals(name)).findFirst()
                    .ifPresent(o -> byKey.put(key, o));
        }
    }
}
