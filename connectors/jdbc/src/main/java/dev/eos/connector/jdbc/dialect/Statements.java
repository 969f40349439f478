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

    /**
     * {@code MERGE INTO t AS d USING (VALUES ...) AS s (v1, ...) ON <key> WHEN MATCHED AND d.ver < s.vN THEN UPDATE
     * SET <non-key columns> WHEN NOT MATCHED THEN INSERT ...}: the ANSI upsert with the version guard.
     */
    public static String mergeUpsert(TargetTable table, int versionIndex, int rowCount) {
        int n = table.columns().size();
        StringBuilder sql = new StringBuilder("MERGE INTO ").append(table.qualifiedName()).append(" AS d USING (VALUES ");
        appendValueRows(sql, rowCount, n);
        sql.append(") AS s (").append(sourceAliases(n)).append(") ON ").append(keyMatch(table, "d", "s"))
                .append(" WHEN MATCHED AND d.").append(table.quotedColumn(versionIndex)).append(" < s.v")
                .append(versionIndex + 1).append(" THEN UPDATE SET ").append(updateList(table, "s.v", ""))
                .append(" WHEN NOT MATCHED THEN INSERT (").append(table.quotedColumnList()).append(") VALUES (");
        for (int i = 0; i < n; i++) {
            sql.append(i == 0 ? "" : ", ").append("s.v").append(i + 1);
        }
        return sql.append(")").toString();
    }

    /**
     * {@code c2 = <prefix>2<suffix>, c3 = ...}: every column but the key columns, set from the source value of the same
     * position; with prefix {@code s.v} and suffix empty, {@code c2 = s.v2}.
     */
    public static String updateList(TargetTable table, String prefix, String suffix) {
        java.util.Set<Integer> keys = new java.util.HashSet<>();
        for (int k : table.keyIndexes()) {
            keys.add(k);
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < table.columns().size(); i++) {
            if (!keys.contains(i)) {
                out.append(out.length() == 0 ? "" : ", ").append(table.quotedColumn(i)).append(" = ").append(prefix)
                        .append(i + 1).append(suffix);
            }
        }
        return out.toString();
    }
}
