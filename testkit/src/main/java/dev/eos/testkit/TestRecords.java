package dev.eos.testkit;

import dev.eos.spi.SinkRecord;
import dev.eos.spi.SourcePosition;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Deterministic test records: the same seed and count give the same records. Record {@code i} has
 * key {@code rec-<seed>-<i, 7 digits>}, fields {@code id} (= the key), {@code seq} (Long i) and {@code payload}
 * (a String), value the JSON object of those fields, event time {@code 2026-01-01T00:00:00Z + i seconds}, and
 * position {@code test-topic/0/i}.
 */
public final class TestRecords {

    public static final Instant BASE_TIME = Instant.parse("2026-01-01T00:00:00Z");

    private TestRecords() {
    }

    public static List<SinkRecord> generate(long seed, int count) {
        List<SinkRecord> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(record(seed, i));
        }
        return out;
    }

    public static SinkRecord record(long seed, int i) {
        String id = String.format("rec-%d-%07d", seed, i);
        String payload = "payload-" + Long.toHexString(seed * 1_000_003L + i);
        String json = "{\"id\":\"" + id + "\",\"seq\":" + i + ",\"payload\":\"" + payload + "\"}";
        return SinkRecord.builder(id)
                .value(json)
                .field("id", id)
                .field("seq", (long) i)
                .field("payload", payload)
                .eventTime(BASE_TIME.plusSeconds(i))
                .position(new SourcePosition("test-topic", 0, i))
                .build();
    }
}
