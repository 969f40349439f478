package dev.eos.connector.jdbc;

import dev.eos.connector.jdbc.testing.EmbeddedPostgresFixture;
import dev.eos.spi.RetriableSinkException;
import dev.eos.spi.Sink;
import dev.eos.spi.ConfigException;
import dev.eos.spi.SinkDataException;
import dev.eos.spi.SinkRecord;
import dev.eos.spi.SinkWriter;
import dev.eos.spi.SourcePosition;
import dev.eos.spi.WriteResult;
import dev.eos.testkit.TestRecords;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The jdbc sink against a real PostgreSQL: replay, data errors, preflight, create-table, procedure mode, secrets. */
class JdbcSinkPostgresTest {

    private final EmbeddedPostgresFixture pg = EmbeddedPostgresFixture.shared();

    private String eventsTable() {
        String table = pg.newTableName("events");
        pg.execute("CREATE TABLE " + table + " (id varchar(64) PRIMARY KEY, seq bigint, payload varchar(64))");
        return table;
    }

    private long count(String sql) throws Exception {
        try (Connection c = pg.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void replayingAPartitionAddsNothingAndCountsEveryRecordAsDuplicate() throws Exception {
        String table = eventsTable();
        List<SinkRecord> records = TestRecords.generate(1, 2_500);
        try (Sink sink = Sinks.create(pg.sinkProperties(table, "id"))) {
            sink.preflight();
            WriteResult first = Sinks.writeAll(sink, records);
            WriteResult replay = Sinks.writeAll(sink, records, 1);

            assertThat(first).isEqualTo(WriteResult.of(2_500, 0));
            assertThat(replay).isEqualTo(WriteResult.of(0, 2_500));
        }
        assertThat(count("SELECT count(*) FROM " + table)).isEqualTo(2_500);
        assertThat(count("SELECT count(*) FROM " + table + " WHERE payload = 'payload-' || to_hex(1000003 + seq)")).isEqualTo(2_500);
    }

    @Test
    void aReplayAfterAnAttemptThatStoppedMidPartitionCompletesIt() throws Exception {
        String table = eventsTable();
        List<SinkRecord> records = TestRecords.generate(2, 1_000);
        Map<String, String> props = pg.sinkProperties(table, "id");
        props.put("eos.sink.jdbc.batch-size", "100");
        try (Sink sink = Sinks.create(props)) {
            SinkWriter crashed = sink.open(Sinks.context(0, 0));
            records.subList(0, 450).forEach(crashed::write);
            crashed.close();
            assertThat(count("SELECT count(*) FROM " + table)).as("whole batches of the abandoned attempt").isEqualTo(400);

            WriteResult replay = Sinks.writeAll(sink, records, 1);

            assertThat(replay).isEqualTo(WriteResult.of(600, 400));
        }
        assertThat(count("SELECT count(*) FROM " + table)).isEqualTo(1_000);
    }

    @Test
    void aRowTheDatabaseRefusesIsRejectedAndTheRestOfItsBatchLands() throws Exception {
        String table = eventsTable();
        List<SinkRecord> records = new ArrayList<>(TestRecords.generate(3, 300));
        SinkRecord bad = records.get(137).toBuilder().field("payload", "x".repeat(65)).build();
        records.set(137, bad);
        try (Sink sink = Sinks.create(pg.sinkProperties(table, "id"))) {
            WriteResult result = Sinks.writeAll(sink, records);

            assertThat(result.written()).isEqualTo(299);
            assertThat(result.rejected()).singleElement().satisfies(r -> {
                assertThat(r.record()).isEqualTo(bad);
                assertThat(r.reason()).contains("22001");
            });
        }
        assertThat(count("SELECT count(*) FROM " + table)).isEqualTo(299);
        assertThat(count("SELECT count(*) FROM " + table + " WHERE id = '" + bad.key() + "'")).isZero();
    }

    @Test
    void aValueThatCannotFitItsColumnTypeIsRejectedWhenWrittenAndTheWriterGoesOn() throws Exception {
        String table = eventsTable();
        try (Sink sink = Sinks.create(pg.sinkProperties(table, "id")); SinkWriter writer = sink.open(Sinks.context(0, 0))) {
            SinkRecord bad = SinkRecord.builder("k1").field("id", "k1").field("seq", "seven").build();
            SinkRecord noKey = SinkRecord.builder("k2").field("seq", 2L).build();

            assertThatThrownBy(() -> writer.write(bad)).isInstanceOf(SinkDataException.class)
                    .hasMessageContaining("column seq").hasMessageContaining("not an integer");
            assertThatThrownBy(() -> writer.write(noKey)).isInstanceOf(SinkDataException.class)
                    .hasMessageContaining("key column id would be NULL");
            writer.write(SinkRecord.builder("k3").field("id", "k3").field("seq", 3L).build());
            assertThat(writer.commit()).isEqualTo(WriteResult.of(1, 0));
        }
        assertThat(count("SELECT count(*) FROM " + table)).isEqualTo(1);
    }

    @Test
    void recordPartsMapToTypedColumnsAndCompositeKeysWork() throws Exception {
        String table = pg.newTableName("parts");
        pg.execute("CREATE TABLE " + table + " (topic text NOT NULL, part int NOT NULL, off bigint NOT NULL, "
                + "at timestamptz, body bytea, trace varchar(20), UNIQUE (topic, part, off))");
        Map<String, String> props = pg.sinkProperties(table, "topic,part,off");
        props.put("eos.sink.jdbc.columns", "topic=position.source,part=position.partition,off=position.offset,"
                + "at=event-time,body=value,trace=header.trace");
        Instant at = Instant.parse("2026-03-04T05:06:07.123Z");
        SinkRecord record = SinkRecord.builder("k").value(new byte[] {1, 2, (byte) 255}).eventTime(at)
                .position(new SourcePosition("orders", 3, 42)).header("trace", "t-1").build();
        try (Sink sink = Sinks.create(props)) {
            sink.preflight();
            assertThat(Sinks.writeAll(sink, List.of(record, record))).isEqualTo(WriteResult.of(1, 1));
        }
        try (Connection c = pg.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT topic, part, off, at, body, trace FROM " + table)) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("orders");
            assertThat(rs.getInt(2)).isEqualTo(3);
            assertThat(rs.getLong(3)).isEqualTo(42);
            assertThat(rs.getObject(4, OffsetDateTime.class).toInstant()).isEqualTo(at);
            assertThat(rs.getBytes(5)).containsExactly(1, 2, 255);
            assertThat(rs.getString(6)).isEqualTo("t-1");
            assertThat(rs.next()).isFalse();
        }
    }

    @Test
    void preflightRefusesATableWithoutAUniqueKeyAndSaysWhy() {
        String table = pg.newTableName("nokey");
        pg.execute("CREATE TABLE " + table + " (id varchar(64), seq bigint, payload varchar(64))",
                "CREATE INDEX " + table + "_id ON " + table + " (id)",
                "CREATE UNIQUE INDEX " + table + "_partial ON " + table + " (id) WHERE seq > 0");
        try (Sink sink = Sinks.create(pg.sinkProperties(table, "id"))) {
            assertThatThrownBy(sink::preflight).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("no primary key, unique constraint or unique index on exactly the key columns (id)")
                    .hasMessageContaining("no database can promise one row per key")
                    .hasMessageContaining("ALTER TABLE public." + table + " ADD CONSTRAINT");
        }
    }

    @Test
    void preflightAcceptsAUniqueIndexThatIsNotThePrimaryKey() {
        String table = pg.newTableName("uidx");
        pg.execute("CREATE TABLE " + table + " (n serial PRIMARY KEY, id varchar(64) NOT NULL, seq bigint, payload varchar(64))",
                "CREATE UNIQUE INDEX " + table + "_id ON " + table + " (id)");
        try (Sink sink = Sinks.create(pg.sinkProperties(table, "ID"))) {
            sink.preflight();
            assertThat(Sinks.writeAll(sink, TestRecords.generate(4, 10))).isEqualTo(WriteResult.of(10, 0));
        }
    }

    @Test
    void preflightReportsEveryProblemOfTheTableAtOnce() {
        String table = pg.newTableName("bad");
        pg.execute("CREATE TABLE " + table + " (id varchar(64) PRIMARY KEY, body int, must text NOT NULL)");
        Map<String, String> props = pg.sinkProperties(table, "id");
        props.put("eos.sink.jdbc.columns", "id=key,body=value,nothere=field.x");
        try (Sink sink = Sinks.create(props)) {
            assertThatThrownBy(sink::preflight).isInstanceOfSatisfying(ConfigException.class, e ->
                    assertThat(e.problems()).hasSize(3).anySatisfy(p -> assertThat(p).contains("Column nothere"))
                            .anySatisfy(p -> assertThat(p).contains("cannot hold value"))
                            .anySatisfy(p -> assertThat(p).contains("must (text)").contains("NOT NULL without a default")));
        }
        Map<String, String> missing = pg.sinkProperties("no_such_table", "id");
        try (Sink sink = Sinks.create(missing)) {
            assertThatThrownBy(sink::preflight).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("Table no_such_table named by \"eos.sink.jdbc.table\" does not exist");
        }
    }

    @Test
    void createTableCreatesTheTableWithAPrimaryKeyOnTheKeyColumns() throws Exception {
        String table = pg.newTableName("created");
        Map<String, String> props = pg.sinkProperties(table, "id");
        props.put("eos.sink.jdbc.columns", "id=key,body=value,at=event-time,off=position.offset");
        props.put("eos.sink.jdbc.create-table", "true");
        try (Sink sink = Sinks.create(props)) {
            sink.preflight();
            sink.preflight();
            assertThat(Sinks.writeAll(sink, TestRecords.generate(5, 20))).isEqualTo(WriteResult.of(20, 0));
        }
        assertThat(count("SELECT count(*) FROM " + table + " WHERE off = 19 AND at = '2026-01-01T00:00:19Z'")).isEqualTo(1);
    }

    @Test
    void procedureModeCallsTheUsersFunctionPerRecordAndCountsWhatItReturns() throws Exception {
        String table = eventsTable();
        pg.execute("CREATE FUNCTION " + table + "_put(p_id varchar, p_seq bigint, p_payload varchar) RETURNS int "
                + "LANGUAGE plpgsql AS $$ DECLARE n int; BEGIN "
                + "INSERT INTO " + table + " (id, seq, payload) VALUES (p_id, p_seq, p_payload) ON CONFLICT (id) DO NOTHING; "
                + "GET DIAGNOSTICS n = ROW_COUNT; RETURN n; END $$");
        Map<String, String> props = pg.sinkProperties(table, "id");
        props.put("eos.sink.jdbc.mode", "procedure");
        props.put("eos.sink.jdbc.procedure", table + "_put");
        props.put("eos.sink.jdbc.columns", "id,seq,payload");
        List<SinkRecord> records = TestRecords.generate(6, 30);
        try (Sink sink = Sinks.create(props)) {
            sink.preflight();
            assertThat(Sinks.writeAll(sink, records.subList(0, 10))).isEqualTo(WriteResult.of(10, 0));
            assertThat(Sinks.writeAll(sink, records)).isEqualTo(WriteResult.of(20, 10));
        }
        assertThat(count("SELECT count(*) FROM " + table)).isEqualTo(30);
    }

    @Test
    void neitherThePasswordNorTheUrlsCredentialsAppearWhenTheDatabaseIsUnreachable() {
        Map<String, String> props = pg.sinkProperties("t", "id");
        props.put("eos.sink.jdbc.url", "jdbc:postgresql://127.0.0.1:1/postgres?user=u&password=url-secret-1&ssl=false");
        props.put("eos.sink.jdbc.password", "option-secret-2");
        props.put("eos.sink.jdbc.pool.connection-timeout", "500ms");
        props.put("eos.sink.jdbc.properties.sslpassword", "pass-through-secret-3");
        try (Sink sink = Sinks.create(props)) {
            assertThat(sink.toString()).doesNotContain("url-secret-1").contains("password=[hidden]");
            assertThatThrownBy(sink::preflight).isInstanceOfSatisfying(RetriableSinkException.class, e -> {
                StringWriter trace = new StringWriter();
                e.printStackTrace(new PrintWriter(trace));
                assertThat(trace.toString()).contains("127.0.0.1:1")
                        .doesNotContain("url-secret-1").doesNotContain("option-secret-2").doesNotContain("pass-through-secret-3");
            });
        }
    }

    @Test
    void timestampsWithoutTimeZoneAreStoredInUtc() throws Exception {
        String table = pg.newTableName("ts");
        pg.execute("CREATE TABLE " + table + " (id text PRIMARY KEY, at timestamp)");
        Map<String, String> props = pg.sinkProperties(table, "id");
        props.put("eos.sink.jdbc.columns", "id=key,at=event-time");
        try (Sink sink = Sinks.create(props)) {
            Sinks.writeAll(sink, List.of(SinkRecord.builder("a").eventTime(Instant.parse("2026-05-06T07:08:09Z")).build()));
        }
        try (Connection c = pg.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT to_char(at, 'YYYY-MM-DD HH24:MI:SS') FROM " + table)) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("2026-05-06 07:08:09");
        }
    }
}
