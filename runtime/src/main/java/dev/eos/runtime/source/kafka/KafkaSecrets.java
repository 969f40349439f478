package dev.eos.runtime.source.kafka;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.eos.runtime.scrub.Scrubber;
import dev.eos.spi.ConfigSpec;
import dev.eos.spi.Secret;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the Kafka consumer settings' secrets out of the checkpoint. What the stream graph holds (the consumer
 * strategy, the per-batch function) are the settings {@linkplain #masked masked}; the real values are
 * {@linkplain #resolve resolved} on the driver, from the settings the job started in this JVM
 * {@linkplain #register registered} (before it created or recovered its context), so a recovered driver uses the
 * secrets of the configuration it was started with. Executors get the resolved settings with their tasks (the
 * {@link KafkaRangeRDD} and its partitions are serialized into tasks, never into the checkpoint). Thread-safe.
 */
final class KafkaSecrets {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaSecrets.class);
    private static final Map<String, Map<String, Object>> CURRENT = new ConcurrentHashMap<>();

    private KafkaSecrets() {
    }

    /** The consumer settings of the job started in this JVM under {@code key} (the source's option prefix). */
    static void register(String key, Map<String, Object> params) {
        CURRENT.put(key, Map.copyOf(params));
    }

    /** Forgets every registered setting (tests: a JVM that started no job). */
    static void clear() {
        CURRENT.clear();
    }

    /**
     * The settings with every secret masked ({@link Secret#HIDDEN}): values of credential-looking keys, and the
     * credentials inside values (JAAS passwords, connection strings, URL user-info) as {@link Scrubber} finds them.
     */
    static Map<String, Object> masked(Map<String, Object> params) {
        Map<String, String> strings = new LinkedHashMap<>();
        params.forEach((k, v) -> {
            if (v instanceof String s) {
                strings.put(k, s);
            }
        });
        Scrubber.remember(strings);
        Map<String, Object> out = new LinkedHashMap<>();
        params.forEach((k, v) -> {
            if (v instanceof String s) {
                out.put(k, ConfigSpec.looksSecret(k) && !s.isBlank() ? Secret.HIDDEN : Scrubber.scrub(s));
            } else {
                out.put(k, v);
            }
        });
        return out;
    }

    /**
     * The checkpointed (masked) settings with each masked value replaced by the value of the same key in the
     * settings registered under {@code key}; the masked settings themselves (which cannot log in) when none were.
     */
    static Map<String, Object> resolve(String key, Map<String, Object> masked) {
        Map<String, Object> current = CURRENT.get(key);
        if (current == null) {
            if (masked.values().stream().anyMatch(v -> v instanceof String s && s.contains(Secret.HIDDEN))) {
                LOG.warn("No Kafka settings for {} were registered in this JVM: the consumer uses the checkpointed "
                        + "settings, whose secrets are masked", key);
            }
            return new LinkedHashMap<>(masked);
        }
        Map<String, Object> out = new LinkedHashMap<>(masked);
        masked.forEach((k, v) -> {
            if (v instanceof String s && s.contains(Secret.HIDDEN) && current.containsKey(k)) {
                out.put(k, current.get(k));
            }
        });
        return out;
    }
}
