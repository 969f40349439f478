package dev.eos.testkit.fake;

import dev.eos.spi.ConfigOption;
import dev.eos.spi.ConfigSpec;
import dev.eos.spi.Secret;
import dev.eos.spi.Sink;
import dev.eos.spi.Config;
import dev.eos.spi.SinkDataException;
import dev.eos.spi.SinkProvider;
import dev.eos.spi.SinkRecord;
import dev.eos.spi.SinkWriter;
import dev.eos.spi.WriteContext;
import dev.eos.spi.WriteResult;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A fake sink that stands in for a real backend in the kit's own tests: an in-memory map per named store, shared
 * by the JVM. Idempotent per key (insert if absent, count the rest as duplicates) unless {@code mode=broken}, where
 * it appends every record it is given (a non-idempotent sink the kit must catch). Records whose value starts with
 * {@code INVALID} are rejected from {@code write}. With {@code mode=in-place} a large value is stored in two halves,
 * the first visible to readers until the next {@link #read(String)} (a writer that writes its final file in place).
 */
public class InMemorySinkFake {

    /** The stores by name: key to every stored copy's value. */
    public static final Map<String, Map<String, List<String>>> STORES = new ConcurrentHashMap<>();

    public enum Mode { IDEMPOTENT, BROKEN, DROPPING, OVERWRITE, IN_PLACE }

    /** Values from this size on are written in two visible steps with {@code mode=in-place}. */
    static final int IN_PLACE_FROM_BYTES = 64 * 1024;

    private static final java.util.concurrent.atomic.AtomicLong READS = new java.util.concurrent.atomic.AtomicLong();

    /** What a reader of {@code store} sees now: key to every stored copy's value. */
    public static Map<String, List<String>> read(String store) {
        Map<String, List<String>> copy = new java.util.TreeMap<>();
        STORES.getOrDefault(store, Map.of()).forEach((k, v) -> copy.put(k, List.copyOf(v)));
        READS.incrementAndGet();
        return copy;
    }

    static final ConfigOption<String> STORE = ConfigOption.stringOption("store").required()
            .description("Name of the in-memory store.");
    static final ConfigOption<Secret> PASSWORD = ConfigOption.secretOption("password")
            .description("A password that guards nothing, to test redaction.");
    static final ConfigOption<Integer> FLUSH_EVERY = ConfigOption.intOption("flush-every").defaultValue(10)
            .check(n -> n > 0, "must be positive").description("Records buffered before they are stored.");
    static final ConfigOption<Duration> TIMEOUT = ConfigOption.durationOption("timeout").defaultValue(Duration.ofSeconds(5))
            .description("Unused.");
    static final ConfigOption<Mode> MODE = ConfigOption.enumOption("mode", Mode.class).defaultValue(Mode.IDEMPOTENT)
            .description("idempotent, broken (appends duplicates), dropping (silently drops bad records), overwrite "
                    + "(replaces the stored copy and counts it as written, stores every record) or in-place "
                    + "(idempotent, but a large value is visible half-written for a while).");

    /** The provider with every capability. */
    public static class Provider implements SinkProvider {
        @Override
        public String name() {
            return "in-memory-fake";
        }

        @Override
        public ConfigSpec configSpec() {
            return ConfigSpec.builder().add(STORE, PASSWORD, FLUSH_EVERY, TIMEOUT, MODE)
                    .passThrough("client.", "Ignored client options.").build();
        }

        @Override
        public Sink create(Config config) {
            return new FakeSink(config.get(STORE), config.get(FLUSH_EVERY), config.get(MODE), config.toString());
        }
    }

    /** A provider without secrets whose sink overwrites: no capabilities at all. */
    public static class OverwritingProvider implements SinkProvider {
        @Override
        public String name() {
            return "in-memory-overwrite-fake";
        }

        @Override
        public ConfigSpec configSpec() {
            return ConfigSpec.builder().add(STORE, FLUSH_EVERY).passThrough("client.", "Ignored client options.").build();
        }

        @Override
        public Sink create(Config config) {
            return new FakeSink(config.get(STORE), config.get(FLUSH_EVERY), Mode.OVERWRITE, config.toString());
        }
    }

    private record FakeSink(String store, int flushEvery, Mode mode, String description) implements Sink {
        @Override
        public SinkWriter open(WriteContext context) {
            return new FakeWriter(STORES.computeIfAbsent(store, s -> new ConcurrentHashMap<>()), flushEvery, mode);
        }

        @Override
        public void close() {
        }

        @Override
        public String toString() {
            return "FakeSink{" + description + "}";
        }
    }

    private static final class FakeWriter implements SinkWriter {
        private final Map<String, List<String>> data;
        private final int flushEvery;
        private final Mode mode;
        private final List<SinkRecord> buffer = new ArrayList<>();
        private long written;
        private long duplicates;

        FakeWriter(Map<String, List<String>> data, int flushEvery, Mode mode) {
            this.data = data;
            this.flushEvery = flushEvery;
            this.mode = mode;
        }

        @Override
        public void write(SinkRecord record) {
            if (record.valueAsString().startsWith("INVALID") && mode != Mode.OVERWRITE) {
                if (mode == Mode.DROPPING) {
                    return;
                }
                throw new SinkDataException(record, "value starts with INVALID");
            }
            buffer.add(record);
            if (buffer.size() >= flushEvery) {
                flush();
            }
        }

        private void flush() {
            for (SinkRecord record : buffer) {
                String value = record.valueAsString();
                if (mode == Mode.IN_PLACE && value.length() >= IN_PLACE_FROM_BYTES && !data.containsKey(record.key())) {
                    writeFirstHalfAndWaitForAReader(record.key(), value);
                }
                boolean[] added = {false};
                data.compute(record.key(), (k, copies) -> {
                    List<String> list = copies == null ? new ArrayList<>() : new ArrayList<>(copies);
                    if (mode == Mode.OVERWRITE) {
                        list = new ArrayList<>(List.of(value));
                        added[0] = true;
                    } else if (mode == Mode.IN_PLACE && list.size() == 1 && !value.equals(list.get(0))
                            && value.startsWith(list.get(0))) {
                        list = new ArrayList<>(List.of(value));
                        added[0] = true;
                    } else if (list.isEmpty() || mode == Mode.BROKEN) {
                        list.add(value);
                        added[0] = true;
                    }
                    return list;
                });
                if (added[0]) {
                    written++;
                } else {
                    duplicates++;
                }
            }
            buffer.clear();
        }

        /**
         * The first half of the value where readers see it, until a read that started after it was there has ended
         * (two reads ended), at most 10 s.
         */
        private void writeFirstHalfAndWaitForAReader(String key, String value) {
            data.put(key, List.of(value.substring(0, value.length() / 2)));
            long readsBefore = READS.get();
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
            while (READS.get() < readsBefore + 2 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
        }

        @Override
        public WriteResult commit() {
            flush();
            return WriteResult.of(written, duplicates);
        }

        @Override
        public void close() {
            buffer.clear();
        }
    }
}
