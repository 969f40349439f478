package dev.eos.connector.jdbc.dialect;

import com.microsoft.sqlserver.jdbc.ISQLServerBulkData;
import com.microsoft.sqlserver.jdbc.SQLServerBulkCopy;
import com.microsoft.sqlserver.jdbc.SQLServerBulkCopyOptions;
import com.microsoft.sqlserver.jdbc.SQLServerConnection;
import dev.eos.connector.jdbc.TargetColumn;
import dev.eos.connector.jdbc.TargetTable;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * SQL Server's bulk path: {@code SQLServerBulkCopy} of one chunk into the table, inside the caller's transaction
 * (the driver joins the connection's open transaction), with CHECK constraints verified, triggers fired and NULLs
 * kept, as an INSERT would.
 */
public final class SqlServerBulk {

    private SqlServerBulk() {
    }

    static long copy(Connection connection, TargetTable table, List<Object[]> rows) throws SQLException {
        SQLServerBulkCopyOptions options = new SQLServerBulkCopyOptions();
        options.setCheckConstraints(true);
        options.setFireTriggers(true);
        options.setKeepNulls(true);
        options.setBatchSize(0);
        options.setBulkCopyTimeout(0);
        options.setUseInternalTransaction(false);
        try (SQLServerBulkCopy copy = new SQLServerBulkCopy(connection.unwrap(SQLServerConnection.class))) {
            copy.setBulkCopyOptions(options);
            copy.setDestinationTableName(table.qualifiedName());
            for (int i = 0; i < table.columns().size(); i++) {
                copy.addColumnMapping(i + 1, table.columns().get(i).name());
            }
            copy.writeToServer(new Rows(table, rows));
        }
        return rows.size();
    }

    /** A value as the SQL Server driver takes it in bulk copy and table-valued parameters. */
    public static Object sqlServerValue(Object value) {
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

    /** The chunk as the driver's bulk data source. */
    private static final class Rows implements ISQLServerBulkData {
        private static final long serialVersionUID = 1L;
        private final transient TargetTable table;
        private final transient List<Object[]> rows;
        private final int[] scales;
        private int next;

        Rows(TargetTable table, List<Object[]> rows) {
            this.table = table;
            this.rows = rows;
            this.scales = new int[table.columns().size()];
            for (Object[] row : rows) {
                for (int c = 0; c < scales.length; c++) {
                    if (row[c] instanceof BigDecimal d) {
                        scales[c] = Math.max(scales[c], Math.max(0, d.scale()));
                    }
                }
            }
        }

        @Override
        public Set<Integer> getColumnOrdinals() {
            Set<Integer> ordinals = new LinkedHashSet<>();
            for (int i = 1; i <= table.columns().size(); i++) {
                ordinals.add(i);
            }
            return ordinals;
        }

        @Override
        public String getColumnName(int column) {
            return table.columns().get(column - 1).name();
        }

        @Override
        public int getColumnType(int column) {
            return table.columns().get(column - 1).jdbcType();
        }

        @Override
        public int getPrecision(int column) {
            TargetColumn c = table.columns().get(column - 1);
            return c.size() > 0 && c.size() < Integer.MAX_VALUE ? c.size() : (c.isNumeric() ? 38 : 0);
        }

        @Override
        public int getScale(int column) {
            return scales[column - 1];
        }

        @Override
        public Object[] getRowData() {
            Object[] row = rows.get(next - 1);
            Object[] out = new Object[row.length];
            for (int i = 0; i < row.length; i++) {
                out[i] = sqlServerValue(row[i]);
            }
            return out;
        }

        @Override
        public boolean next() {
            if (next >= rows.size()) {
                return false;
            }
            next++;
            return true;
        }
    }
}
