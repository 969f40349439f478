package dev.eos.runtime.source;

import dev.eos.spi.SourcePosition;

import java.io.Serializable;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One event as a source delivers it, before it is parsed and keyed: its bytes, where it came from, its headers and
 * its time if the source knows them.
 *
 * @param value the event's bytes
 * @param position where the event came from; deterministic across replays for a replayable source; null when the
 *     source cannot say
 * @param headers source headers (Kafka headers decoded as UTF-8) in their order, possibly empty; a value may be null
 * @param eventTime when the event happened (a Kafka record's timestamp), or null
 */
public record SourceEvent(byte[] value, SourcePosition position, Map<String, String> headers, Instant eventTime)
        implements Serializable {

    public SourceEvent {
        Objects.requireNonNull(value, "value");
        headers = headers == null || headers.isEmpty() ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    public static SourceEvent of(byte[] value, SourcePosition position) {
        return new SourceEvent(value, position, Map.of(), null);
    }

    @Override
    public String toString() {
        return "SourceEvent{" + (position == null ? "" : "position=" + position + ", ") + value.length + " bytes}";
    }
}
