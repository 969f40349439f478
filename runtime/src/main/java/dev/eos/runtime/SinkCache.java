package dev.eos.runtime;

import dev.eos.runtime.scrub.Scrubber;
import dev.eos.spi.Sink;
import dev.eos.spi.host.SinkRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sinks of this JVM, one per configuration: created on first use (on the driver or an executor) and shared by
 * every task of the JVM, as the SPI's {@link Sink} contract expects. Closed when the JVM shuts down, after Spark
 * stopped (a graceful stop still writes).
 */
public final class SinkCache {

    private static final Logger LOG = LoggerFactory.getLogger(SinkCache.class);
    private static final Map<Key, Sink> SINKS = new ConcurrentHashMap<>();
    private static volatile boolean hookInstalled;

    private SinkCache() {
    }

    /**
     * The sink {@code name} configured by the keys under {@code prefix} of {@code properties}, created when this JVM
     * has none for that configuration yet.
     *
     * @throws dev.eos.spi.ConfigException when the configuration is invalid (every problem)
     */
    public static Sink get(String name, String prefix, Map<String, String> properties) {
        Map<String, String> own = new TreeMap<>();
        properties.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                own.put(k, v);
            }
        });
        Key key = new Key(name, prefix, own);
        Sink sink = SINKS.get(key);
        if (sink != null) {
            return sink;
        }
        synchronized (SINKS) {
            return SINKS.computeIfAbsent(key, k -> {
                installShutdownHook();
                // an executor of a cluster learns the sink's secrets here; its logs are scrubbed of them from now on
                Scrubber.install(own);
                Sink created = SinkRegistry.load().create(name, prefix, own);
                LOG.info("Created sink {} ({})", name, created.getClass().getName());
                return created;
            });
        }
    }

    /** Closes and forgets every sink of this JVM. */
    public static void closeAll() {
        synchronized (SINKS) {
            for (Sink sink : List.copyOf(SINKS.values())) {
                try {
                    sink.close();
                } catch (RuntimeException e) {
                    LOG.warn("Closing sink {} failed: {}", sink.getClass().getName(), e.toString());
                }
            }
            SINKS.clear();
        }
    }

    private static void installShutdownHook() {
        if (hookInstalled) {
            return;
        }
        hookInstalled = true;
        try {
            // Spark's own hook manager runs hooks by priority: streaming (51) and SparkContext (50) stop first
            org.apache.spark.util.ShutdownHookManager.addShutdownHook(10, () -> {
                closeAll();
                return scala.runtime.BoxedUnit.UNIT;
            });
        } catch (LinkageError e) {
            Runtime.getRuntime().addShutdownHook(new Thread(SinkCache::closeAll, "eos-sink-close"));
        }
    }

    private record Key(String name, String prefix, Map<String, String> properties) {
    }
}
