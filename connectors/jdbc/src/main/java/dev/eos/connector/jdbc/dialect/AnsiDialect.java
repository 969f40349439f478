package dev.eos.connector.jdbc.dialect;

import dev.eos.connector.jdbc.JdbcDialect;
import dev.eos.connector.jdbc.TargetTable;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * The generic fallback, used when no other dialect supports the URL, and a base class for new dialects: one
 * {@code MERGE INTO t USING (VALUES (...), (...)) AS s ON <key match> WHEN NOT MATCHED THEN INSERT} per batch
 * (SQL:2003). A {@code MERGE} is not atomic against concurrent inserts in every database; when another writer
 * inserts one of the keys first, the unique key refuses the row and the sink retries the batch, which then finds
 * the key and skips it.
 */
public class AnsiDialect implements JdbcDialect {

    @Override
    public String name() {
        return "ansi";
    }

    /** The fallback supports any URL, at the lowest priority. */
    @Override
    public boolean supports(String jdbcUrl) {
        return true;
    }

    @Override
    public int priority() {
        return Integer.MIN_VALUE;
    }

    @Override
    public int maxRowsPerStatement(int columnCount) {
        return Math.max(1, Math.min(1000, 30_000 / columnCount));
    }

    @Override
    public long insertIfAbsent(Connection connection, TargetTable table, List<Object[]> rows) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(mergeStatement(table, rows.size()))) {
            Statements.bindRows(this, statement, table, rows);
            return statement.executeLargeUpdate();
        }
    }

    /** {@code MERGE INTO t AS d USING (VALUES (?, ?), ...) AS s (v1, v2) ON d.k = s.vk WHEN NOT MATCHED THEN INSERT ...}. */
    public String mergeStatement(TargetTable table, int rowCount) {
        int n = table.columns().size();
        StringBuilder sql = new StringBuilder("MERGE INTO ").append(table.qualifiedName()).append(" AS d USING (VALUES ");
        Statements.appendValueRows(sql, rowCount, n);
        sql.append(") AS s (").append(Statements.sourceAliases(n)).append(") ON ");
        sql.append(Statements.keyMatch(table, "d", "s"));
        sql.append(" WHEN NOT MATCHED THEN INSERT (").append(table.quotedColumnList()).append(") VALUES (");
        for (int i = 0; i < n; i++) {
            sql.append(i == 0 ? "" : ", ").append("s.v").append(i + 1);
        }
        return sql.append(")").toString();
    }
}
