package dev.eos.connector.jdbc.dialect;

import dev.eos.connector.jdbc.JdbcDialect;
import dev.eos.connector.jdbc.TargetTable;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/** SQL building blocks the built-in dialects share. */
public final class Statements {

    private Statements() {
    }

    /** {@code (?, ?), (?, ?)}: {@code rows} groups of {@code columns} placeholders. */
    public static void appendValueRows(StringBuilder sql, int rows, int columns) {
        StringBuilder one = new StringBuilder("(");
        for (int c = 0; c < columns; c++) {
            one.append(c == 0 ? "?" : ", ?");
        }
        one.append(')');
        for (int r = 0; r < rows; r++) {
            if (r > 0) {
                sql.append(", ");
            }
            sql.append(one);
        }
    }

    /** {@code v1, v2, ...}: aliases of a derived table's columns, safe in any dialect. */
    public static String sourceAliases(int columns) {
        StringBuilder out = new StringBuilder();
        for (int i = 1; i <= columns; i++) {
            out.append(i == 1 ? "" : ", ").append('v').append(i);
        }
        return out.toString();
    }

    /** {@code t.k1 = s.v1 AND t.k2 = s.v3}: the key match between the table alias and the source alias. */
    public static String keyMatch(TargetTable table, String tableAlias, String sourceAlias) {
        StringBuilder out = new StringBuilder();
        int[] keys = table.keyIndexes();
        for (int i = 0; i < keys.length; i++) {
            out.append(i == 0 ? "" : " AND ")
                    .append(tableAlias).append('.').append(table.quotedColumn(keys[i]))
                    .append(" = ").append(sourceAlias).append(".v").append(keys[i] + 1);
        }
        return out.toString();
    }

    /** Binds the rows, row after row, column after column, from parameter 1. */
    public static void bindRows(JdbcDialect dialect, PreparedStatement statement, TargetTable table, List<Object[]> rows)
            throws SQLException {
        int index = 1;
        int n = table.columns().size();
        for (Object[] row : rows) {
            for (int c = 0; c < n; c++) {
                dialect.bind(statement, index++, table.columns().get(c), row[c]);
            }
        }
    }
}
