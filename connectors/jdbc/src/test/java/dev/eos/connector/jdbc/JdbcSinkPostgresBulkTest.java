package dev.eos.connector.jdbc;

import dev.eos.connector.jdbc.testing.EmbeddedPostgresFixture;
import dev.eos.spi.Sink;
import dev.eos.spi.SinkRecord;
import dev.eos.spi.WriteResult;
import dev.eos.testkit.TestRecords;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bulk path on real PostgreSQL (binary COPY, or COPY's text format when a column has no binary encoding here):
 * every column type reads back as the statement path writes it, a replay that meets some stored keys falls back and
 * counts them as duplicates, and a value a column refuses in a bulk chunk rejects that record alone.
 */
class JdbcSinkPostgresBulkTest {

    private final EmbeddedPostgresFixture pg = EmbeddedPostgresFixture.shared();

    private static final String TYPED = "id varchar(64) PRIMARY KEY, small int2, whole int4, big int8, real8 float8, "
            + "real4 float4, flag bool, day date, at timestamptz, local timestamp, uid uuid, doc jsonb, js json, "
            + "raw bytea, fixed char(4), note text";

    private List<SinkRecord> typedRecords() {
        List<SinkRecord> out = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            out.add(SinkRecord.builder("k" + i).value("v\t" + i + "\\x\n")
                    .field("small", (long) i).field("whole", 100_000L * i).field("big", Long.MAX_VALUE - i)
                    .field("real8", i / 3.0).field("real4", i / 7.0).field("flag", i % 2 == 0)
                    .field("day", "2026-03-" + (10 + i % 10)).field("at", Instant.parse("2026-03-04T05:06:07.123456Z").plusSeconds(i))
                    .field("local", "2026-01-02T03:04:05.5").field("uid", "0b9f6a3c-1d2e-4f50-8a6b-7c8d9e0f1a" + (10 + i))
                    .field("doc", Map.of("n", (long) i, "s", "é\"\\")).field("js", List.of(1L, "two"))
                    .field("fixed", "ab").field("note", i % 5 == 0 ? null : "tab\there, line\nbreak, back\\slash " + i)
                    .field("amount", "12345.678" + i)
                    .build());
        }
        return out;
    }

    private Map<String, String> props(String table, String writePath, String columns) {
        Map<String, String> props = pg.sinkProperties(table, "id");
        props.put("eos.sink.jdbc.write-path", writePath);
        props.put("eos.sink.jdbc.columns", columns);
        props.put("eos.sink.jdbc.batch-size", "16");
        return props;
    }

    private List<String> rows(String table) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = pg.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT * FROM " + table + " ORDER BY id")) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    row.append(rs.getString(i)).append('|');
                }
                out.add(row.toString());
            }
        }
        return out;
    }

    private void assertBothPathsStoreTheSame(String columnsDdl, String mapping) throws Exception {
        String bulk = pg.newTableName("bulk");
        String statement = pg.newTableName("stmt");
        pg.execute("CREATE TABLE " + bulk + " (" + columnsDdl + ")", "CREATE TABLE " + statement + " (" + columnsDdl + ")");
        try (Sink b = Sinks.create(props(bulk, "bulk", mapping)); Sink s = Sinks.create(props(statement, "statement", mapping))) {
            assertThat(Sinks.writeAll(b, typedRecords())).isEqualTo(WriteResult.of(40, 0));
            assertThat(Sinks.writeAll(s, typedRecords())).isEqualTo(WriteResult.of(40, 0));
        }
        assertThat(rows(bulk)).hasSize(40).isEqualTo(rows(statement));
    }

    @Test
    void everyBinaryEncodedTypeReadsBackAsTheStatementPathWritesIt() throws Exception {
        assertBothPathsStoreTheSame(TYPED, "id=key, small, whole, big, real8, real4, flag, day, at, local, uid, doc, js, "
                + "raw=value, fixed, note");
    }

    @Test
    void aTableWithANumericColumnGoesThroughCopysTextFormatWithEscapes() throws Exception {
        assertBothPathsStoreTheSame(TYPED + ", amount numeric(12, 4)", "id=key, small, whole, big, real8, real4, flag, "
                + "day, at, local, uid, doc, js, raw=value, fixed, note, amount");
    }

    @Test
    void aReplayThatMeetsSomeStoredKeysWritesTheRestAndCountsTheStoredAsDuplicates() throws Exception {
        String table = pg.newTableName("replay");
        pg.execute("CREATE TABLE " + table + " (id varchar(64) PRIMARY KEY, seq bigint, payload varchar(64), body text)");
        List<SinkRecord> records = TestRecords.generate(11, 1_000);
        Map<String, String> props = props(table, "bulk", "id=key, seq, payload, body=value");
        props.put("eos.sink.jdbc.batch-size", "100");
        try (Sink sink = Sinks.create(props)) {
            assertThat(Sinks.writeAll(sink, records.subList(300, 500))).isEqualTo(WriteResult.of(200, 0));
            assertThat(Sinks.writeAll(sink, records, 1)).isEqualTo(WriteResult.of(800, 200));
            assertThat(Sinks.writeAll(sink, records, 2)).isEqualTo(WriteResult.of(0, 1_000));
        }
        assertThat(rows(table)).hasSize(1_000);
    }

    @Test
    void aValueTheColumnRefusesInABulkChunkRejectsThatRecordAloneAndTheRestLands() throws Exception {
        String table = pg.newTableName("refused");
        pg.execute("CREATE TABLE " + table + " (id varchar(64) PRIMARY KEY, whole int4, payload varchar(8))");
        List<SinkRecord> records = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            records.add(SinkRecord.builder("k" + i).value("{}").field("whole", (long) i).field("payload", "p" + i).build());
        }
        records.set(17, records.get(17).toBuilder().field("payload", "much too long").build());
        records.set(63, records.get(63).toBuilder().field("whole", 1L << 40).build());
        try (Sink sink = Sinks.create(props(table, "bulk", "id=key, whole, payload"))) {
            WriteResult result = Sinks.writeAll(sink, records);
            assertThat(result.written()).isEqualTo(98);
            assertThat(result.rejected()).extracting(r -> r.record().key()).containsExactlyInAnyOrder("k17", "k63");
            assertThat(result.rejected()).allSatisfy(r -> assertThat(r.reason()).contains("SQLState 22"));
        }
        assertThat(rows(table)).hasSize(98);
    }
}
