package dev.eos.spi;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One event's result, ready to be written. Immutable.
 *
 * <ul>
 *   <li>{@link #key()}: the idempotency key. Deterministic: the same event replayed yields the same key (derived
 *       from the event's own fields, or from its source position). A sink keeps one copy per key.</li>
 *   <li>{@link #value()}: the event's bytes, as a sink that stores bytes writes them.</li>
 *   <li>{@link #fields()}: a parsed view (for {@code eos.format=json}: the top-level members, values of type
 *       String, Long, Double, Boolean, nested {@code Map}/{@code List}, or null) for structured sinks; empty
 *       for raw events.</li>
 *   <li>{@link #eventTime()}: when the event happened, if known.</li>
 *   <li>{@link #position()}: where it came from in the source, if known.</li>
 *   <li>{@link #headers()}: source headers (Kafka headers decoded as UTF-8), possibly empty.</li>
 * </ul>
 */
public final class SinkRecord implements Serializable {

    private final String key;
    private final byte[] value;
    private final Map<String, Object> fields;
    private final Instant eventTime;
    private final SourcePosition position;
    private final Map<String, String> headers;

    private SinkRecord(Builder b) {
        if (b.key == null || b.key.isEmpty()) {
            throw new IllegalArgumentException("a record needs a non-empty key");
        }
        this.key = b.key;
        this.value = b.value == null ? new byte[0] : b.value.clone();
        this.fields = b.fields.isEmpty() ? Collections.emptyMap() : Collections.unmodifiableMap(b.handOverFields());
        this.eventTime = b.eventTime;
        this.position = b.position;
        this.headers = b.headers.isEmpty() ? Collections.emptyMap() : Collections.unmodifiableMap(b.handOverHeaders());
    }

    public static Builder builder(String key) {
        return new Builder(key);
    }

    /** A builder holding this record's content, to derive a changed copy. */
    public Builder toBuilder() {
        Builder b = new Builder(key).value(value).fields(fields).eventTime(eventTime).position(position);
        headers.forEach(b::header);
        return b;
    }

    public String key() {
        return key;
    }

    /** The value's bytes (a copy). */
    public byte[] value() {
        return value.clone();
    }

    /** The value decoded as UTF-8. */
    public String valueAsString() {
        return new String(value, StandardCharsets.UTF_8);
    }

    public int valueLength() {
        return value.length;
    }

    public Map<String, Object> fields() {
        return fields;
    }

    /** A field's value, or empty when the field is absent or null. */
    public Optional<Object> field(String name) {
        return Optional.ofNullable(fields.get(name));
    }

    public Optional<Instant> eventTime() {
        return Optional.ofNullable(eventTime);
    }

    public Optional<SourcePosition> position() {
        return Optional.ofNullable(position);
    }

    public Map<String, String> headers() {
        return headers;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SinkRecord r
                && key.equals(r.key)
                && Arrays.equals(value, r.value)
                && fields.equals(r.fields)
                && Objects.equals(eventTime, r.eventTime)
                && Objects.equals(position, r.position)
                && headers.equals(r.headers);
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, Arrays.hashCode(value), fields, eventTime, position, headers);
    }

    /** Key, position and value size; never the value itself, which may hold personal data. */
    @Override
    public String toString() {
        return "SinkRecord{key=" + key + (position == null ? "" : ", position=" + position)
                + ", value=" + value.length + " bytes}";
    }

    /**
     * Builds a {@link SinkRecord}. Not thread-safe. A built record keeps the builder's maps, which the builder copies
     * before its next change (a record is built once per event: no copy in the common case).
     */
    public static final class Builder {
        private final String key;
        private byte[] value;
        private Map<String, Object> fields = Map.of();
        private boolean fieldsHandedOver;
        private Instant eventTime;
        private SourcePosition position;
        private Map<String, String> headers = Map.of();
        private boolean headersHandedOver;

        private Builder(String key) {
            this.key = key;
        }

        public Builder value(byte[] value) {
            this.value = value;
            return this;
        }

        public Builder value(String value) {
            this.value = value.getBytes(StandardCharsets.UTF_8);
            return this;
        }

        public Builder field(String name, Object value) {
            ownFields(1).put(name, value);
            return this;
        }

        public Builder fields(Map<String, ?> fields) {
            if (!fields.isEmpty()) {
                ownFields(fields.size()).putAll(fields);
            }
            return this;
        }

        public Builder eventTime(Instant eventTime) {
            this.eventTime = eventTime;
            return this;
        }

        public Builder position(SourcePosition position) {
            this.position = position;
            return this;
        }

        public Builder header(String name, String value) {
            if (headers.isEmpty() || headersHandedOver) {
                headers = new LinkedHashMap<>(headers);
                headersHandedOver = false;
            }
            headers.put(name, value);
            return this;
        }

        public SinkRecord build() {
            return new SinkRecord(this);
        }

        /** The fields map, this builder's own (copied when a record holds it), with room for {@code more}. */
        private Map<String, Object> ownFields(int more) {
            if (fields.isEmpty() || fieldsHandedOver) {
                Map<String, Object> own = new LinkedHashMap<>(capacity(fields.size() + more));
                own.putAll(fields);
                fields = own;
                fieldsHandedOver = false;
            }
            return fields;
        }

        private Map<String, Object> handOverFields() {
            fieldsHandedOver = true;
            return fields;
        }

        private Map<String, String> handOverHeaders() {
            headersHandedOver = true;
            return headers;
        }

        private static int capacity(int entries) {
            return (int) (entries / 0.75f) + 1;
        }
    }
}
