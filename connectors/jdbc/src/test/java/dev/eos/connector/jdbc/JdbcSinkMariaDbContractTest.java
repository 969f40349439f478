package dev.eos.connector.jdbc;

import dev.eos.spi.SinkRecord;
import dev.eos.testing.mariadb.EmbeddedMariaDb;
import dev.eos.testkit.SinkContractTest;
import dev.eos.testkit.StoredRecord;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The sink contract on a real MariaDB server ({@link EmbeddedMariaDb}: the binaries from Maven Central, one server per
 * test JVM) through the bundled MariaDB Connector/J, in mode insert-if-absent on the default bulk path (a plain
 * multi-row INSERT, falling back to {@code ON DUPLICATE KEY UPDATE k = k}), with the mapping {@code id=key,
 * seq=field.seq, payload=field.payload, body=value}. The invalid record carries a payload longer than the column's
 * varchar(64), which MariaDB's strict mode refuses. Subclasses run it on the statement path and in mode upsert.
 */
class JdbcSinkMariaDbContractTest extends SinkContractTest {

    private static final AtomicInteger TABLES = new AtomicInteger();
    protected final EmbeddedMariaDb db = EmbeddedMariaDb.shared();
    protected String table;

    @Override
    protected String sinkName() {
        return "jdbc";
    }

    @Override
    protected Map<String, String> sinkProperties() {
        table = "kit_" + TABLES.incrementAndGet();
        db.execute("CREATE TABLE " + table + " (id varchar(64) PRIMARY KEY, seq bigint, payload varchar(64), body longtext)");
        return properties(db, table);
    }

    static Map<String, String> properties(EmbeddedMariaDb db, String table) {
        Map<String, String> props = new HashMap<>();
        props.put("eos.sink", "jdbc");
        props.put("eos.sink.jdbc.url", db.jdbcUrl());
        props.put("eos.sink.jdbc.user", db.user());
        props.put("eos.sink.jdbc.table", table);
        props.put("eos.sink.jdbc.key-columns", "id");
        props.put("eos.sink.jdbc.columns", "id=key, seq=field.seq, payload=field.payload, body=value");
        props.put("eos.sink.jdbc.batch-size", "50");
        props.put("eos.sink.jdbc.pool.connection-timeout", "30s");
        return props;
    }

    /** A fifth of the kit's default keeps the module's test time lean. */
    @Override
    protected int largeBatchSize() {
        return 20_000;
    }

    @Override
    protected List<StoredRecord> readBack() throws Exception {
        List<StoredRecord> out = new ArrayList<>();
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, body FROM " + table)) {
            while (rs.next()) {
                out.add(new StoredRecord(rs.getString(1), rs.getString(2)));
            }
        }
        return out;
    }

    @Override
    protected SinkRecord invalidRecord() {
        return SinkRecord.builder("too-long-payload")
                .value("{\"id\":\"too-long-payload\"}")
                .field("id", "too-long-payload")
                .field("seq", 1L)
                .field("payload", "x".repeat(200))
                .build();
    }
}
