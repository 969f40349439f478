package dev.eos.connector.jdbc;

import dev.eos.connector.jdbc.testing.EmbeddedPostgresFixture;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

/** The upsert version rule on real PostgreSQL: {@code ON CONFLICT (id) DO UPDATE ... WHERE d.ver < EXCLUDED.ver}. */
class JdbcUpsertPostgresTest extends AbstractJdbcUpsertTest {

    private final EmbeddedPostgresFixture pg = EmbeddedPostgresFixture.shared();

    @Override
    protected void createTable(String name) {
        pg.execute("CREATE TABLE " + name + " (id varchar(64) PRIMARY KEY, amount bigint, note varchar(64), ver bigint)");
    }

    @Override
    protected Map<String, String> connectionProperties() {
        Map<String, String> props = pg.sinkProperties("unused", "id");
        props.remove("eos.sink.jdbc.table");
        return props;
    }

    @Override
    protected Connection connect() throws SQLException {
        return pg.connect();
    }

    @Override
    protected String tablePrefix() {
        return "pg";
    }
}
