package dev.eos.runtime;

import dev.eos.spi.SinkRecord;

import java.io.Serializable;

/**
 * A record ready for the sink, or a bad one bound for the dead-letter sink with the reason it could not be made.
 *
 * @param record the record; for a bad event, its raw value keyed by its position
 * @param errorReason why the event is bad, or null for a good record
 * @param errorClass the class of the error, or null
 */
record Prepared(SinkRecord record, String errorReason, String errorClass) implements Serializable {

    static Prepared good(SinkRecord record) {
        return new Prepared(record, null, null);
    }

    static Prepared bad(SinkRecord record, String reason, String errorClass) {
        return new Prepared(record, reason, errorClass);
    }

    boolean isBad() {
        return errorReason != null;
    }
}
