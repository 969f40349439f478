package dev.eos.runtime;

import dev.eos.spi.SinkRecord;

import java.io.Serializable;

/**
 * What an event or element became on its way to the sink: a record ready for it, or an error, a bad record bound for
 * the dead-letter sink with the reason it could not be made.
 *
 * @param record the record; for a bad event, its raw value keyed by its position
 * @param errorReason why the event is bad, or null for a good record
 * @param errorClass the class of the error, or null
 */
record RecordOrError(SinkRecord record, String errorReason, String errorClass) implements Serializable {

    static RecordOrError good(SinkRecord record) {
        return new RecordOrError(record, null, null);
    }

    static RecordOrError bad(SinkRecord record, String reason, String errorClass) {
        return new RecordOrError(record, reason, errorClass);
    }

    boolean isBad() {
        return errorReason != null;
    }
}
