package dev.eos.runtime.config;

import dev.eos.runtime.source.EventSource;
import dev.eos.runtime.source.Sources;
import dev.eos.spi.ConfigOption;
import dev.eos.spi.SinkProvider;
import dev.eos.spi.host.SinkRegistry;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The options every source and sink found in this JVM declares, by the full key a configuration gives them:
 * {@code eos.source.<name>.<option>}, {@code eos.sink.<name>.<option>} and {@code eos.errors.dead-letter.<name>.<option>}.
 * What is secret in a configuration is decided here, by the declarations ({@link ConfigOption#isSecret()}), not by
 * an option's name alone.
 */
public final class DeclaredOptions {

    private DeclaredOptions() {
    }

    /**
     * Every declared option by full key. A source or sink that fails to load is left out: the configuration's
     * validation reports it.
     */
    public static Map<String, ConfigOption<?>> byKey() {
        Map<String, ConfigOption<?>> byKey = new LinkedHashMap<>();
        try {
            for (EventSource source : Sources.load().all()) {
                source.configSpec().options().forEach(o -> byKey.put(JobOptions.sourcePrefix(source.name()) + o.name(), o));
            }
        } catch (RuntimeException | LinkageError e) {
            // reported by the configuration's validation
        }
        try {
            for (SinkProvider provider : SinkRegistry.load().providers()) {
                for (ConfigOption<?> o : provider.configSpec().options()) {
                    byKey.put(JobOptions.sinkPrefix(provider.name()) + o.name(), o);
                    byKey.put(JobOptions.deadLetterPrefix(provider.name()) + o.name(), o);
                }
            }
        } catch (RuntimeException | LinkageError e) {
            // reported by the configuration's validation
        }
        return byKey;
    }
}
