package dev.eos.connector.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.sql.Types;
import java.util.List;
import java.util.Map;

/**
 * What the {@code jdbc} sink needs to know about one database: the statement that inserts the rows whose key is
 * absent, how its errors are classified, and a few type names. The connector finds dialects with
 * {@link java.util.ServiceLoader} ({@code META-INF/services/dev.eos.connector.jdbc.JdbcDialect}) and picks, among
 * those that {@linkplain #supports(String) support} the JDBC URL, the one with the highest
 * {@linkplain #priority() priority}; when none does, a generic ANSI {@code MERGE} dialect is used.
 *
 * <p>To add a database: implement this interface (or extend {@code dev.eos.connector.jdbc.dialect.AnsiDialect}),
 * list the class in {@code META-INF/services/dev.eos.connector.jdbc.JdbcDialect}, and put the jar next to the
 * connector's jar. Implementations must be stateless and thread-safe, with a public no-argument constructor.
 *
 * <h2>The insert-if-absent contract</h2>
 * {@link #insertIfAbsent(Connection, TargetTable, List)} inserts every row whose key is not in the table and leaves
 * every row whose key is, returning the number inserted; the rows of one call have distinct keys. It runs inside
 * the caller's transaction (auto-commit off) and must stay correct when other transactions insert the same keys at
 * the same time: either the statement waits for them and skips the keys they inserted, or it fails with an error
 * that {@link #classify(SQLException)} reports as {@link ErrorKind#DUPLICATE_KEY}; the caller then rolls back and
 * retries the same rows with {@link #insertIfAbsentContended(Connection, TargetTable, List)}.
 */
public interface JdbcDialect {

    /** A short name for messages and logs ({@code postgresql}). */
    String name();

    /** Whether this dialect handles the given JDBC URL. */
    boolean supports(String jdbcUrl);

    /** Among dialects that support a URL, the highest priority wins; the built-in ones use 0. */
    default int priority() {
        return 0;
    }

    /** The driver class to load explicitly (helps when the driver is not visible to {@code DriverManager}); may be null. */
    default String driverClassName() {
        return null;
    }

    /**
     * The URL handed to the driver for the URL the user configured (a dialect may add what its bundled driver needs to
     * accept it); the configured URL by default.
     */
    default String connectionUrl(String jdbcUrl) {
        return jdbcUrl;
    }

    /** Driver properties this dialect relies on; the user's {@code properties.*} override them. */
    default Map<String, String> connectionProperties() {
        return Map.of();
    }

    /** The most rows one {@link #insertIfAbsent} call may receive for a table of {@code columnCount} written columns. */
    default int maxRowsPerStatement(int columnCount) {
        return Integer.MAX_VALUE;
    }

    /**
     * Inserts the rows whose key is absent.
     *
     * @param rows values in the order of {@link TargetTable#columns()}, already converted for their columns
     *     (String, Long, BigDecimal, Double, Boolean, OffsetDateTime, LocalDateTime, LocalDate, byte[] or null)
     * @return how many rows were inserted
     */
    long insertIfAbsent(Connection connection, TargetTable table, List<Object[]> rows) throws SQLException;

    /**
     * Like {@link #insertIfAbsent}, called when a try of the same rows failed on the unique key because a concurrent
     * writer inserted one of them first. A dialect whose fast statement can lose such a race returns here the form
     * that waits for concurrent inserters and skips their keys. The default calls {@link #insertIfAbsent}.
     */
    default long insertIfAbsentContended(Connection connection, TargetTable table, List<Object[]> rows) throws SQLException {
        return insertIfAbsent(connection, table, rows);
    }

    /**
     * Whether this dialect has a bulk path ({@link #bulkInsert}); without one, {@code write-path=bulk} uses the
     * insert-if-absent statement.
     */
    default boolean hasBulkInsert() {
        return false;
    }

    /**
     * Inserts every row with the database's fastest load into the table, inside the caller's transaction. The rows
     * have distinct keys; when one of them is already stored (a replay, a concurrent attempt) the call must fail
     * with an error {@link #classify(SQLException)} reports as {@link ErrorKind#DUPLICATE_KEY} and store nothing the
     * caller's rollback cannot undo; a value a column refuses must fail it as {@link ErrorKind#DATA}. The caller then
     * rolls back and writes the rows again with {@link #insertIfAbsent}.
     *
     * @return how many rows were inserted (all of them)
     */
    default long bulkInsert(Connection connection, TargetTable table, List<Object[]> rows) throws SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("dialect " + name() + " has no bulk path");
    }

    /**
     * Which of the rows' keys are stored, looked up in one cheap query, for the bulk path once a writer met stored
     * keys (a replay): the rows whose key is absent are then bulk-loaded and the others counted as duplicates. Returns
     * the stored key values (as in the rows) for a single-column key, or null when this dialect does not look keys up
     * (then the writer uses the insert-if-absent statement). The default returns null.
     */
    default java.util.Set<Object> storedKeys(Connection connection, TargetTable table, List<Object[]> rows)
            throws SQLException {
        return null;
    }

    /** The most rows one {@link #bulkInsert} call may receive. */
    default int maxRowsPerBulkInsert(int columnCount) {
        return Integer.MAX_VALUE;
    }

    /**
     * Mode upsert: inserts the rows whose key is absent and updates the stored rows whose version (the column at
     * {@code versionIndex}) is lower than the row's, inside the caller's transaction, leaving every other stored row
     * as it is. Must stay correct when other transactions write the same keys at the same time (the newest version
     * wins whatever the order); an error classified {@link ErrorKind#DUPLICATE_KEY} makes the caller roll back and
     * try again. The default is the ANSI {@code MERGE ... WHEN MATCHED AND d.version < s.version THEN UPDATE ...
     * WHEN NOT MATCHED THEN INSERT}.
     *
     * @return how many rows were inserted or updated
     */
    default long upsert(Connection connection, TargetTable table, int versionIndex, List<Object[]> rows)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                dev.eos.connector.jdbc.dialect.Statements.mergeUpsert(table, versionIndex, rows.size()))) {
            dev.eos.connector.jdbc.dialect.Statements.bindRows(this, statement, table, rows);
            return statement.executeLargeUpdate();
        }
    }

    /**
     * Mode upsert with {@code delete-on-null}: deletes the stored row of each row's key when its version is lower than
     * the row's (only the key and version columns of the rows are set), inside the caller's transaction.
     *
     * @return how many rows were deleted
     */
    default long deleteOlder(Connection connection, TargetTable table, int versionIndex, List<Object[]> rows)
            throws SQLException {
        int[] keys = table.keyIndexes();
        StringBuilder sql = new StringBuilder("DELETE FROM ").append(table.qualifiedName()).append(" WHERE ");
        for (int key : keys) {
            sql.append(table.quotedColumn(key)).append(" = ? AND ");
        }
        sql.append(table.quotedColumn(versionIndex)).append(" < ?");
        long deleted = 0;
        try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
            for (Object[] row : rows) {
                for (int i = 0; i < keys.length; i++) {
                    bind(statement, i + 1, table.columns().get(keys[i]), row[keys[i]]);
                }
                bind(statement, keys.length + 1, table.columns().get(versionIndex), row[versionIndex]);
                deleted += statement.executeUpdate();
            }
        }
        return deleted;
    }

    /** Binds one value; the default uses {@code setObject} with the column's JDBC type. */
    default void bind(PreparedStatement statement, int index, TargetColumn column, Object value) throws SQLException {
        if (value == null) {
            statement.setNull(index, column.jdbcType() == Types.OTHER ? Types.VARCHAR : column.jdbcType());
        } else if (value instanceof String s && column.isText()) {
            statement.setString(index, s);
        } else if (column.jdbcType() == Types.OTHER) {
            statement.setObject(index, value, Types.OTHER);
        } else {
            statement.setObject(index, value);
        }
    }

    /** What an error means: by default from the SQLState classes of the SQL standard. */
    default ErrorKind classify(SQLException e) {
        return SqlStates.classify(e);
    }

    /** Quotes an identifier. */
    default String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    /** Column type for a key column created by {@code create-table}. */
    default String keyColumnType() {
        return "VARCHAR(255)";
    }

    /** Column type for text of any length created by {@code create-table}. */
    default String textColumnType() {
        return "VARCHAR(4000)";
    }

    /** Column type for a timestamp created by {@code create-table}. */
    default String timestampColumnType() {
        return "TIMESTAMP WITH TIME ZONE";
    }

    /** Column type for a 64-bit integer created by {@code create-table}. */
    default String bigintColumnType() {
        return "BIGINT";
    }

    /** Classification by SQLState shared by the built-in dialects. */
    final class SqlStates {
        private SqlStates() {
        }

        public static ErrorKind classify(SQLException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof SQLException sql) {
                    ErrorKind kind = byState(sql.getSQLState());
                    if (kind != null) {
                        return kind;
                    }
                    if (sql instanceof SQLTransientException || sql instanceof SQLRecoverableException
                            || sql instanceof java.sql.SQLNonTransientConnectionException) {
                        return ErrorKind.TRANSIENT;
                    }
                }
                if (t instanceof java.io.IOException) {
                    return ErrorKind.TRANSIENT;
                }
            }
            return ErrorKind.OTHER;
        }

        static ErrorKind byState(String state) {
            if (state == null || state.length() < 2) {
                return null;
            }
            if (state.equals("23505")) {
                return ErrorKind.DUPLICATE_KEY;
            }
            if (state.equals("40001") || state.equals("40P01") || state.startsWith("08") || state.equals("57P01")
                    || state.equals("57P02") || state.equals("57P03") || state.equals("53300") || state.equals("HYT00")) {
                return ErrorKind.TRANSIENT;
            }
            if (state.startsWith("22") || state.startsWith("23")) {
                return ErrorKind.DATA;
            }
            return null;
        }
    }
}
