package dev.eos.connector.jdbc;

import dev.eos.spi.SinkRecord;
import dev.eos.testkit.SinkContractTest;
import dev.eos.testkit.StoredRecord;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The sink contract on H2 (in memory), through the H2 dialect's {@code MERGE ... WHEN NOT MATCHED THEN INSERT}, with
 * the mapping by name: the table's columns id, seq and payload take the record fields of the same names.
 */
class JdbcSinkH2ContractTest extends SinkContractTest {

    private static final AtomicInteger TABLES = new AtomicInteger();
    static final String URL = "jdbc:h2:mem:eos-kit;DB_CLOSE_DELAY=-1";
    static final String USER = "sa";
    static final String PASSWORD = "kit-secret-password";
    private String table;

    @Override
    protected String sinkName() {
        return "jdbc";
    }

    @Override
    protected Map<String, String> sinkProperties() throws Exception {
        table = "KIT_" + TABLES.incrementAndGet();
        try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + table + " (id VARCHAR(64) PRIMARY KEY, seq BIGINT, payload VARCHAR(64))");
        }
        Map<String, String> props = new HashMap<>();
        props.put("eos.sink", "jdbc");
        props.put("eos.sink.jdbc.url", URL);
        props.put("eos.sink.jdbc.table", table);
        props.put("eos.sink.jdbc.key-columns", "id");
        props.put("eos.sink.jdbc.batch-size", "40");
        props.put("eos.sink.jdbc.user", USER);
        props.put("eos.sink.jdbc.password", PASSWORD);
        return props;
    }

    /** H2 in memory, in the test JVM: a fifth of the kit's default keeps the module's test time lean. */
    @Override
    protected int largeBatchSize() {
        return 20_000;
    }

    @Override
    protected StoredRecord expectedStored(SinkRecord record) {
        return new StoredRecord(record.key(), record.field("seq").orElse(null) + ":" + record.field("payload").orElse(null));
    }

    @Override
    protected List<StoredRecord> readBack() throws Exception {
        List<StoredRecord> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, seq, payload FROM " + table)) {
            while (rs.next()) {
                out.add(new StoredRecord(rs.getString(1), rs.getObject(2) + ":" + rs.getString(3)));
            }
        }
        return out;
    }

    @Override
    protected SinkRecord invalidRecord() {
        return SinkRecord.builder("not-a-number")
                .value("{}")
                .field("id", "not-a-number")
                .field("seq", "seven")
                .field("payload", "p")
                .build();
    }
}
