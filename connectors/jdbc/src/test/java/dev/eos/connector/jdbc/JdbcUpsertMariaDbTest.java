package dev.eos.connector.jdbc;

import dev.eos.testing.mariadb.EmbeddedMariaDb;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

/** The upsert version rule on real MariaDB: {@code ON DUPLICATE KEY UPDATE c = IF(ver < VALUES(ver), ...)}. */
class JdbcUpsertMariaDbTest extends AbstractJdbcUpsertTest {

    private final EmbeddedMariaDb db = EmbeddedMariaDb.shared();

    @Override
    protected void createTable(String name) {
        db.execute("CREATE TABLE " + name + " (id varchar(64) PRIMARY KEY, amount bigint, note varchar(64), ver bigint)");
    }

    @Override
    protected Map<String, String> connectionProperties() {
        Map<String, String> props = JdbcSinkMariaDbContractTest.properties(db, "unused");
        props.remove("eos.sink.jdbc.table");
        props.remove("eos.sink.jdbc.columns");
        return props;
    }

    @Override
    protected Connection connect() throws SQLException {
        return db.connect();
    }

    @Override
    protected String tablePrefix() {
        return "mdb";
    }
}
