package dev.eos.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eos.spi.SinkRecord;
import dev.eos.spi.SourcePosition;
import dev.eos.spi.WriteContext;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The dead letter of a bad record: what the runtime hands the dead-letter sink, whichever sink that is. Built once,
 * here, so that every sink stores the reason with the record (docs/operations.md, "Dead letters", documents it):
 *
 * <ul>
 *   <li>key: the bad record's own key, so a replayed dead letter is stored once;</li>
 *   <li>value: the envelope, a JSON object ({@value #VERSION_FIELD}, reason, error-class, position, source,
 *       source-partition, offset, event-time, batch-time, partition, attempt, headers, value-base64: the original
 *       bytes, base64-encoded), for sinks that store bytes (files, Azure Blob, ADLS);</li>
 *   <li>fields: the envelope's members, for structured sinks (JDBC columns, HBase cells: {@code field.reason});</li>
 *   <li>headers: the original headers plus {@code eos.error.reason}, {@code eos.error.class} and
 *       {@code eos.error.position};</li>
 *   <li>event time and position: the original record's.</li>
 * </ul>
 */
final class DeadLetter {

    static final String HEADER_REASON = "eos.error.reason";
    static final String HEADER_CLASS = "eos.error.class";
    static final String HEADER_POSITION = "eos.error.position";

    /** The member that names the envelope and its version. */
    static final String VERSION_FIELD = "eos-dead-letter";
    static final int VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper();

    private DeadLetter() {
    }

    /**
     * The dead letter of {@code record}.
     *
     * @param reason why it is bad
     * @param errorClass the class of the error that made it bad
     * @param context the partition and attempt that found it bad
     */
    static SinkRecord of(SinkRecord record, String reason, String errorClass, WriteContext context) {
        Map<String, Object> envelope = envelope(record, reason, errorClass, context);
        byte[] value;
        try {
            value = JSON.writeValueAsBytes(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a dead-letter envelope is plain JSON", e);
        }
        SinkRecord.Builder b = SinkRecord.builder(record.key())
                .value(value)
                .fields(envelope)
                .eventTime(record.eventTime().orElse(null))
                .position(record.position().orElse(null));
        record.headers().forEach(b::header);
        return b.header(HEADER_REASON, reason)
                .header(HEADER_CLASS, errorClass)
                .header(HEADER_POSITION, record.position().map(Object::toString).orElse(""))
                .build();
    }

    /** The envelope's members, in their documented order; absent parts are null. */
    static Map<String, Object> envelope(SinkRecord record, String reason, String errorClass, WriteContext context) {
        SourcePosition position = record.position().orElse(null);
        Map<String, Object> e = new LinkedHashMap<>();
        e.put(VERSION_FIELD, VERSION);
        e.put("key", record.key());
        e.put("reason", reason);
        e.put("error-class", errorClass);
        e.put("position", position == null ? null : position.toString());
        e.put("source", position == null ? null : position.source());
        e.put("source-partition", position == null ? null : position.partition());
        e.put("offset", position == null ? null : position.offset());
        e.put("event-time", record.eventTime().map(Object::toString).orElse(null));
        e.put("batch-time", context.batchTime().toString());
        e.put("partition", context.partition());
        e.put("attempt", context.attempt());
        e.put("headers", new LinkedHashMap<>(record.headers()));
        e.put("value-base64", Base64.getEncoder().encodeToString(record.value()));
        return e;
    }

    /** The log line of a dead letter: reason, key, position and batch; never the record's bytes. */
    static String describe(SinkRecord record, String reason, String errorClass, WriteContext context) {
        return "Dead-lettered record \"" + record.key() + "\""
                + record.position().map(p -> " at " + p).orElse(" (no source position)")
                + " of batch " + context.batchTime() + " partition " + context.partition() + " attempt "
                + context.attempt() + ": " + reason + " (" + errorClass + ")";
    }
}
