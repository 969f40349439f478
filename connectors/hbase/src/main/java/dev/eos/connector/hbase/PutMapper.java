package dev.eos.connector.hbase;

import dev.eos.connector.hbase.HBaseSinkOptions.TimestampSource;
import dev.eos.connector.support.JsonText;
import dev.eos.connector.support.RecordExpression;
import dev.eos.spi.SinkDataException;
import dev.eos.spi.SinkRecord;
import dev.eos.spi.SourcePosition;
import org.apache.hadoop.hbase.HConstants;
import org.apache.hadoop.hbase.KeyValue;
import org.apache.hadoop.hbase.client.Durability;
import org.apache.hadoop.hbase.client.Put;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

/**
 * Turns a record into one {@link Put}: row key, cells and the deterministic timestamp. Every check that can be
 * made without the server is made here, so a bad record fails in {@code write} with a {@link SinkDataException}.
 * Immutable and thread-safe.
 */
final class PutMapper {

    private final RowKeyTemplate rowKey;
    private final byte[] family;
    private final byte[] valueQualifier;
    private final Map<String, RecordExpression> columns;
    private final boolean allFields;
    private final TimestampSource timestamp;
    private final Durability durability;
    private final long maxCellSize;

    PutMapper(HBaseSinkConfig config, long maxCellSize) {
        this.rowKey = config.rowKey();
        this.family = config.family();
        this.valueQualifier = config.valueQualifier().getBytes(StandardCharsets.UTF_8);
        this.columns = config.columns();
        this.allFields = config.allFields();
        this.timestamp = config.timestamp();
        this.durability = config.durability();
        this.maxCellSize = maxCellSize;
    }

    /**
     * The record's put.
     *
     * @throws SinkDataException when the record has no row key, no timestamp, no cell, or a cell above the size limit
     */
    RecordPut toPut(SinkRecord record) {
        byte[] row = rowKey.rowKey(record);
        if (row.length > HConstants.MAX_ROW_LENGTH) {
            throw new SinkDataException(record, "row key of " + row.length + " bytes is longer than HBase's limit of "
                    + HConstants.MAX_ROW_LENGTH);
        }
        long ts = timestamp(record);
        RecordPut put = new RecordPut(row, record);
        put.setDurability(durability);
        if (allFields) {
            record.fields().forEach((field, value) -> {
                if (value != null) {
                    add(put, record, field.getBytes(StandardCharsets.UTF_8), ts, bytes(value));
                }
            });
        } else if (columns.isEmpty()) {
            add(put, record, valueQualifier, ts, record.value());
        } else {
            columns.forEach((qualifier, expression) -> {
                Object value = expression.value(record, null);
                if (value != null) {
                    add(put, record, qualifier.getBytes(StandardCharsets.UTF_8), ts, bytes(value));
                }
            });
        }
        if (put.isEmpty()) {
            throw new SinkDataException(record, "none of the values written as columns "
                    + (allFields ? "(every field)" : columns.values().toString()) + " is present");
        }
        return put;
    }

    /** The cell timestamp: event time in milliseconds, the source offset, or "latest" (server time). */
    long timestamp(SinkRecord record) {
        return switch (timestamp) {
            case EVENT_TIME -> {
                Instant time = record.eventTime().orElseThrow(() -> new SinkDataException(record,
                        "no event time, and the cell timestamp is the event time (timestamp=event-time)"));
                long millis;
                try {
                    millis = time.toEpochMilli();
                } catch (ArithmeticException e) {
                    millis = -1;
                }
                if (millis < 0) {
                    throw new SinkDataException(record, "event time " + time + " is before 1970, which an HBase "
                            + "timestamp cannot hold");
                }
                yield millis;
            }
            case SOURCE_POSITION -> {
                SourcePosition position = record.position().orElseThrow(() -> new SinkDataException(record,
                        "no source position, and the cell timestamp is the source offset (timestamp=source-position)"));
                if (position.offset() < 0 || position.offset() == HConstants.LATEST_TIMESTAMP) {
                    throw new SinkDataException(record, "source offset " + position.offset()
                            + " cannot be an HBase timestamp");
                }
                yield position.offset();
            }
            case SERVER -> HConstants.LATEST_TIMESTAMP;
        };
    }

    /** Cell bytes: a value's own bytes; anything else as UTF-8 text, nested values as JSON. */
    private static byte[] bytes(Object value) {
        return value instanceof byte[] b ? b : JsonText.text(value).getBytes(StandardCharsets.UTF_8);
    }

    private void add(Put put, SinkRecord record, byte[] qualifier, long ts, byte[] value) {
        long size = KeyValue.getKeyValueDataStructureSize(put.getRow().length, family.length, qualifier.length,
                value.length);
        if (maxCellSize > 0 && size > maxCellSize) {
            throw new SinkDataException(record, "cell " + new String(qualifier, StandardCharsets.UTF_8) + " of "
                    + size + " bytes is above hbase.client.keyvalue.maxsize (" + maxCellSize + ")");
        }
        put.addColumn(family, qualifier, ts, value);
    }

    /** A put that remembers its record, so that a failure reported for the row names the record. */
    static final class RecordPut extends Put {
        private final SinkRecord record;

        RecordPut(byte[] row, SinkRecord record) {
            super(row, true);
            this.record = record;
        }

        SinkRecord record() {
            return record;
        }
    }
}
