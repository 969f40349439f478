package dev.eos.connector.jdbc.bench;

import dev.eos.connector.jdbc.testing.EmbeddedPostgresFixture;
import dev.eos.spi.Sink;
import dev.eos.spi.SinkRecord;
import dev.eos.spi.SinkWriter;
import dev.eos.spi.WriteContext;
import dev.eos.spi.WriteResult;
import dev.eos.spi.host.SinkRegistry;
import dev.eos.testkit.TestRecords;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Throughput of the jdbc sink on embedded PostgreSQL against plain writes of the same rows to the same server, in
 * one run. Not a test: {@code ./mvnw -pl connectors/jdbc -am -Pbenchmark -DskipTests verify}.
 *
 * <ul>
 *   <li>(a) plain batched INSERT, no idempotency (pgjdbc batches with {@code reWriteBatchedInserts=true}): the baseline</li>
 *   <li>(b) EOS insert-if-absent into an empty table (through the SPI: a writer per partition, as the runtime does)</li>
 *   <li>(c) EOS replay of batches already written (all duplicates)</li>
 *   <li>(d) the seed's naive per-row check-then-insert (SELECT, then INSERT when absent), on a sample, extrapolated</li>
 *   <li>(e) raw COPY into an empty table, the fastest way into PostgreSQL</li>
 *   <li>(f) per batch, COPY into a temporary table then INSERT ... SELECT ... ON CONFLICT DO NOTHING: the COPY-based
 *       alternative to (b)</li>
 * </ul>
 * Rows: the kit's test records (id, seq, payload, and the JSON value as body), {@code eos.bench.rows} of them
 * (default 1,000,000) in partitions of 100,000, {@code eos.bench.batch-size} rows per statement and transaction
 * (default 1000, the sink's default). The machine is shared, so the variants are interleaved partition by
 * partition ((a), (b), (c), (e), (f) on partition 1, then on partition 2, ...): a burst of load hits them all
 * alike. Each variant's time is the sum over the partitions of the best of {@code eos.bench.rounds} rounds (default 2).
 */
public final class JdbcSinkBenchmark {

    private static final int PARTITION = 100_000;
    private static final String[] VARIANTS = {"a", "b", "c", "e", "f"};

    private final EmbeddedPostgresFixture pg;
    private final int batchSize;

    private JdbcSinkBenchmark(EmbeddedPostgresFixture pg, int batchSize) {
        this.pg = pg;
        this.batchSize = batchSize;
    }

    public static void main(String[] args) throws Exception {
        int rows = Integer.getInteger("eos.bench.rows", 1_000_000);
        int batch = Integer.getInteger("eos.bench.batch-size", 1000);
        int rounds = Integer.getInteger("eos.bench.rounds", 2);
        int sample = Integer.getInteger("eos.bench.naive-sample", 20_000);
        Path dir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "eos-bench-pg");
        EmbeddedPostgresFixture pg = EmbeddedPostgresFixture.start(dir);
        Runtime.getRuntime().addShutdownHook(new Thread(pg::close));
        JdbcSinkBenchmark bench = new JdbcSinkBenchmark(pg, batch);
        bench.run(Math.min(rows, 50_000), 1);
        System.out.println("warm-up done");
        Map<String, Double> seconds = bench.run(rows, rounds);
        seconds.put("d", bench.naivePerRow(sample) * rows);
        report(seconds, rows, batch, sample, rounds);
    }

    /** Runs (a), (b), (c), (e), (f) interleaved per partition; returns the seconds of each. */
    private Map<String, Double> run(int rows, int rounds) throws Exception {
        Map<String, double[]> best = new LinkedHashMap<>();
        int partitions = (rows + PARTITION - 1) / PARTITION;
        for (String v : VARIANTS) {
            best.put(v, new double[partitions]);
            java.util.Arrays.fill(best.get(v), Double.MAX_VALUE);
        }
        for (int round = 1; round <= rounds; round++) {
            Map<String, String> tables = new HashMap<>();
            for (String v : List.of("a", "b", "e", "f")) {
                tables.put(v, newTable());
            }
            try (Sink sink = sink(tables.get("b"))) {
                sink.preflight();
                for (int p = 0; p < partitions; p++) {
                    List<SinkRecord> records = partition(p, Math.min(PARTITION, rows - p * PARTITION));
                    keep(best, "a", p, plainInsert(tables.get("a"), records));
                    keep(best, "b", p, eosInsert(sink, p, 0, records, records.size(), 0));
                    keep(best, "c", p, eosInsert(sink, p, 1, records, 0, records.size()));
                    keep(best, "e", p, copy(tables.get("e"), records));
                    keep(best, "f", p, copyThenInsertIfAbsent(tables.get("f"), records));
                }
            }
            for (String table : tables.values()) {
                check(table, rows);
            }
            if (rounds > 1) {
                System.out.printf(Locale.ROOT, "round %d of %d done%n", round, rounds);
            }
        }
        Map<String, Double> out = new LinkedHashMap<>();
        best.forEach((v, times) -> out.put(v, java.util.Arrays.stream(times).sum()));
        return out;
    }

    private static void keep(Map<String, double[]> best, String variant, int partition, double seconds) {
        best.get(variant)[partition] = Math.min(best.get(variant)[partition], seconds);
    }

    private static void report(Map<String, Double> s, int rows, int batch, int sample, int rounds) {
        System.out.println();
        System.out.printf(Locale.ROOT, "JDBC sink on embedded PostgreSQL: %,d rows, batch-size %d, best of %d rounds per partition%n",
                rows, batch, rounds);
        line("(a) plain batched INSERT (baseline)", s.get("a"), rows);
        line("(b) EOS insert-if-absent, empty table", s.get("b"), rows);
        line("(c) EOS replay, all duplicates", s.get("c"), rows);
        line("(d) naive per-row check-then-insert*", s.get("d"), rows);
        line("(e) raw COPY", s.get("e"), rows);
        line("(f) COPY to temp + INSERT ON CONFLICT", s.get("f"), rows);
        System.out.printf(Locale.ROOT, "* (d) measured on %,d rows and extrapolated linearly%n", sample);
        System.out.printf(Locale.ROOT, "ratio (b)/(a) throughput: %.2f (goal >= 0.9)%n", s.get("a") / s.get("b"));
        System.out.printf(Locale.ROOT, "ratio (c)/(b) throughput: %.2f (goal >= 1.0: a replay no slower than a first write)%n",
                s.get("b") / s.get("c"));
        System.out.printf(Locale.ROOT, "ratio (b)/(d) throughput: %.1f (EOS vs the naive per-row way)%n", s.get("d") / s.get("b"));
        System.out.printf(Locale.ROOT, "ratio (b)/(e) throughput: %.2f (EOS vs raw COPY)%n", s.get("e") / s.get("b"));
        System.out.printf(Locale.ROOT, "ratio (f)/(b) throughput: %.2f (COPY-based insert-if-absent vs the sink's statement)%n",
                s.get("b") / s.get("f"));
    }

    private static void line(String what, double seconds, int rows) {
        System.out.printf(Locale.ROOT, "%-42s %8.2f s %,12.0f rows/s%n", what, seconds, rows / seconds);
    }

    private String newTable() {
        String table = pg.newTableName("bench");
        pg.execute("CREATE TABLE " + table + " (id varchar(64) PRIMARY KEY, seq bigint, payload varchar(64), body text)");
        return table;
    }

    private static List<SinkRecord> partition(int p, int size) {
        List<SinkRecord> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            out.add(TestRecords.record(7, p * PARTITION + i));
        }
        return out;
    }

    private Connection connect(boolean rewrite) throws Exception {
        Properties props = new Properties();
        props.setProperty("user", pg.user());
        props.setProperty("reWriteBatchedInserts", String.valueOf(rewrite));
        return DriverManager.getConnection(pg.jdbcUrl(), props);
    }

    private Sink sink(String table) {
        Map<String, String> props = new HashMap<>();
        props.put("eos.sink.jdbc.url", pg.jdbcUrl());
        props.put("eos.sink.jdbc.user", pg.user());
        props.put("eos.sink.jdbc.table", table);
        props.put("eos.sink.jdbc.key-columns", "id");
        props.put("eos.sink.jdbc.columns", "id=key,seq=field.seq,payload=field.payload,body=value");
        props.put("eos.sink.jdbc.batch-size", String.valueOf(batchSize));
        return SinkRegistry.load().create("jdbc", "eos.sink.jdbc.", props);
    }

    /** (a) */
    private double plainInsert(String table, List<SinkRecord> records) throws Exception {
        try (Connection c = connect(true)) {
            c.setAutoCommit(false);
            long start = System.nanoTime();
            try (PreparedStatement s = c.prepareStatement("INSERT INTO " + table + " (id, seq, payload, body) VALUES (?, ?, ?, ?)")) {
                int n = 0;
                for (SinkRecord r : records) {
                    s.setString(1, r.key());
                    s.setLong(2, (Long) r.fields().get("seq"));
                    s.setString(3, (String) r.fields().get("payload"));
                    s.setString(4, r.valueAsString());
                    s.addBatch();
                    if (++n % batchSize == 0) {
                        s.executeBatch();
                        c.commit();
                    }
                }
                s.executeBatch();
                c.commit();
            }
            return (System.nanoTime() - start) / 1e9;
        }
    }

    /** (b) with attempt 0 on keys not yet stored, (c) with attempt 1 on the same keys. */
    private double eosInsert(Sink sink, int partition, int attempt, List<SinkRecord> records, long expectWritten,
                             long expectDuplicates) {
        long start = System.nanoTime();
        WriteResult result;
        try (SinkWriter writer = sink.open(new WriteContext(Instant.EPOCH, partition, attempt, List.of()))) {
            for (SinkRecord r : records) {
                writer.write(r);
            }
            result = writer.commit();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (result.written() != expectWritten || result.duplicates() != expectDuplicates) {
            throw new IllegalStateException("unexpected counts: " + result);
        }
        return seconds;
    }

    /** (d) on a sample of the rows: per row, SELECT by key, INSERT when absent, auto-commit. */
    private double naivePerRow(int sample) throws Exception {
        String table = newTable();
        List<SinkRecord> records = partition(0, sample);
        long start = System.nanoTime();
        try (Connection c = connect(false);
             PreparedStatement select = c.prepareStatement("SELECT 1 FROM " + table + " WHERE id = ?");
             PreparedStatement insert = c.prepareStatement("INSERT INTO " + table + " (id, seq, payload, body) VALUES (?, ?, ?, ?)")) {
            for (SinkRecord r : records) {
                select.setString(1, r.key());
                boolean present;
                try (ResultSet rs = select.executeQuery()) {
                    present = rs.next();
                }
                if (!present) {
                    insert.setString(1, r.key());
                    insert.setLong(2, (Long) r.fields().get("seq"));
                    insert.setString(3, (String) r.fields().get("payload"));
                    insert.setString(4, r.valueAsString());
                    insert.executeUpdate();
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        check(table, sample);
        System.out.printf(Locale.ROOT, "(d) %,d rows in %.2f s%n", sample, seconds);
        return seconds / sample;
    }

    /** (e) */
    private double copy(String table, List<SinkRecord> records) throws Exception {
        try (Connection c = connect(false)) {
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            long start = System.nanoTime();
            copy.copyIn("COPY " + table + " (id, seq, payload, body) FROM STDIN (FORMAT csv)",
                    new StringReader(csv(records, 0, records.size())));
            return (System.nanoTime() - start) / 1e9;
        }
    }

    /** (f): per batch, COPY into a temporary table, then INSERT ... SELECT ... ON CONFLICT DO NOTHING, one transaction. */
    private double copyThenInsertIfAbsent(String table, List<SinkRecord> records) throws Exception {
        try (Connection c = connect(false); Statement s = c.createStatement()) {
            s.execute("CREATE TEMP TABLE stage (id varchar(64), seq bigint, payload varchar(64), body text)");
            c.setAutoCommit(false);
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            long start = System.nanoTime();
            for (int from = 0; from < records.size(); from += batchSize) {
                int to = Math.min(records.size(), from + batchSize);
                copy.copyIn("COPY stage FROM STDIN (FORMAT csv)", new StringReader(csv(records, from, to)));
                s.executeUpdate("INSERT INTO " + table + " SELECT * FROM stage ON CONFLICT (id) DO NOTHING");
                s.executeUpdate("TRUNCATE stage");
                c.commit();
            }
            return (System.nanoTime() - start) / 1e9;
        }
    }

    private static String csv(List<SinkRecord> records, int from, int to) {
        StringBuilder out = new StringBuilder((to - from) * 160);
        for (int i = from; i < to; i++) {
            SinkRecord r = records.get(i);
            out.append(r.key()).append(',').append(r.fields().get("seq")).append(',').append(r.fields().get("payload"))
                    .append(",\"").append(r.valueAsString().replace("\"", "\"\"")).append("\"\n");
        }
        return out.toString();
    }

    private void check(String table, long expected) throws Exception {
        try (Connection c = connect(false); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*), count(DISTINCT id) FROM " + table)) {
            rs.next();
            if (rs.getLong(1) != expected || rs.getLong(2) != expected) {
                throw new IllegalStateException(table + " holds " + rs.getLong(1) + " rows, expected " + expected);
            }
        }
        pg.execute("DROP TABLE " + table);
    }
}
