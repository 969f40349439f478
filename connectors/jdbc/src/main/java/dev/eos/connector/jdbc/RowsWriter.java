package dev.eos.connector.jdbc;

import com.microsoft.sqlserver.jdbc.SQLServerCallableStatement;
import com.microsoft.sqlserver.jdbc.SQLServerDataTable;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.List;

/** Writes one chunk of rows with distinct keys inside the caller's transaction and says how many it inserted. */
interface RowsWriter {

    /**
     * @param contended whether a try of these rows just failed on the unique key (a concurrent writer won a race)
     */
    long write(Connection connection, List<Object[]> rows, boolean contended) throws SQLException;

    /** The most rows one call takes. */
    int maxRows();

    /** Mode insert-if-absent: the dialect's set-based statement. */
    record InsertIfAbsent(JdbcDialect dialect, TargetTable table) implements RowsWriter {
        @Override
        public long write(Connection connection, List<Object[]> rows, boolean contended) throws SQLException {
            return contended ? dialect.insertIfAbsentContended(connection, table, rows)
                    : dialect.insertIfAbsent(connection, table, rows);
        }

        @Override
        public int maxRows() {
            return dialect.maxRowsPerStatement(table.columns().size());
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
                    converted[i] = forTvp(row[i]);
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

        private static Object forTvp(Object value) {
            if (value instanceof OffsetDateTime odt) {
                return microsoft.sql.DateTimeOffset.valueOf(Timestamp.from(odt.toInstant()), 0);
            }
            if (value instanceof LocalDateTime ldt) {
                return Timestamp.valueOf(ldt);
            }
            if (value instanceof LocalDate d) {
                return java.sql.Date.valueOf(d);
            }
            return value;
        }

        @Override
        public int maxRows() {
            return 100_000;
        }
    }
}
