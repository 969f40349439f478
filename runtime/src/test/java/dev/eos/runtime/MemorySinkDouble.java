package dev.eos.runtime;

import dev.eos.spi.ConfigOption;
import dev.eos.spi.ConfigSpec;
import dev.eos.spi.RetriableSinkException;
import dev.eos.spi.Secret;
import dev.eos.spi.Sink;
import dev.eos.spi.Config;
import dev.eos.spi.ConfigException;
import dev.eos.spi.SinkDataException;
import dev.eos.spi.SinkProvider;
import dev.eos.spi.SinkRecord;
import dev.eos.spi.SinkWriter;
import dev.eos.spi.WriteContext;
import dev.eos.spi.WriteResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test double standing in for an idempotent backend (a table with a unique key): an in-memory store per name,
 * keeping the first record written per key. Sink name {@code memory-double}. It can fail transiently a given number
 * of times ({@code retriable-failures}), reject records whose value contains a marker ({@code reject}), and fail its
 * preflight; it has a secret option to check redaction.
 */
public final class MemorySinkDouble implements SinkProvider {

    static final ConfigOption<String> STORE = ConfigOption.stringOption("store").required()
            .description("Name of the in-memory store.");
    static final ConfigOption<Integer> RETRIABLE_FAILURES = ConfigOption.intOption("retriable-failures")
            .defaultValue(0).description("Commits that fail with RetriableSinkException before one succeeds.");
    static final ConfigOption<String> REJECT = ConfigOption.stringOption("reject")
            .description("Records whose value contains this are rejected with SinkDataException.");
    static final ConfigOption<Boolean> FAIL_PREFLIGHT = ConfigOption.booleanOption("fail-preflight")
            .defaultValue(false).description("Preflight fails.");
    static final ConfigOption<Secret> TOKEN = ConfigOption.secretOption("token").description("A secret.");

    /** Stored records per store, by key. */
    static final Map<String, Map<String, SinkRecord>> STORES = new ConcurrentHashMap<>();
    /** Every write context opened, per store. */
    static final Map<String, List<WriteContext>> OPENED = new ConcurrentHashMap<>();
    private static final Map<String, AtomicInteger> FAILURES_LEFT = new ConcurrentHashMap<>();

    static Map<String, SinkRecord> store(String name) {
        return STORES.computeIfAbsent(name, n -> new ConcurrentHashMap<>());
    }

    static List<WriteContext> opened(String name) {
        return OPENED.computeIfAbsent(name, n -> new CopyOnWriteArrayList<>());
    }

    static void reset(String name) {
        STORES.remove(name);
        OPENED.remove(name);
        FAILURES_LEFT.remove(name);
    }

    @Override
    public String name() {
        return "memory-double";
    }

    @Override
    public String description() {
        return "In-memory test double";
    }

    @Override
    public ConfigSpec configSpec() {
        return ConfigSpec.of(STORE, RETRIABLE_FAILURES, REJECT, FAIL_PREFLIGHT, TOKEN);
    }

    @Override
    public Sink create(Config config) {
        if (config.get(STORE).equals("forbidden")) {
            throw new ConfigException(ConfigException.invalid(config.key(STORE), "forbidden", "reserved name"));
        }
        String name = config.get(STORE);
        FAILURES_LEFT.computeIfAbsent(name, n -> new AtomicInteger(config.get(RETRIABLE_FAILURES)));
        return new MemorySink(name, config.get(REJECT), config.get(FAIL_PREFLIGHT));
    }

    private record MemorySink(String store, String reject, boolean failPreflight) implements Sink {

        @Override
        public void preflight() {
            if (failPreflight) {
                throw new ConfigException("Store " + store + " is not writable (eos.sink.memory-double.fail-preflight)");
            }
        }

        @Override
        public SinkWriter open(WriteContext context) {
            opened(store).add(context);
            return new SinkWriter() {
                private final List<SinkRecord> buffer = new ArrayList<>();

                @Override
                public void write(SinkRecord record) {
                    if (reject != null && record.valueAsString().contains(reject)) {
                        throw new SinkDataException(record, "value contains \"" + reject + "\"");
                    }
                    buffer.add(record);
                }

                @Override
                public WriteResult commit() {
                    AtomicInteger left = FAILURES_LEFT.get(store);
                    if (left != null && left.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                        throw new RetriableSinkException("store " + store + " is busy");
                    }
                    long written = 0;
                    for (SinkRecord r : buffer) {
                        if (MemorySinkDouble.store(store).putIfAbsent(r.key(), r) == null) {
                            written++;
                        }
                    }
                    return WriteResult.of(written, buffer.size() - written);
                }

                @Override
                public void close() {
                }
            };
        }

        @Override
        public void close() {
        }
    }
}
