package dev.eos.spi;

import java.util.Objects;

/**
 * One record cannot be written, whatever the number of retries: a value the backend rejects, a field a path
 * template needs is missing, a row too large. Thrown by {@link SinkWriter#write(SinkRecord)} for that record;
 * the writer stays usable. The host sends the record with {@link #reason()} to the dead-letter destination.
 */
public class SinkDataException extends SinkException {

    private final transient SinkRecord record;
    private final String reason;

    public SinkDataException(SinkRecord record, String reason) {
        this(record, reason, null);
    }

    public SinkDataException(SinkRecord record, String reason, Throwable cause) {
        super(describe(record, reason), cause);
        this.record = Objects.requireNonNull(record, "record");
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** The rejected record; {@code null} only after this exception was serialized. */
    public SinkRecord record() {
        return record;
    }

    /** Why the record was rejected, without the record's content. */
    public String reason() {
        return reason;
    }

    private static String describe(SinkRecord record, String reason) {
        String where = record.position().map(p -> " at " + p).orElse("");
        return "Record \"" + record.key() + "\"" + where + " rejected: " + reason;
    }
}
