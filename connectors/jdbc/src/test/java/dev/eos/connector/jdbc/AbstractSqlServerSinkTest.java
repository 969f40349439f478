package dev.eos.connector.jdbc;

import dev.eos.spi.Sink;
import dev.eos.spi.ConfigException;
import dev.eos.spi.SinkRecord;
import dev.eos.spi.WriteResult;
import dev.eos.testkit.TestRecords;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The jdbc sink against a real SQL Server (a Testcontainers container or a server named by
 * {@code EOS_TEST_MSSQL_URL}): insert-if-absent on the bulk path (SQLServerBulkCopy, falling back to the statement)
 * and on the statement path under replay and concurrency, VARCHAR parameters, data errors, upsert under eight
 * concurrent writers, the unique-key preflight, and procedure mode with a table-valued parameter.
 */
abstract class AbstractSqlServerSinkTest {

    private final List<String> created = new ArrayList<>();

    protected abstract String url();

    protected abstract String user();

    protected abstract String password();

    private Connection connect() throws Exception {
        return DriverManager.getConnection(url(), user(), password());
    }

    private void execute(String... sql) throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String one : sql) {
                s.execute(one);
            }
        }
    }

    private long count(String sql) throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private String eventsTable(boolean uniqueKey) throws Exception {
        String table = "eos_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        execute("CREATE TABLE " + table + " (id VARCHAR(64) NOT NULL" + (uniqueKey ? " PRIMARY KEY" : "")
                + ", seq BIGINT, payload VARCHAR(64))");
        created.add(table);
        return table;
    }

    private Map<String, String> props(String table) {
        Map<String, String> props = new HashMap<>();
        props.put("eos.sink.jdbc.url", url());
        props.put("eos.sink.jdbc.user", user());
        props.put("eos.sink.jdbc.password", password());
        props.put("eos.sink.jdbc.table", table);
        props.put("eos.sink.jdbc.key-columns", "id");
        return props;
    }

    @AfterEach
    void dropTables() throws Exception {
        for (String table : created) {
            execute("IF OBJECT_ID('" + table + "_put') IS NOT NULL DROP PROCEDURE " + table + "_put",
                    "DROP TABLE IF EXISTS " + table,
                    "IF TYPE_ID('" + table + "_rows') IS NOT NULL DROP TYPE " + table + "_rows");
        }
    }

    @ParameterizedTest(name = "write-path={0}")
    @ValueSource(strings = {"bulk", "statement"})
    void insertIfAbsentWritesOnceAndAReplayCountsDuplicates(String writePath) throws Exception {
        String table = eventsTable(true);
        List<SinkRecord> records = TestRecords.generate(1, 2_500);
        Map<String, String> props = props(table);
        props.put("eos.sink.jdbc.write-path", writePath);
        try (Sink sink = Sinks.create(props)) {
            sink.preflight();
            assertThat(Sinks.writeAll(sink, records)).isEqualTo(WriteResult.of(2_500, 0));
            assertThat(Sinks.writeAll(sink, records, 1)).isEqualTo(WriteResult.of(0, 2_500));
        }
        assertThat(count("SELECT count(*) FROM " + table)).isEqualTo(2_500);
    }

    @ParameterizedTest(name = "write-path={0}")
    @ValueSource(strings = {"bulk", "statement"})
    void eightConcurrentWritersWithOverlappingKeysLeaveOneRowPerKey(String writePath) throws Exception {
        String table = eventsTable(true);
        Map<String, String> props = props(table);
        props.put("eos.sink.jdbc.write-path", writePath);
        props.put("eos.sink.jdbc.pool.max-size", "8");
        props.put("eos.sink.jdbc.batch-size", "200");
        List<SinkRecord> all = TestRecords.generate(2, 3_000);
        WriteResult total = WriteResult.EMPTY;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (Sink sink = Sinks.create(props)) {
            CyclicBarrier start = new CyclicBarrier(8);
            List<Future<WriteResult>> futures = new ArrayList<>();
            for (int w = 0; w < 8; w++) {
                List<SinkRecord> mine = new ArrayList<>(all.subList(w * 250, w * 250 + 1_000));
                Collections.shuffle(mine, new Random(w));
                int attempt = w;
                futures.add(pool.submit(() -> {
                    start.await();
                    return Sinks.writeAll(sink, mine, attempt);
                }));
            }
            for (Future<WriteResult> f : futures) {
                total = total.plus(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(total.written()).isEqualTo(2_750);
        assertThat(total.written() + total.duplicates()).isEqualTo(8_000);
        assertThat(count("SELECT count(*) FROM " + table)).isEqualTo(2_750);
    }

    @Test
    void stringParametersTravelAsVarcharNotNvarchar() throws Exception {
        Properties p = new Properties();
        p.setProperty("user", user());
        p.setProperty("password", password());
        p.putAll(new dev.eos.connector.jdbc.dialect.SqlServerDialect().connectionProperties());
        try (Connection c = DriverManager.getConnection(url(), p);
             PreparedStatement s = c.prepareStatement("SELECT CAST(SQL_VARIANT_PROPERTY(CAST(? AS sql_variant), 'BaseType') AS varchar(32))")) {
            s.setString(1, "key-1");
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("varchar");
            }
        }
    }

    @Test
    void aValueTooLongIsRejectedAndTheRestLands() throws Exception {
        String table = eventsTable(true);
        List<SinkRecord> records = new ArrayList<>(TestRecords.generate(3, 100));
        records.set(42, records.get(42).toBuilder().field("payload", "x".repeat(65)).build());
        try (Sink sink = Sinks.create(props(table))) {
            WriteResult result = Sinks.writeAll(sink, records);
            assertThat(result.written()).isEqualTo(99);
            assertThat(result.rejected()).singleElement().satisfies(r -> assertThat(r.record().key()).isEqualTo(records.get(42).key()));
        }
    }

    @Test
    void aReplayOnTheBulkPathThatMeetsSomeStoredKeysWritesTheRestAndCountsTheStoredAsDuplicates() throws Exception {
        String table = eventsTable(true);
        List<SinkRecord> records = TestRecords.generate(5, 1_000);
        try (Sink sink = Sinks.create(props(table))) {
            assertThat(Sinks.writeAll(sink, records.subList(300, 500))).isEqualTo(WriteResult.of(200, 0));
            assertThat(Sinks.writeAll(sink, records, 1)).isEqualTo(WriteResult.of(800, 200));
        }
        assertThat(count("SELECT count(*) FROM " + table)).isEqualTo(1_000);
    }

    @Test
    void upsertUnderEightConcurrentWritersEndsInTheNewestVersionOfEveryKey() throws Exception {
        String table = eventsTable(true);
        execute("ALTER TABLE " + table + " ADD ver BIGINT");
        Map<String, String> props = props(table);
        props.put("eos.sink.jdbc.mode", "upsert");
        props.put("eos.sink.jdbc.columns", "id=key, payload=field.payload");
        props.put("eos.sink.jdbc.version", "ver=field.seq");
        props.put("eos.sink.jdbc.pool.max-size", "8");
        props.put("eos.sink.jdbc.batch-size", "100");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (Sink sink = Sinks.create(props)) {
            CyclicBarrier start = new CyclicBarrier(8);
            List<Future<WriteResult>> futures = new ArrayList<>();
            for (int w = 0; w < 8; w++) {
                List<SinkRecord> mine = new ArrayList<>();
                for (int k = 0; k < 500; k++) {
                    mine.add(SinkRecord.builder("key-" + k).value("{}").field("seq", (long) w)
                            .field("payload", "from-" + w).build());
                }
                Collections.shuffle(mine, new Random(w));
                int attempt = w;
                futures.add(pool.submit(() -> {
                    start.await();
                    return Sinks.writeAll(sink, mine, attempt);
                }));
            }
            for (Future<WriteResult> f : futures) {
                WriteResult r = f.get();
                assertThat(r.written() + r.duplicates()).isEqualTo(500);
                assertThat(r.rejected()).isEmpty();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(count("SELECT count(*) FROM " + table)).isEqualTo(500);
        assertThat(count("SELECT count(*) FROM " + table + " WHERE ver = 7 AND payload = 'from-7'")).isEqualTo(500);
    }

    @Test
    void preflightRefusesATableWithoutAUniqueKey() throws Exception {
        String table = eventsTable(false);
        try (Sink sink = Sinks.create(props(table))) {
            assertThatThrownBy(sink::preflight).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("no primary key, unique constraint or unique index");
        }
    }

    @Test
    void procedureModeWithATableValuedParameterCallsTheProcedureOncePerBatch() throws Exception {
        String table = eventsTable(true);
        execute("CREATE TYPE " + table + "_rows AS TABLE (id VARCHAR(64) NOT NULL PRIMARY KEY, seq BIGINT, payload VARCHAR(64))",
                "CREATE PROCEDURE " + table + "_put @rows " + table + "_rows READONLY AS BEGIN SET NOCOUNT ON; "
                        + "INSERT INTO " + table + " (id, seq, payload) SELECT r.id, r.seq, r.payload FROM @rows r "
                        + "WHERE NOT EXISTS (SELECT 1 FROM " + table + " t WITH (UPDLOCK, HOLDLOCK) WHERE t.id = r.id); "
                        + "RETURN @@ROWCOUNT; END");
        Map<String, String> props = props(table);
        props.put("eos.sink.jdbc.mode", "procedure");
        props.put("eos.sink.jdbc.procedure", table + "_put");
        props.put("eos.sink.jdbc.procedure-table-type", table + "_rows");
        props.put("eos.sink.jdbc.columns", "id,seq,payload");
        List<SinkRecord> records = TestRecords.generate(4, 500);
        try (Sink sink = Sinks.create(props)) {
            sink.preflight();
            assertThat(Sinks.writeAll(sink, records.subList(0, 200))).isEqualTo(WriteResult.of(200, 0));
            assertThat(Sinks.writeAll(sink, records)).isEqualTo(WriteResult.of(300, 200));
        }
        assertThat(count("SELECT count(*) FROM " + table)).isEqualTo(500);
    }
}
