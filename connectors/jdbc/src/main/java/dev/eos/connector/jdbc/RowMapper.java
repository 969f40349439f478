package dev.eos.connector.jdbc;

import dev.eos.spi.SinkDataException;
import dev.eos.spi.SinkRecord;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

/** Turns a record into a row of the target table: one value per written column, converted for its type. */
final class RowMapper {

    private final TargetTable table;
    private final List<ValueSource> sources;
    private final int[] keys;

    RowMapper(TargetTable table, List<ValueSource> sources) {
        this.table = table;
        this.sources = List.copyOf(sources);
        this.keys = table.keyIndexes();
    }

    /**
     * The record's row.
     *
     * @throws SinkDataException when a value does not fit its column or a key column would be NULL
     */
    Object[] row(SinkRecord record) {
        Object[] row = new Object[sources.size()];
        for (int i = 0; i < row.length; i++) {
            TargetColumn column = table.columns().get(i);
            try {
                row[i] = Values.convert(sources.get(i).extract(record), column);
            } catch (IllegalArgumentException e) {
                throw new SinkDataException(record, "column " + column.name() + " (from " + sources.get(i).text() + "): "
                        + e.getMessage());
            }
        }
        for (int k : keys) {
            if (row[k] == null) {
                throw new SinkDataException(record, "key column " + table.columns().get(k).name()
                        + " would be NULL: the record has no " + sources.get(k).text());
            }
        }
        return row;
    }

    /** How the source of the written column at {@code index} is written, for messages. */
    String source(int index) {
        return sources.get(index).text();
    }

    /** The key part of a row, usable as a map key. */
    Object key(Object[] row) {
        if (keys.length == 1) {
            return comparable(row[keys[0]]);
        }
        Object[] key = new Object[keys.length];
        for (int i = 0; i < keys.length; i++) {
            key[i] = comparable(row[keys[i]]);
        }
        return Arrays.asList(key);
    }

    /** A total order over keys made by {@link #key(Object[])}, the same in every writer. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static int compareKeys(Object a, Object b) {
        if (a instanceof List<?> la && b instanceof List<?> lb) {
            for (int i = 0; i < Math.min(la.size(), lb.size()); i++) {
                int c = compareKeys(la.get(i), lb.get(i));
                if (c != 0) {
                    return c;
                }
            }
            return Integer.compare(la.size(), lb.size());
        }
        if (a instanceof Comparable ca && b != null && a.getClass() == b.getClass()) {
            return ca.compareTo(b);
        }
        return String.valueOf(a).compareTo(String.valueOf(b));
    }

    private static Object comparable(Object value) {
        return value instanceof byte[] b ? ByteBuffer.wrap(b) : value;
    }
}
