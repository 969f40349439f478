package dev.eos.connector.jdbc.dialect;

import com.google.auto.service.AutoService;
import dev.eos.connector.jdbc.ErrorKind;
import dev.eos.connector.jdbc.JdbcDialect;
import dev.eos.connector.jdbc.TargetTable;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * MySQL and MariaDB: {@code INSERT INTO t (...) VALUES (...), (...) ON DUPLICATE KEY UPDATE k = k}, with the
 * driver reporting affected rows ({@code useAffectedRows=true}): 1 for a row inserted, 0 for a key found and left
 * unchanged, so the update count is the number inserted.
 *
 * <p>Not {@code INSERT IGNORE}: it ignores far more than the duplicate key. It turns a value too long, a NULL in a
 * NOT NULL column or a bad foreign key into a warning and stores a cut or defaulted row, so a bad record would land
 * mangled instead of being rejected. {@code ON DUPLICATE KEY UPDATE k = k} only absorbs the duplicate key; every
 * other error still fails the statement and the sink isolates the bad row.
 */
@AutoService(JdbcDialect.class)
public class MySqlDialect implements JdbcDialect {

    static final String MARIADB_DRIVER = "org.mariadb.jdbc.Driver";
    static final String MYSQL_DRIVER = "com.mysql.cj.jdbc.Driver";
    private static final Set<Integer> TRANSIENT = Set.of(1213, 1205, 2006, 2013, 1040, 1053);
    private static final Set<Integer> DATA = Set.of(1406, 1366, 1048, 1452, 1264, 1292, 3819, 1265);

    @Override
    public String name() {
        return "mysql";
    }

    @Override
    public boolean supports(String jdbcUrl) {
        return jdbcUrl.startsWith("jdbc:mysql:") || jdbcUrl.startsWith("jdbc:mariadb:");
    }

    /**
     * MariaDB Connector/J (bundled) takes {@code jdbc:mysql:} URLs only with {@code permitMysqlScheme}; it is added
     * unless MySQL Connector/J is on the class path to take them itself.
     */
    @Override
    public String connectionUrl(String jdbcUrl) {
        if (!jdbcUrl.startsWith("jdbc:mysql:") || jdbcUrl.contains("permitMysqlScheme")
                || loadable(MYSQL_DRIVER) || !loadable(MARIADB_DRIVER)) {
            return jdbcUrl;
        }
        return jdbcUrl + (jdbcUrl.contains("?") ? "&" : "?") + "permitMysqlScheme";
    }

    private static boolean loadable(String className) {
        try {
            Class.forName(className, false, MySqlDialect.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    @Override
    public Map<String, String> connectionProperties() {
        return Map.of("useAffectedRows", "true");
    }

    @Override
    public int maxRowsPerStatement(int columnCount) {
        return Math.max(1, Math.min(5000, 60_000 / columnCount));
    }

    @Override
    public long insertIfAbsent(Connection connection, TargetTable table, List<Object[]> rows) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(insertStatement(table, rows.size()))) {
            Statements.bindRows(this, statement, table, rows);
            return statement.executeUpdate();
        }
    }

    /** The statement for {@code rowCount} rows. */
    public String insertStatement(TargetTable table, int rowCount) {
        String key = table.quotedColumn(table.keyIndexes()[0]);
        return plainInsert(table, rowCount).append(" ON DUPLICATE KEY UPDATE ").append(key).append(" = ").append(key)
                .toString();
    }

    private static StringBuilder plainInsert(TargetTable table, int rowCount) {
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(table.qualifiedName())
                .append(" (").append(table.quotedColumnList()).append(") VALUES ");
        Statements.appendValueRows(sql, rowCount, table.columns().size());
        return sql;
    }

    /**
     * The bulk path: a plain multi-row {@code INSERT INTO t (...) VALUES (...), (...)}, the fastest insert through
     * the driver short of {@code LOAD DATA} (which server and driver must both allow, and which turns errors into
     * warnings). Without {@code IGNORE} and with the server's strict mode (the default), a key already stored fails
     * the statement with 1062 and a value a column refuses fails it too.
     */
    @Override
    public boolean hasBulkInsert() {
        return true;
    }

    @Override
    public long bulkInsert(Connection connection, TargetTable table, List<Object[]> rows) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(plainInsert(table, rows.size()).toString())) {
            Statements.bindRows(this, statement, table, rows);
            return statement.executeUpdate();
        }
    }

    @Override
    public int maxRowsPerBulkInsert(int columnCount) {
        return maxRowsPerStatement(columnCount);
    }

    /**
     * {@code INSERT ... ON DUPLICATE KEY UPDATE c = IF(ver < VALUES(ver), VALUES(c), c), ..., ver = IF(...)}, the
     * version assigned last (MySQL evaluates the assignments in order). The row lock on a found key makes a
     * concurrent writer wait and then compare with what it committed. With affected-rows counting the statement
     * reports 1 per insert and 2 per update; the keys found beforehand (a plain read) split the two.
     */
    @Override
    public long upsert(Connection connection, TargetTable table, int versionIndex, List<Object[]> rows) throws SQLException {
        long found = countStored(connection, table, rows);
        long affected;
        try (PreparedStatement statement = connection.prepareStatement(upsertStatement(table, versionIndex, rows.size()))) {
            Statements.bindRows(this, statement, table, rows);
            affected = statement.executeUpdate();
        }
        // exact unless another transaction wrote one of these keys between the read and the statement; then bounded
        long inserted = Math.min(rows.size() - found, affected);
        return Math.min(rows.size(), inserted + (affected - inserted) / 2);
    }

    /** The upsert statement for {@code rowCount} rows. */
    public String upsertStatement(TargetTable table, int versionIndex, int rowCount) {
        StringBuilder sql = plainInsert(table, rowCount).append(" ON DUPLICATE KEY UPDATE ");
        String version = table.quotedColumn(versionIndex);
        String newer = version + " < VALUES(" + version + ")";
        int[] keys = table.keyIndexes();
        for (int i = 0; i < table.columns().size(); i++) {
            final int column = i;
            if (i != versionIndex && java.util.Arrays.stream(keys).noneMatch(k -> k == column)) {
                String c = table.quotedColumn(i);
                sql.append(c).append(" = IF(").append(newer).append(", VALUES(").append(c).append("), ").append(c).append("), ");
            }
        }
        return sql.append(version).append(" = IF(").append(newer).append(", VALUES(").append(version).append("), ")
                .append(version).append(')').toString();
    }

    private long countStored(Connection connection, TargetTable table, List<Object[]> rows) throws SQLException {
        int[] keys = table.keyIndexes();
        StringBuilder sql = new StringBuilder("SELECT COUNT(*) FROM ").append(table.qualifiedName()).append(" WHERE (");
        for (int i = 0; i < keys.length; i++) {
            sql.append(i == 0 ? "" : ", ").append(table.quotedColumn(keys[i]));
        }
        sql.append(") IN (");
        for (int r = 0; r < rows.size(); r++) {
            sql.append(r == 0 ? "(" : ", (");
            for (int i = 0; i < keys.length; i++) {
                sql.append(i == 0 ? "?" : ", ?");
            }
            sql.append(')');
        }
        try (PreparedStatement statement = connection.prepareStatement(sql.append(')').toString())) {
            int index = 1;
            for (Object[] row : rows) {
                for (int k : keys) {
                    bind(statement, index++, table.columns().get(k), row[k]);
                }
            }
            try (java.sql.ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Override
    public ErrorKind classify(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                if (sql.getErrorCode() == 1062) {
                    return ErrorKind.DUPLICATE_KEY;
                }
                if (TRANSIENT.contains(sql.getErrorCode())) {
                    return ErrorKind.TRANSIENT;
                }
                if (DATA.contains(sql.getErrorCode())) {
                    return ErrorKind.DATA;
                }
            }
        }
        return JdbcDialect.super.classify(e);
    }

    @Override
    public String quote(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }

    @Override
    public String textColumnType() {
        return "LONGTEXT";
    }

    @Override
    public String timestampColumnType() {
        return "TIMESTAMP(3)";
    }
}
