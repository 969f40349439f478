package dev.eos.connector.jdbc;

import com.microsoft.sqlserver.jdbc.SQLServerCallableStatement;
import com.microsoft.sqlserver.jdbc.SQLServerDataTable;
import dev.eos.connector.jdbc.dialect.SqlServerBulk;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;

/** Writes one chunk of rows with distinct keys inside the caller's transaction and says how many it inserted. */
interface RowsWriter {

    /**
     * @param contended whether a try of these rows just failed on the unique key (a concurrent writer won a race)
     */
    long write(Connection connection, List<Object[]> rows, boolean contended) throws SQLException;

    /** The most rows one call takes. */
    int maxRows();

    /** Whether {@link #bulk} is there to try first. */
    default boolean hasBulk() {
        return false;
    }

    /**
     * Inserts every row with the database's bulk path; fails (and the caller rolls back and calls {@link #write})
     * when a key is already stored or a value is refused.
     */
    default long bulk(Connection connection, List<Object[]> rows) throws SQLException {
        throw new UnsupportedOperationException("no bulk path");
    }

    /** The stored keys among the rows' (single-column keys), or null when they cannot be looked up cheaply. */
    default java.util.Set<Object> storedKeys(Connection connection, List<Object[]> rows) throws SQLException {
        return null;
    }

    /** The most rows one {@link #bulk} call takes. */
    default int maxBulkRows() {
        return maxRows();
    }

    /** Mode upsert: the index of the version column in a row; -1 in the other modes. */
    default int versionIndex() {
        return -1;
    }

    /** Mode upsert with delete-on-null: deletes the stored rows of these keys that are older; returns how many. */
    default long delete(Connection connection, List<Object[]> rows) throws SQLException {
        throw new UnsupportedOperationException("deletes need mode upsert");
    }

    /**
     * Mode insert-if-absent: the dialect's set-based statement, after its bulk path when {@code bulk} is set and the
     * dialect has one.
     */
    record InsertIfAbsent(JdbcDialect dialect, TargetTable table, boolean bulk) implements RowsWriter {
        @Override
        public long write(Connection connection, List<Object[]> rows, boolean contended) throws SQLException {
            return contended ? dialect.insertIfAbsentContended(connection, table, rows)
                    : dialect.insertIfAbsent(connection, table, rows);
        }

        @Override
        public int maxRows() {
            return dialect.maxRowsPerStatement(table.columns().size());
        }

        @Override
        public boolean hasBulk() {
            return bulk && dialect.hasBulkInsert();
        }

        @Override
        public long bulk(Connection connection, List<Object[]> rows) throws SQLException {
            return dialect.bulkInsert(connection, table, rows);
        }

        @Override
        public java.util.Set<Object> storedKeys(Connection connection, List<Object[]> rows) throws SQLException {
            return dialect.storedKeys(connection, table, rows);
        }

        @Override
        public int maxBulkRows() {
            return Math.max(1, dialect.maxRowsPerBulkInsert(table.columns().size()));
        }
    }

    /** Mode upsert: the dialect's version-guarded upsert and delete. */
    record Upsert(JdbcDialect dialect, TargetTable table, int versionIndex) implements RowsWriter {
        @Override
        public long write(Connection connection, List<Object[]> rows, boolean contended) throws SQLException {
            return dialect.upsert(connection, table, versionIndex, rows);
        }

        @Override
        public int maxRows() {
            return dialect.maxRowsPerStatement(table.columns().size());
        }

        @Override
        public long delete(Connection connection, List<Object[]> rows) throws SQLException {
            return dialect.deleteOlder(connection, table, versionIndex, rows);
        }
    }

    /**
     * Mode procedure: {@code {? = call proc(?, ?, ...)}} per row, the parameters being the written columns in order;
     * the procedure returns the number of rows it inserted.
     */
    record Procedure(JdbcDialect dialect, TargetTable table, String procedure) implements RowsWriter {
        @Override
        public long write(Connection connection, List<Object[]> rows, boolean contended) throws SQLException {
            int n = table.columns().size();
            StringBuilder call = new StringBuilder("{? = call ").append(procedure).append('(');
            for (int i = 0; i < n; i++) {
                call.append(i == 0 ? "?" : ", ?");
            }
            long inserted = 0;
            try (CallableStatement statement = connection.prepareCall(call.append(")}").toString())) {
                statement.registerOutParameter(1, Types.INTEGER);
                for (Object[] row : rows) {
                    for (int c = 0; c < n; c++) {
                        dialect.bind(statement, c + 2, table.columns().get(c), row[c]);
                    }
                    statement.execute();
                    inserted += statement.getInt(1);
                }
            }
            return inserted;
        }

        @Override
        public int maxRows() {
            return Integer.MAX_VALUE;
        }
    }

    /**
     * Mode procedure with a table-valued parameter (SQL Server): {@code {? = call proc(?)}} once per chunk, the rows
     * in a {@code SQLServerDataTable} of the user's table type; the procedure returns the number of rows it inserted.
     */
    record TableValuedProcedure(TargetTable table, String procedure, String tableType) implements RowsWriter {
        @Override
        public long write(Connection connection, List<Object[]> rows, boolean contended) throws SQLException {
            SQLServerDataTable data = new SQLServerDataTable();
            for (TargetColumn c : table.columns()) {
                data.addColumnMetadata(c.name(), c.jdbcType());
            }
            for (Object[] row : rows) {
                Object[] converted = new Object[row.length];
                for (int i = 0; i < row.length; i++) {
                    converted[i] = SqlServerBulk.sqlServerValue(row[i]);
                }
                data.addRow(converted);
            }
            try (CallableStatement statement = connection.prepareCall("{? = call " + procedure + "(?)}")) {
                statement.registerOutParameter(1, Types.INTEGER);
                statement.unwrap(SQLServerCallableStatement.class).setStructured(2, tableType, data);
                statement.execute();
                return statement.getInt(1);
            }
        }

        @Override
        public int maxRows() {
            return 100_000;
        }
    }
}
