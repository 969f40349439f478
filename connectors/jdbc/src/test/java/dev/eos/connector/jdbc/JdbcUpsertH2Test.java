package dev.eos.connector.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * The upsert version rule on H2 through the ANSI {@code MERGE ... WHEN MATCHED AND d.ver < s.ver THEN UPDATE}, the
 * default every dialect without its own upsert inherits.
 */
class JdbcUpsertH2Test extends AbstractJdbcUpsertTest {

    private static final String URL = "jdbc:h2:mem:eos-upsert;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=60000";

    @Override
    protected void createTable(String name) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + name + " (id VARCHAR(64) PRIMARY KEY, amount BIGINT, note VARCHAR(64), ver BIGINT)");
        }
    }

    @Override
    protected Map<String, String> connectionProperties() {
        return Map.of("eos.sink.jdbc.url", URL, "eos.sink.jdbc.user", "sa", "eos.sink.jdbc.password", "x");
    }

    @Override
    protected Connection connect() throws SQLException {
        return DriverManager.getConnection(URL, "sa", "x");
    }

    @Override
    protected String tablePrefix() {
        return "H2";
    }
}
