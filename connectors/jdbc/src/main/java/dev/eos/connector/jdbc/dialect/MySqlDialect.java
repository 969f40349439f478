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
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(table.qualifiedName())
                .append(" (").append(table.quotedColumnList()).append(") VALUES ");
        Statements.appendValueRows(sql, rowCount, table.columns().size());
        String key = table.quotedColumn(table.keyIndexes()[0]);
        return sql.append(" ON DUPLICATE KEY UPDATE ").append(key).append(" = ").append(key).toString();
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
