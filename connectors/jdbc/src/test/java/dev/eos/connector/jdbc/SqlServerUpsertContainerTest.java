package dev.eos.connector.jdbc;

import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.mssqlserver.MSSQLServerContainer;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * The upsert version rule ({@link AbstractJdbcUpsertTest}: replays, older after newer, concurrent attempts,
 * tombstones) on SQL Server 2022 in a Testcontainers container: the guarded {@code UPDATE ... WITH (UPDLOCK,
 * HOLDLOCK)} then {@code INSERT ... WHERE NOT EXISTS}. Skipped, with the reason in the report, where no Docker engine
 * is available (as on the EOS build machines).
 */
@Testcontainers(disabledWithoutDocker = true)
class SqlServerUpsertContainerTest extends AbstractJdbcUpsertTest {

    @Container
    static final MSSQLServerContainer SQL_SERVER = new MSSQLServerContainer("mcr.microsoft.com/mssql/server:2022-latest")
            .acceptLicense();

    @Override
    protected void createTable(String name) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + name + " (id VARCHAR(64) NOT NULL PRIMARY KEY, amount BIGINT, note VARCHAR(64), ver BIGINT)");
        }
    }

    @Override
    protected Map<String, String> connectionProperties() {
        return Map.of("eos.sink.jdbc.url", SQL_SERVER.getJdbcUrl(), "eos.sink.jdbc.user", SQL_SERVER.getUsername(),
                "eos.sink.jdbc.password", SQL_SERVER.getPassword());
    }

    @Override
    protected Connection connect() throws SQLException {
        return DriverManager.getConnection(SQL_SERVER.getJdbcUrl(), SQL_SERVER.getUsername(), SQL_SERVER.getPassword());
    }

    @Override
    protected String tablePrefix() {
        return "mssql";
    }
}
