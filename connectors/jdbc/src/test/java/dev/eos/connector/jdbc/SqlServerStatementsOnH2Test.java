package dev.eos.connector.jdbc;

import dev.eos.connector.jdbc.dialect.MySqlDialect;
import dev.eos.connector.jdbc.dialect.SqlServerDialect;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SQL Server and MySQL dialects' statements, executed by H2 in its MSSQLServer and MySQL compatibility modes.
 * <b>A syntax check only</b>: it proves that the statements parse and that they insert the absent rows and skip
 * the present ones, and nothing about SQL Server's or MySQL's locking (the UPDLOCK/HOLDLOCK hints are parsed and
 * ignored by H2). The real behaviour is tested by {@code SqlServerContainerTest} and {@code SqlServerLiveTest} where
 * a SQL Server is available.
 */
class SqlServerStatementsOnH2Test {

    private static TargetTable table(java.util.function.UnaryOperator<String> quote, String name) {
        List<TargetColumn> columns = List.of(
                new TargetColumn("id", Types.VARCHAR, "VARCHAR", 64, false, false),
                new TargetColumn("region", Types.NVARCHAR, "NVARCHAR", 16, false, false),
                new TargetColumn("body", Types.VARCHAR, "VARCHAR", 200, true, false));
        return new TargetTable(quote.apply(name), name, columns, new int[] {0, 1}, quote);
    }

    private static List<Object[]> rows(int from, int to) {
        List<Object[]> rows = new ArrayList<>();
        for (int i = from; i < to; i++) {
            rows.add(new Object[] {"k" + i, "eu", "body " + i});
        }
        return rows;
    }

    private static long count(Connection c, String table) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void theSqlServerInsertIfAbsentStatementParsesInH2sMsSqlServerModeAndSkipsPresentKeys() throws Exception {
        SqlServerDialect dialect = new SqlServerDialect();
        try (Connection c = DriverManager.getConnection("jdbc:h2:mem:mssql-syntax;MODE=MSSQLServer;DATABASE_TO_UPPER=false")) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE events (id VARCHAR(64) NOT NULL, region NVARCHAR(16) NOT NULL, body VARCHAR(200), "
                        + "CONSTRAINT events_key UNIQUE (id, region))");
            }
            TargetTable table = table(dialect::quote, "events");
            assertThat(dialect.insertIfAbsentStatement(table, 2)).isEqualTo(
                    "INSERT INTO [events] ([id], [region], [body]) SELECT s.v1, s.v2, s.v3 FROM (VALUES (?, ?, ?), (?, ?, ?)) "
                            + "AS s (v1, v2, v3) WHERE NOT EXISTS (SELECT 1 FROM [events] AS d WITH (UPDLOCK, HOLDLOCK) "
                            + "WHERE d.[id] = s.v1 AND d.[region] = s.v2)");

            assertThat(dialect.insertIfAbsent(c, table, rows(0, 10))).isEqualTo(10);
            assertThat(dialect.insertIfAbsent(c, table, rows(5, 15))).isEqualTo(5);
            assertThat(count(c, "events")).isEqualTo(15);
        }
    }

    @Test
    void theSqlServerStatementStaysWithinSqlServersParameterAndRowLimits() {
        SqlServerDialect dialect = new SqlServerDialect();
        assertThat(dialect.maxRowsPerStatement(3)).isEqualTo(666);
        assertThat(dialect.maxRowsPerStatement(1)).isEqualTo(1000);
        assertThat(dialect.maxRowsPerStatement(3000)).isEqualTo(1);
        assertThat(dialect.connectionProperties()).containsEntry("sendStringParametersAsUnicode", "false");
    }

    @Test
    void theMySqlStatementParsesInH2sMySqlMode() throws Exception {
        MySqlDialect dialect = new MySqlDialect();
        try (Connection c = DriverManager.getConnection("jdbc:h2:mem:mysql-syntax;MODE=MySQL;DATABASE_TO_LOWER=true")) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE events (id VARCHAR(64) NOT NULL, region VARCHAR(16) NOT NULL, body VARCHAR(200), "
                        + "PRIMARY KEY (id, region))");
            }
            TargetTable table = table(dialect::quote, "events");
            assertThat(dialect.insertStatement(table, 1)).isEqualTo(
                    "INSERT INTO `events` (`id`, `region`, `body`) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE `id` = `id`");
            dialect.insertIfAbsent(c, table, rows(0, 10));
            dialect.insertIfAbsent(c, table, rows(5, 15));
            assertThat(count(c, "events")).isEqualTo(15);
        }
    }
}
