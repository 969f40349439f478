package dev.eos.connector.jdbc;

import dev.eos.connector.jdbc.testing.EmbeddedPostgresFixture;
import dev.eos.spi.SinkRecord;
import dev.eos.testkit.SinkContractTest;
import dev.eos.testkit.StoredRecord;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The sink contract on a real PostgreSQL server (embedded, started by the test), in mode insert-if-absent on the
 * default bulk path (binary COPY, falling back to the statement) with an explicit mapping: {@code id=key,
 * seq=field.seq, payload=field.payload, body=value}. The invalid record carries a payload longer than the column's
 * varchar(64), which PostgreSQL refuses. The nested classes run the same contract on the statement path and in mode
 * upsert ({@link JdbcSinkPostgresStatementContractTest}, {@link JdbcSinkPostgresUpsertContractTest}).
 */
class JdbcSinkPostgresContractTest extends SinkContractTest {

    protected final EmbeddedPostgresFixture pg = EmbeddedPostgresFixture.shared();
    protected String table;

    @Override
    protected String sinkName() {
        return "jdbc";
    }

    @Override
    protected Map<String, String> sinkProperties() {
        table = pg.newTableName("kit");
        pg.execute("CREATE TABLE " + table + " (id varchar(64) PRIMARY KEY, seq bigint, payload varchar(64), body text)");
        Map<String, String> props = pg.sinkProperties(table, "id");
        props.put("eos.sink.jdbc.columns", "id=key, seq=field.seq, payload=field.payload, body=value");
        props.put("eos.sink.jdbc.batch-size", "50");
        props.put("eos.sink.jdbc.password", "kit-secret-password");
        return props;
    }

    @Override
    protected List<StoredRecord> readBack() throws Exception {
        List<StoredRecord> out = new ArrayList<>();
        try (Connection c = pg.connect(); Statement s = c.createStatement();
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
