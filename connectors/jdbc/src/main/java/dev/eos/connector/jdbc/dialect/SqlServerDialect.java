package dev.eos.connector.jdbc.dialect;

import com.google.auto.service.AutoService;
import dev.eos.connector.jdbc.ErrorKind;
import dev.eos.connector.jdbc.JdbcDialect;
import dev.eos.connector.jdbc.TargetColumn;
import dev.eos.connector.jdbc.TargetTable;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * SQL Server and Azure SQL: one set-based statement per batch,
 * <pre>
 * INSERT INTO t (c1, c2) SELECT s.v1, s.v2 FROM (VALUES (?, ?), (?, ?)) AS s (v1, v2)
 * WHERE NOT EXISTS (SELECT 1 FROM t AS d WITH (UPDLOCK, HOLDLOCK) WHERE d.k = s.v1)
 * </pre>
 * {@code HOLDLOCK} takes key-range locks on the keys looked up, so a concurrent transaction inserting the same key
 * waits instead of slipping in between the check and the insert; {@code UPDLOCK} makes two such lookups
 * conflict at once rather than deadlock on a lock upgrade. Should SQL Server still pick a deadlock victim (1205)
 * the batch is retried; a unique-key violation (2627, 2601) is retried and then counted as a duplicate.
 * A statement carries at most 1000 rows and 2000 parameters (SQL Server's limits).
 *
 * <p>Parameter types follow the column types: strings are sent as VARCHAR
 * ({@code sendStringParametersAsUnicode=false}) and only NCHAR/NVARCHAR columns get Unicode parameters
 * ({@code setNString}), so an index on a VARCHAR key is used for a seek instead of a converted scan.
 */
@AutoService(JdbcDialect.class)
public class SqlServerDialect implements JdbcDialect {

    private static final Set<Integer> DUPLICATE = Set.of(2627, 2601);
    private static final Set<Integer> TRANSIENT = Set.of(1205, 1222, -2, 4060, 40197, 40501, 40613, 49918, 49919,
            49920, 10928, 10929, 4221, 10053, 10054, 10060, 233, 64);
    private static final Set<Integer> DATA = Set.of(8152, 2628, 245, 8114, 8115, 515, 547, 241, 242, 220, 248);

    @Override
    public String name() {
        return "sqlserver";
    }

    @Override
    public boolean supports(String jdbcUrl) {
        return jdbcUrl.startsWith("jdbc:sqlserver:");
    }

    @Override
    public String driverClassName() {
        return "com.microsoft.sqlserver.jdbc.SQLServerDriver";
    }

    @Override
    public Map<String, String> connectionProperties() {
        return Map.of("sendStringParametersAsUnicode", "false");
    }

    @Override
    public int maxRowsPerStatement(int columnCount) {
        return Math.max(1, Math.min(1000, 2000 / columnCount));
    }

    @Override
    public long insertIfAbsent(Connection connection, TargetTable table, List<Object[]> rows) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(insertIfAbsentStatement(table, rows.size()))) {
            Statements.bindRows(this, statement, table, rows);
            return statement.executeUpdate();
        }
    }

    /** The statement for {@code rowCount} rows. */
    public String insertIfAbsentStatement(TargetTable table, int rowCount) {
        int n = table.columns().size();
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(table.qualifiedName())
                .append(" (").append(table.quotedColumnList()).append(") SELECT ");
        for (int i = 0; i < n; i++) {
            sql.append(i == 0 ? "" : ", ").append("s.v").append(i + 1);
        }
        sql.append(" FROM (VALUES ");
        Statements.appendValueRows(sql, rowCount, n);
        sql.append(") AS s (").append(Statements.sourceAliases(n)).append(") WHERE NOT EXISTS (SELECT 1 FROM ")
                .append(table.qualifiedName()).append(" AS d WITH (UPDLOCK, HOLDLOCK) WHERE ")
                .append(Statements.keyMatch(table, "d", "s")).append(')');
        return sql.toString();
    }

    /**
     * The bulk path: {@code SQLServerBulkCopy} into the table inside the caller's transaction, with constraints
     * checked and triggers fired as for an INSERT; a key already stored fails it with 2627 or 2601.
     */
    @Override
    public boolean hasBulkInsert() {
        return true;
    }

    @Override
    public long bulkInsert(Connection connection, TargetTable table, List<Object[]> rows) throws SQLException {
        return SqlServerBulk.copy(connection, table, rows);
    }

    /**
     * Two statements in the caller's transaction, without MERGE (whose concurrent races are known):
     * <pre>
     * UPDATE d SET c2 = s.v2, ... FROM t AS d WITH (UPDLOCK, HOLDLOCK) JOIN (VALUES (?, ?, ?), ...) AS s (v1, v2, v3)
     *   ON d.k = s.v1 WHERE d.ver &lt; s.v3
     * INSERT INTO t (...) SELECT ... FROM (VALUES ...) AS s (...) WHERE NOT EXISTS
     *   (SELECT 1 FROM t AS d WITH (UPDLOCK, HOLDLOCK) WHERE d.k = s.v1)
     * </pre>
     * The first takes update and key-range locks on every key of the chunk, found or not, and holds them to the
     * commit, so a concurrent writer of the same keys waits and then compares with what this one committed.
     */
    @Override
    public long upsert(Connection connection, TargetTable table, int versionIndex, List<Object[]> rows) throws SQLException {
        long updated;
        try (PreparedStatement statement = connection.prepareStatement(guardedUpdate(table, versionIndex, rows.size()))) {
            Statements.bindRows(this, statement, table, rows);
            updated = statement.executeUpdate();
        }
        return updated + insertIfAbsent(connection, table, rows);
    }

    /** The update half of {@link #upsert} for {@code rowCount} rows. */
    public String guardedUpdate(TargetTable table, int versionIndex, int rowCount) {
        int n = table.columns().size();
        StringBuilder sql = new StringBuilder("UPDATE d SET ").append(Statements.updateList(table, "s.v", ""))
                .append(" FROM ").append(table.qualifiedName()).append(" AS d WITH (UPDLOCK, HOLDLOCK) JOIN (VALUES ");
        Statements.appendValueRows(sql, rowCount, n);
        return sql.append(") AS s (").append(Statements.sourceAliases(n)).append(") ON ")
                .append(Statements.keyMatch(table, "d", "s")).append(" WHERE d.").append(table.quotedColumn(versionIndex))
                .append(" < s.v").append(versionIndex + 1).toString();
    }

    @Override
    public void bind(PreparedStatement statement, int index, TargetColumn column, Object value) throws SQLException {
        if (value instanceof String s && column.isNationalText()) {
            statement.setNString(index, s);
        } else if (value == null && column.isNationalText()) {
            statement.setNull(index, Types.NVARCHAR);
        } else {
            JdbcDialect.super.bind(statement, index, column, value);
        }
    }

    @Override
    public ErrorKind classify(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getErrorCode() != 0) {
                int code = sql.getErrorCode();
                if (DUPLICATE.contains(code)) {
                    return ErrorKind.DUPLICATE_KEY;
                }
                if (TRANSIENT.contains(code)) {
                    return ErrorKind.TRANSIENT;
                }
                if (DATA.contains(code)) {
                    return ErrorKind.DATA;
                }
            }
        }
        return JdbcDialect.super.classify(e);
    }

    @Override
    public String quote(String identifier) {
        return "[" + identifier.replace("]", "]]") + "]";
    }

    @Override
    public String keyColumnType() {
        return "VARCHAR(255)";
    }

    @Override
    public String textColumnType() {
        return "NVARCHAR(MAX)";
    }

    @Override
    public String timestampColumnType() {
        return "DATETIMEOFFSET";
    }
}
