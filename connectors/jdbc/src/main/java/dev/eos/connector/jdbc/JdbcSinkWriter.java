package dev.eos.connector.jdbc;

import dev.eos.spi.RetriableSinkException;
import dev.eos.spi.SinkDataException;
import dev.eos.spi.SinkException;
import dev.eos.spi.SinkRecord;
import dev.eos.spi.SinkWriter;
import dev.eos.spi.WriteResult;
import dev.eos.spi.WriteResult.RejectedRecord;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Buffers rows and writes them {@code batch-size} at a time, each batch in its own transaction: a batch is stored
 * whole or not at all. Rows whose key is already stored (or repeated within the batch) are counted as duplicates.
 * A batch the database refuses for its data is split in halves until the bad rows are isolated; they are reported
 * as rejected and the rest lands. Transient failures are retried a few times on the same connection when it is
 * still usable (a deadlock victim), then surface as {@link RetriableSinkException} and the host replays.
 *
 * <p>On the bulk path a chunk goes first through the database's bulk load; when that fails (a key already stored,
 * a refused value) the chunk is rolled back and written by statement as above. A chunk that met a stored key means
 * a replay, so from then on the writer looks each chunk's keys up first (where the dialect can) and bulk-loads only
 * the absent rows; should that still meet a stored key (a concurrent attempt), the rest goes by statement.
 *
 * <p>In mode upsert, of the records of one batch with the same key only the one with the greatest version is written
 * (the first among equals); the others count as duplicates.
 */
final class JdbcSinkWriter implements SinkWriter {

    private static final int ATTEMPTS = 4;

    private final JdbcSink sink;
    private final TargetTable table;
    private final RowMapper mapper;
    private final RowsWriter rowsWriter;
    private final int batchSize;
    private final boolean deleteOnNull;
    private final int versionIndex;
    private boolean bulk;
    private boolean probe;
    private final List<Pending> pending = new ArrayList<>();
    private final List<RejectedRecord> rejected = new ArrayList<>();
    private long written;
    private long duplicates;
    private boolean done;

    /** A mapped record; a tombstone (mode upsert, delete-on-null) deletes the row of its key. */
    private record Pending(SinkRecord record, Object[] row, boolean tombstone) {
    }

    JdbcSinkWriter(JdbcSink sink, TargetTable table, RowMapper mapper, RowsWriter rowsWriter, int batchSize,
                   boolean deleteOnNull) {
        this.sink = sink;
        this.table = table;
        this.mapper = mapper;
        this.rowsWriter = rowsWriter;
        this.batchSize = batchSize;
        this.deleteOnNull = deleteOnNull;
        this.versionIndex = rowsWriter.versionIndex();
        this.bulk = rowsWriter.hasBulk();
    }

    @Override
    public void write(SinkRecord record) {
        if (done) {
            throw new IllegalStateException("writer already committed or closed");
        }
        Object[] row = mapper.row(record);
        if (versionIndex >= 0 && row[versionIndex] == null) {
            throw new SinkDataException(record, "version column " + table.columns().get(versionIndex).name()
                    + " would be NULL: the record has no " + mapper.source(versionIndex));
        }
        pending.add(new Pending(record, row, deleteOnNull && record.valueLength() == 0));
        if (pending.size() >= batchSize) {
            flush();
        }
    }

    @Override
    public WriteResult commit() {
        if (done) {
            throw new IllegalStateException("writer already committed or closed");
        }
        flush();
        done = true;
        return new WriteResult(written, duplicates, rejected);
    }

    @Override
    public void close() {
        done = true;
        pending.clear();
    }

    private void flush() {
        if (pending.isEmpty()) {
            return;
        }
        Map<Object, Pending> unique = new LinkedHashMap<>();
        for (Pending p : pending) {
            Pending kept = unique.putIfAbsent(mapper.key(p.row()), p);
            if (kept != null) {
                duplicates++;
                if (versionIndex >= 0 && RowMapper.compareKeys(p.row()[versionIndex], kept.row()[versionIndex]) > 0) {
                    unique.put(mapper.key(p.row()), p);
                }
            }
        }
        pending.clear();
        // one key order for every writer: concurrent attempts then lock keys in the same order and cannot deadlock
        List<Map.Entry<Object, Pending>> sorted = new ArrayList<>(unique.entrySet());
        sorted.sort((a, b) -> RowMapper.compareKeys(a.getKey(), b.getKey()));
        List<Pending> rows = new ArrayList<>(sorted.size());
        sorted.forEach(e -> rows.add(e.getValue()));
        try (Connection connection = sink.connection()) {
            connection.setAutoCommit(false);
            int from = 0;
            while (from < rows.size()) {
                int max = Math.max(1, bulk ? rowsWriter.maxBulkRows() : rowsWriter.maxRows());
                List<Pending> chunk = rows.subList(from, Math.min(rows.size(), from + max));
                if (!bulk || !(probe ? writeAbsentInBulk(connection, chunk) : writeBulk(connection, chunk))) {
                    writeByStatement(connection, chunk);
                }
                from += chunk.size();
            }
        } catch (SQLException e) {
            throw sink.failure("Writing to table " + table.displayName() + " at " + sink.config().redactedUrl() + " failed", e);
        }
    }

    /** Tries the chunk on the bulk path; false, rolled back, when it must be written by statement. */
    private boolean writeBulk(Connection connection, List<Pending> chunk) {
        try {
            long inserted = rowsWriter.bulk(connection, rows(chunk));
            connection.commit();
            written += inserted;
            duplicates += chunk.size() - inserted;
            return true;
        } catch (SQLException e) {
            rollback(connection);
            if (sink.dialect().classify(e) == ErrorKind.DUPLICATE_KEY) {
                // a replay or a concurrent attempt, whose next chunks meet stored keys too: look them up first
                if (probe) {
                    bulk = false;
                }
                probe = true;
            }
            return false;
        }
    }

    /**
     * After a chunk met stored keys: looks the chunk's keys up, counts the stored ones as duplicates and bulk-loads
     * the rest; false (nothing written, rolled back) when the dialect cannot look keys up or the load failed.
     */
    private boolean writeAbsentInBulk(Connection connection, List<Pending> chunk) throws SQLException {
        Set<Object> stored;
        try {
            stored = rowsWriter.storedKeys(connection, rows(chunk));
        } catch (SQLException e) {
            rollback(connection);
            return false;
        }
        if (stored == null) {
            rollback(connection);
            bulk = false;
            return false;
        }
        List<Pending> absent = new ArrayList<>(chunk.size());
        for (Pending p : chunk) {
            if (!stored.contains(mapper.key(p.row()))) {
                absent.add(p);
            }
        }
        if (absent.isEmpty()) {
            connection.commit();
            duplicates += chunk.size();
            return true;
        }
        if (writeBulk(connection, absent)) {
            duplicates += chunk.size() - absent.size();
            return true;
        }
        return false;
    }

    private void writeByStatement(Connection connection, List<Pending> rows) throws SQLException {
        int max = Math.max(1, rowsWriter.maxRows());
        for (int from = 0; from < rows.size(); from += max) {
            writeChunk(connection, rows.subList(from, Math.min(rows.size(), from + max)));
        }
    }

    private void writeChunk(Connection connection, List<Pending> chunk) throws SQLException {
        boolean contended = false;
        List<Pending> upserts = chunk.stream().filter(p -> !p.tombstone()).toList();
        List<Pending> tombstones = chunk.stream().filter(Pending::tombstone).toList();
        for (int attempt = 1; ; attempt++) {
            try {
                long inserted = (upserts.isEmpty() ? 0 : rowsWriter.write(connection, rows(upserts), contended))
                        + (tombstones.isEmpty() ? 0 : rowsWriter.delete(connection, rows(tombstones)));
                connection.commit();
                written += inserted;
                duplicates += chunk.size() - inserted;
                return;
            } catch (SQLException e) {
                rollback(connection);
                ErrorKind kind = sink.dialect().classify(e);
                switch (kind) {
                    case DUPLICATE_KEY -> {
                        // another writer inserted one of these keys between our check and our insert: look again
                        contended = true;
                        if (attempt < ATTEMPTS) {
                            continue;
                        }
                        if (chunk.size() == 1) {
                            reject(chunk.get(0), "a unique constraint other than the key columns refused the row: "
                                    + reason(e));
                            return;
                        }
                        split(connection, chunk);
                        return;
                    }
                    case DATA -> {
                        if (chunk.size() == 1) {
                            reject(chunk.get(0), reason(e));
                        } else {
                            split(connection, chunk);
                        }
                        return;
                    }
                    case TRANSIENT -> {
                        if (attempt < ATTEMPTS && usable(connection)) {
                            pause(attempt);
                            continue;
                        }
                        throw sink.failure("Writing to table " + table.displayName() + " at " + sink.config().redactedUrl() + " failed", e);
                    }
                    default -> throw sink.failure("Writing to table " + table.displayName() + " at " + sink.config().redactedUrl() + " failed", e);
                }
            }
        }
    }

    private void split(Connection connection, List<Pending> chunk) throws SQLException {
        int half = chunk.size() / 2;
        writeChunk(connection, chunk.subList(0, half));
        writeChunk(connection, chunk.subList(half, chunk.size()));
    }

    private void reject(Pending p, String reason) {
        rejected.add(new RejectedRecord(p.record(), reason));
    }

    private String reason(SQLException e) {
        String message = sink.config().redact(String.valueOf(e.getMessage()));
        int newline = message.indexOf('\n');
        if (newline > 0) {
            message = message.substring(0, newline);
        }
        if (message.length() > 500) {
            message = message.substring(0, 500) + "...";
        }
        return "the database refused the row (SQLState " + e.getSQLState() + "): " + message;
    }

    private static List<Object[]> rows(List<Pending> chunk) {
        List<Object[]> out = new ArrayList<>(chunk.size());
        for (Pending p : chunk) {
            out.add(p.row());
        }
        return out;
    }

    private static void rollback(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; the classification of the original error decides what happens
        }
    }

    private static boolean usable(Connection connection) {
        try {
            return connection.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(50L << attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SinkException("interrupted while retrying a write", e);
        }
    }
}
