package dev.eos.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eos.connector.support.RecordExpression;
import dev.eos.runtime.config.JobOptions;
import dev.eos.runtime.config.JobOptions.Format;
import dev.eos.runtime.source.SourceEvent;
import dev.eos.spi.SinkRecord;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns source events into records: parses them ({@code eos.format}) and keys them ({@code eos.key}, a record
 * expression: the position, a field or a header). An event that does not parse, or lacks its key, becomes a bad
 * record carrying its reason, keyed by its position.
 */
final class RecordMapper implements Serializable {

    private static final long serialVersionUID = 1L;

    private final Format format;
    private final RecordExpression key;
    private final JsonLimits limits;
    private transient ObjectMapper json;

    RecordMapper(Format format, RecordExpression key, JsonLimits limits) {
        this.format = format;
        this.key = key;
        this.limits = limits;
    }

    /** From the job's validated {@code eos.format}, {@code eos.key} (a record expression) and {@code eos.json.*}. */
    static RecordMapper of(Format format, String key, JsonLimits limits) {
        return new RecordMapper(format, JobOptions.key(key), limits);
    }

    /** With Jackson's default JSON limits. */
    static RecordMapper of(Format format, String key) {
        return of(format, key, JsonLimits.DEFAULTS);
    }

    static RecordMapper of(Map<String, String> properties) {
        Format format = JobOptions.FORMAT.parse(properties.getOrDefault("eos.format", "raw"));
        return of(format, properties.getOrDefault("eos.key", "position"));
    }

    RecordOrError map(SourceEvent event) {
        return map(event, Map.of());
    }

    /**
     * As {@link #map(SourceEvent)}, for an event that comes with fields of its own (the columns of a Structured
     * Streaming row): they are the record's fields under {@code eos.format=raw}; under {@code json} the parsed value's
     * members are.
     */
    RecordOrError map(SourceEvent event, Map<String, Object> columns) {
        SinkRecord.Builder b;
        Map<String, Object> fields = columns;
        if (format == Format.JSON) {
            try {
                fields = parseObject(json(), event.value());
            } catch (IOException | IllegalArgumentException e) {
                String reason = "not a JSON object: " + firstLine(e.getMessage());
                return RecordOrError.bad(fallback(event).build(), reason, e.getClass().getName());
            }
        }
        switch (key.kind()) {
            case POSITION -> {
                if (event.position() == null) {
                    return RecordOrError.bad(fallback(event).fields(fields).build(),
                            "the source gives no position to key the record by (set eos.key=field.<name>)",
                            IllegalArgumentException.class.getName());
                }
                b = SinkRecord.builder(event.position().toString());
            }
            case FIELD -> {
                Object value = fields.get(key.name());
                if (value instanceof byte[] bytes) {
                    value = new String(bytes, StandardCharsets.UTF_8);
                }
                if (value == null || value instanceof Map || value instanceof List || value.toString().isEmpty()) {
                    String reason = value == null ? "missing key field \"" + key.name() + "\""
                            : "key field \"" + key.name() + "\" is not a non-empty scalar";
                    return RecordOrError.bad(fallback(event).fields(fields).build(), reason,
                            IllegalArgumentException.class.getName());
                }
                b = SinkRecord.builder(value.toString());
            }
            case HEADER -> {
                String value = event.headers().get(key.name());
                if (value == null || value.isEmpty()) {
                    return RecordOrError.bad(fallback(event).fields(fields).build(), "missing key header \"" + key.name()
                            + "\"", IllegalArgumentException.class.getName());
                }
                b = SinkRecord.builder(value);
            }
            default -> throw new IllegalStateException("eos.key=" + key + " is not a key expression");
        }
        b.value(event.value()).fields(fields).position(event.position()).eventTime(event.eventTime());
        event.headers().forEach(b::header);
        return RecordOrError.good(b.build());
    }

    Iterator<RecordOrError> map(Iterator<SourceEvent> events) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return events.hasNext();
            }

            @Override
            public RecordOrError next() {
                return map(events.next());
            }
        };
    }

    /** A bad event as a record: its raw bytes keyed by its position (or by a hash of its bytes). */
    private static SinkRecord.Builder fallback(SourceEvent event) {
        String key = event.position() != null ? event.position().toString() : "sha256:" + sha256(event.value());
        SinkRecord.Builder b = SinkRecord.builder(key).value(event.value()).position(event.position())
                .eventTime(event.eventTime());
        event.headers().forEach(b::header);
        return b;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    private ObjectMapper json() {
        if (json == null) {
            json = limits.mapper();
        }
        return json;
    }

    static Map<String, Object> parseObject(ObjectMapper json, byte[] value) throws IOException {
        JsonNode node;
        try {
            node = json.readTree(new String(value, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e.getOriginalMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("the value is " + (node == null ? "empty" : node.getNodeType()
                    .toString().toLowerCase(java.util.Locale.ROOT)));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> fields = (Map<String, Object>) toJava(node);
        return fields;
    }

    private static Object toJava(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.put(e.getKey(), toJava(e.getValue()));
            }
            return out;
        }
        if (node.isArray()) {
            List<Object> out = new ArrayList<>();
            node.forEach(n -> out.add(toJava(n)));
            return out;
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() ? (Object) node.longValue() : (Object) node.decimalValue().doubleValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isNull()) {
            return null;
        }
        return node.asText();
    }
}
