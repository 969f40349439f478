package dev.eos.connector.jdbc.bench;

import dev.eos.connector.jdbc.testing.EmbeddedPostgresFixture;
import dev.eos.spi.Sink;
import dev.eos.spi.SinkRecord;
import dev.eos.spi.SinkWriter;
import dev.eos.spi.WriteContext;
import dev.eos.spi.WriteResult;
import dev.eos.spi.internal.SinkRegistry;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Throughput of the jdbc sink on embedded PostgreSQL against plain writes of the same rows to the same server, in
 * one run. Not a test: run it with {@code ./mvnw -pl connectors/jdbc -am -Pbenchmark -DskipTests verify}.
 *
 * <ul>
 *   <li>(a) plain batched INSERT, no idempotency (pgjdbc batches with {@code reWriteBatchedInserts=true}): the baseline</li>
 *   <li>(b) EOS insert-if-absent into an empty table</li>
 *   <li>(c) EOS replay of batches already written (all duplicates)</li>
 *   <li>(d) the naive per-row check-then-insert (SELECT, then INSERT when absent), on a sample, extrapolated</li>
 *   <li>(e) raw COPY into an empty table, the fastest way into PostgreSQL</li>
 *   <li>(f) COPY into a temporary table, then INSERT ... SELECT ... ON CONFLICT DO NOTHING (the alternative to (b))</li>
 * </ul>
 * Rows: the kit's test records (id, seq, payload, and the JSON value as body), {@code eos.bench.rows} of them
 * (default 1,000,000) in partitions of 100,000 records, {@code eos.bench.batch-size} rows per statement and
 * transaction (default 1000, the sink's default). Each variant runs {@code eos.bench.rounds} times (default 2) after
 * a warm-up; the best round counts.
 */
public final class JdbcSinkBenchmark {

    private static final int PARTITION = 100_000;

    private final EmbeddedPostgresFixture pg;
    private final int rows;
    private final int batchSize;
    private final int naiveSample;
    private int tables;

    private JdbcSinkBenchmark(EmbeddedPostgresFixture pg, int rows, int batchSize, int naiveSample) {
        this.pg = pg;
        this.rows = rows;
        this.batchSize = batchSize;
        this.naiveSample = naiveSample;
    }

    public static void main(String[] args) throws Exception {
        int rows = Integer.getInteger("eos.bench.rows", 1_000_000);
        int batch = Integer.getInteger("eos.bench.batch-size", 1000);
        int rounds = Integer.getInteger("eos.bench.rounds", 2);
        int sample = Integer.getInteger("eos.bench.naive-sample", 20_000);
        Path dir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "eos-bench-pg");
        try (EmbeddedPostgresFixture pg = EmbeddedPostgresFixture.start(dir)) {
            JdbcSinkBenchmark bench = new JdbcSinkBenchmark(pg, rows, batch, sample);
            bench.warmUp();
            Map<String, Double> best = new LinkedHashMap<>();
            for (int round = 1; round <= rounds; round++) {
                System.out.printf(Locale.ROOT, "round %d%n", round);
                record(best, "a", bench.plainInsert());
                String table = bench.newTable();
                record(best, "b", bench.eosInsert(table, 0));
                record(best, "c", bench.eosInsert(table, 1));
                if (!Boolean.getBoolean("eos.bench.core-only")) {
                    record(best, "e", bench.copy());
                    record(best, "f", bench.copyThenInsertIfAbsent());
                }
                if (Boolean.getBoolean("eos.bench.raw-statements")) {
                    record(best, "g", bench.rawUnnest(true));
                    record(best, "h", bench.rawUnnest(false));
                }
            }
            if (Boolean.getBoolean("eos.bench.core-only")) {
                return;
            }
            double naivePerRow = bench.naivePerRow();
            best.put("d", naivePerRow * rows);
            report(best, rows, batch, sample);
        }
    }

    private static void record(Map<String, Double> best, String name, double seconds) {
        best.merge(name, seconds, Math::min);
        System.out.printf(Locale.ROOT, "  (%s) %.2f s%n", name, seconds);
    }

    private static void report(Map<String, Double> s, int rows, int batch, int sample) {
        System.out.println();
        System.out.printf(Locale.ROOT, "JDBC sink on embedded PostgreSQL: %,d rows, batch-size %d, best of the rounds%n", rows, batch);
        line("(a) plain batched INSERT (baseline)", s.get("a"), rows);
        line("(b) EOS insert-if-absent, empty table", s.get("b"), rows);
        line("(c) EOS replay, all duplicates", s.get("c"), rows);
        line("(d) naive per-row check-then-insert*", s.get("d"), rows);
        line("(e) raw COPY", s.get("e"), rows);
        line("(f) COPY to temp + INSERT ON CONFLICT", s.get("f"), rows);
        System.out.printf(Locale.ROOT, "* (d) measured on %,d rows and extrapolated linearly%n", sample);
        System.out.printf(Locale.ROOT, "ratio (b)/(a) throughput: %.2f (goal >= 0.9)%n", s.get("a") / s.get("b"));
        System.out.printf(Locale.ROOT, "ratio (c)/(b) throughput: %.2f (goal >= 1.0: a replay no slower than a first write)%n", s.get("b") / s.get("c"));
        System.out.printf(Locale.ROOT, "ratio (b)/(d) throughput: %.1f (EOS vs the naive per-row way)%n", s.get("d") / s.get("b"));
        System.out.printf(Locale.ROOT, "ratio (b)/(e) throughput: %.2f (EOS vs raw COPY)%n", s.get("e") / s.get("b"));
        System.out.printf(Locale.ROOT, "ratio (f)/(b) throughput: %.2f (COPY-based insert-if-absent vs the unnest statement)%n", s.get("b") / s.get("f"));
    }

    private static void line(String what, double seconds, int rows) {
        System.out.printf(Locale.ROOT, "%-42s %8.2f s %,12.0f rows/s%n", what, seconds, rows / seconds);
    }

    private void warmUp() throws Exception {
        int saved = rows;
        JdbcSinkBenchmark small = new JdbcSinkBenchmark(pg, 50_000, batchSize, 1_000);
        small.plainInsert();
        String table = small.newTable();
        small.eosInsert(table, 0);
        small.eosInsert(table, 1);
        small.copy();
        small.copyThenInsertIfAbsent();
        System.out.printf(Locale.ROOT, "warm-up done (%,d rows to measure)%n", saved);
    }

    private String newTable() {
        String table = "bench_" + (++tables) + "_" + System.nanoTime() % 100_000;
        pg.execute("CREATE TABLE " + table + " (id varchar(64) PRIMARY KEY, seq bigint, payload varchar(64), body text)");
        return table;
    }

    private static List<SinkRecord> partition(int p, int size) {
        List<SinkRecord> out = new java.util.ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            out.add(TestRecords.record(7, p * PARTITION + i));
        }
        return out;
    }

    private int partitions() {
        return (rows + PARTITION - 1) / PARTITION;
    }

    private int partitionSize(int p) {
        return Math.min(PARTITION, rows - p * PARTITION);
    }

    private Connection connect(boolean rewrite) throws Exception {
        Properties props = new Properties();
        props.setProperty("user", pg.user());
        props.setProperty("reWriteBatchedInserts", String.valueOf(rewrite));
        return DriverManager.getConnection(pg.jdbcUrl(), props);
    }

    /** (a) */
    private double plainInsert() throws Exception {
        String table = newTable();
        long nanos = 0;
        try (Connection c = connect(true)) {
            c.setAutoCommit(false);
            for (int p = 0; p < partitions(); p++) {
                List<SinkRecord> records = partition(p, partitionSize(p));
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
                nanos += System.nanoTime() - start;
            }
        }
        check(table, rows, true);
        return nanos / 1e9;
    }

    /** (g)/(h): the unnest statement on a raw connection, without the sink around it. */
    private double rawUnnest(boolean onConflict) throws Exception {
        String table = newTable();
        String sql = "INSERT INTO " + table + " (id, seq, payload, body) SELECT v1, v2, v3, v4 FROM (SELECT u.v1::varchar AS v1, "
                + "u.v2::int8 AS v2, u.v3::varchar AS v3, u.v4::text AS v4 "
                + "FROM unnest(?::text[], ?::text[], ?::text[], ?::text[]) AS u (v1, v2, v3, v4)) AS s"
                + (onConflict ? " ON CONFLICT (id) DO NOTHING" : " WHERE NOT EXISTS (SELECT 1 FROM " + table + " d WHERE d.id = s.v1)");
        long nanos = 0;
        try (Connection c = connect(false)) {
            c.setAutoCommit(false);
            for (int p = 0; p < partitions(); p++) {
                List<SinkRecord> records = partition(p, partitionSize(p));
                long start = System.nanoTime();
                try (PreparedStatement s = c.prepareStatement(sql)) {
                    for (int from = 0; from < records.size(); from += batchSize) {
                        int to = Math.min(records.size(), from + batchSize);
                        String[][] cols = new String[4][to - from];
                        for (int i = from; i < to; i++) {
                            SinkRecord r = records.get(i);
                            cols[0][i - from] = r.key();
                            cols[1][i - from] = String.valueOf(r.fields().get("seq"));
                            cols[2][i - from] = (String) r.fields().get("payload");
                            cols[3][i - from] = r.valueAsString();
                        }
                        for (int k = 0; k < 4; k++) {
                            s.setArray(k + 1, c.createArrayOf("text", cols[k]));
                        }
                        s.executeUpdate();
                        c.commit();
                    }
                }
                nanos += System.nanoTime() - start;
            }
        }
        check(table, rows, true);
        return nanos / 1e9;
    }

    /** (b) with attempt 0 on an empty table, (c) with attempt 1 on the same table. */
    private double eosInsert(String table, int attempt) throws Exception {
        Map<String, String> props = new java.util.HashMap<>();
        props.put("eos.sink.jdbc.url", pg.jdbcUrl());
        props.put("eos.sink.jdbc.user", pg.user());
        props.put("eos.sink.jdbc.table", table);
        props.put("eos.sink.jdbc.key-columns", "id");
        props.put("eos.sink.jdbc.columns", "id=@key,seq=seq,payload=payload,body=@value");
        props.put("eos.sink.jdbc.batch-size", String.valueOf(batchSize));
        long nanos = 0;
        long written = 0;
        long duplicates = 0;
        try (Sink sink = SinkRegistry.load().create("jdbc", "eos.sink.jdbc.", props)) {
            sink.preflight();
            for (int p = 0; p < partitions(); p++) {
                List<SinkRecord> records = partition(p, partitionSize(p));
                long start = System.nanoTime();
                try (SinkWriter writer = sink.open(new WriteContext(Instant.EPOCH, p, attempt, List.of()))) {
                    for (SinkRecord r : records) {
                        writer.write(r);
                    }
                    WriteResult result = writer.commit();
                    written += result.written();
                    duplicates += result.duplicates();
                }
                nanos += System.nanoTime() - start;
            }
        }
        long expectedWritten = attempt == 0 ? rows : 0;
        if (written != expectedWritten || written + duplicates != rows) {
            throw new IllegalStateException("counts do not add up: written " + written + ", duplicates " + duplicates);
        }
        check(table, rows, attempt == 1);
        return nanos / 1e9;
    }

    /** (d) on a sample of the rows: per row, SELECT by key, INSERT when absent, auto-commit. */
    private double naivePerRow() throws Exception {
        String table = newTable();
        List<SinkRecord> records = partition(0, naiveSample);
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
        check(table, naiveSample, true);
        System.out.printf(Locale.ROOT, "  (d) %,d rows in %.2f s%n", naiveSample, seconds);
        return seconds / naiveSample;
    }

    /** (e) */
    private double copy() throws Exception {
        String table = newTable();
        long nanos = 0;
        try (Connection c = connect(false)) {
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            for (int p = 0; p < partitions(); p++) {
                List<SinkRecord> records = partition(p, partitionSize(p));
                long start = System.nanoTime();
                copy.copyIn("COPY " + table + " (id, seq, payload, body) FROM STDIN (FORMAT csv)", new StringReader(csv(records, 0, records.size())));
                nanos += System.nanoTime() - start;
            }
        }
        check(table, rows, true);
        return nanos / 1e9;
    }

    /** (f): per batch, COPY into a temporary table, then INSERT ... SELECT ... ON CONFLICT DO NOTHING, one transaction. */
    private double copyThenInsertIfAbsent() throws Exception {
        String table = newTable();
        long nanos = 0;
        try (Connection c = connect(false); Statement s = c.createStatement()) {
            s.execute("CREATE TEMP TABLE stage (id varchar(64), seq bigint, payload varchar(64), body text) ON COMMIT DELETE ROWS");
            c.setAutoCommit(false);
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            for (int p = 0; p < partitions(); p++) {
                List<SinkRecord> records = partition(p, partitionSize(p));
                long start = System.nanoTime();
                for (int from = 0; from < records.size(); from += batchSize) {
                    int to = Math.min(records.size(), from + batchSize);
                    copy.copyIn("COPY stage FROM STDIN (FORMAT csv)", new StringReader(csv(records, from, to)));
                    s.executeUpdate("INSERT INTO " + table + " SELECT * FROM stage ON CONFLICT (id) DO NOTHING");
                    c.commit();
                }
                nanos += System.nanoTime() - start;
            }
        }
        check(table, rows, true);
        return nanos / 1e9;
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

    private void check(String table, long expected, boolean drop) throws Exception {
        try (Connection c = connect(false); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            if (rs.getLong(1) != expected) {
                throw new IllegalStateException(table + " holds " + rs.getLong(1) + " rows, expected " + expected);
            }
        }
        if (drop) {
            pg.execute("DROP TABLE " + table);
        }
    }
}
