package dev.eos.bench.jdbc;

import dev.eos.connector.jdbc.testing.EmbeddedPostgresFixture;
import dev.eos.runtime.SinkCache;
import dev.eos.spi.Sink;
import dev.eos.spi.SinkRecord;
import dev.eos.spi.SinkWriter;
import dev.eos.spi.WriteContext;
import dev.eos.spi.WriteResult;
import dev.eos.spi.host.SinkRegistry;
import dev.eos.testkit.TestRecords;
import org.apache.spark.api.java.function.ForeachPartitionFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
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
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Throughput of the {@code jdbc} sink on embedded PostgreSQL against plain writes of the same rows to the same server,
 * in one run, and through Spark against Spark's own JDBC writer. Not a test:
 * {@code ./mvnw -q -pl benchmarks/jdbc -am -Pjdbc-benchmark -DskipTests verify [-Djdbc.benchmark.args="-rows 200000"]}.
 *
 * <ul>
 *   <li>(a) plain batched INSERT, no idempotency (pgjdbc batches with {@code reWriteBatchedInserts=true})</li>
 *   <li>(b) EOS insert-if-absent on the bulk path (binary COPY) into an empty table, through the SPI: a writer per
 *       partition, as the runtime does</li>
 *   <li>(c) EOS replay of the batches (b) wrote: all duplicates</li>
 *   <li>(b2) (b) with {@code batch-size=10000}: ten times fewer transactions</li>
 *   <li>(d) raw COPY (text, one per partition), the fastest way into PostgreSQL</li>
 *   <li>(e) EOS upsert of new versions of every stored row, against (e0) a plain batched {@code INSERT ... ON
 *       CONFLICT (id) DO UPDATE} of the same rows</li>
 *   <li>(f) through Spark (local[2], 4 partitions of a cached DataFrame): Spark's {@code df.write.format("jdbc")},
 *       append, its default batch size, against (f1) EOS's sink opened per partition through the SPI
 *       ({@code SinkCache}, as the runtime does) in {@code foreachPartition}</li>
 * </ul>
 * Rows: the kit's test records (id, seq, payload and the JSON value as body), {@code -rows} of them (default
 * 1,000,000), in partitions of 100,000, {@code -batch-size} rows per statement and transaction (default 1000, the
 * sink's default). The machine is shared, so (a) to (e0) are interleaved partition by partition: a burst of load hits
 * them all alike; each one's time is the sum over the partitions of the best of {@code -rounds} rounds (default 2).
 * (f) and (f1) alternate, best of the rounds.
 */
public final class JdbcBenchmark {

    private static final int PARTITION = 100_000;
    private static final String PREFIX = "eos.sink.jdbc.";
    private static final String COLUMNS = "id varchar(64) PRIMARY KEY, seq bigint, payload varchar(64), body text";

    private final EmbeddedPostgresFixture pg;
    private final int batchSize;

    private JdbcBenchmark(EmbeddedPostgresFixture pg, int batchSize) {
        this.pg = pg;
        this.batchSize = batchSize;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i].replaceFirst("^-+", ""), args[i + 1]);
        }
        int rows = Integer.parseInt(a.getOrDefault("rows", "1000000"));
        int batch = Integer.parseInt(a.getOrDefault("batch-size", "1000"));
        int rounds = Integer.parseInt(a.getOrDefault("rounds", "2"));
        Path dir = Files.createTempDirectory(Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"))),
                "eos-bench-pg");
        EmbeddedPostgresFixture pg = EmbeddedPostgresFixture.start(dir);
        Runtime.getRuntime().addShutdownHook(new Thread(pg::close));
        JdbcBenchmark bench = new JdbcBenchmark(pg, batch);
        bench.run(Math.min(rows, 50_000), 1);
        System.out.println("warm-up done");
        Map<String, Double> seconds = bench.run(rows, rounds);
        seconds.putAll(bench.spark(rows, rounds));
        report(seconds, rows, batch, rounds);
    }

    /** Runs (a) to (e0) interleaved per partition; returns the seconds of each. */
    private Map<String, Double> run(int rows, int rounds) throws Exception {
        List<String> variants = List.of("a", "b", "c", "b2", "d", "e", "e0");
        Map<String, double[]> best = new LinkedHashMap<>();
        int partitions = (rows + PARTITION - 1) / PARTITION;
        for (String v : variants) {
            best.put(v, new double[partitions]);
            Arrays.fill(best.get(v), Double.MAX_VALUE);
        }
        for (int round = 1; round <= rounds; round++) {
            Map<String, String> tables = new HashMap<>();
            for (String v : List.of("a", "b", "b2", "d")) {
                tables.put(v, newTable(COLUMNS));
            }
            for (String v : List.of("e", "e0")) {
                tables.put(v, newTable(COLUMNS + ", ver bigint"));
            }
            try (Sink insert = sink(tables.get("b"), Map.of());
                 Sink larger = sink(tables.get("b2"), Map.of("batch-size", "10000"));
                 Sink upsert = sink(tables.get("e"), Map.of("mode", "upsert", "version", "ver=field.ver"))) {
                insert.preflight();
                larger.preflight();
                upsert.preflight();
                for (int p = 0; p < partitions; p++) {
                    List<SinkRecord> records = partition(p, Math.min(PARTITION, rows - p * PARTITION), 0);
                    List<SinkRecord> newer = partition(p, records.size(), 2);
                    keep(best, "a", p, plainInsert(tables.get("a"), records));
                    keep(best, "b", p, eosWrite(insert, p, 0, records, records.size(), 0));
                    keep(best, "c", p, eosWrite(insert, p, 1, records, 0, records.size()));
                    keep(best, "b2", p, eosWrite(larger, p, 0, records, records.size(), 0));
                    keep(best, "d", p, copy(tables.get("d"), records, false));
                    copy(tables.get("e"), partition(p, records.size(), 1), true);
                    copy(tables.get("e0"), partition(p, records.size(), 1), true);
                    keep(best, "e", p, eosWrite(upsert, p, 0, newer, newer.size(), 0));
                    keep(best, "e0", p, plainUpsert(tables.get("e0"), newer));
                }
            }
            for (String table : tables.values()) {
                check(table, rows);
            }
            System.out.printf(Locale.ROOT, "round %d of %d done%n", round, rounds);
        }
        Map<String, Double> out = new LinkedHashMap<>();
        best.forEach((v, times) -> out.put(v, Arrays.stream(times).sum()));
        return out;
    }

    private static void keep(Map<String, double[]> best, String variant, int partition, double seconds) {
        best.get(variant)[partition] = Math.min(best.get(variant)[partition], seconds);
    }

    private static void report(Map<String, Double> s, int rows, int batch, int rounds) {
        System.out.println();
        System.out.printf(Locale.ROOT, "JDBC sink on embedded PostgreSQL: %,d rows, batch-size %d, best of %d rounds%n",
                rows, batch, rounds);
        line("(a) plain batched INSERT", s.get("a"), rows);
        line("(b) EOS first write, bulk path", s.get("b"), rows);
        line("(c) EOS replay, all duplicates", s.get("c"), rows);
        line("(b2) EOS first write, batch-size 10000", s.get("b2"), rows);
        line("(d) raw COPY", s.get("d"), rows);
        line("(e) EOS upsert, new versions", s.get("e"), rows);
        line("(e0) plain INSERT ON CONFLICT DO UPDATE", s.get("e0"), rows);
        line("(f) Spark df.write.format(\"jdbc\")", s.get("f"), rows);
        line("(f1) EOS sink from Spark", s.get("f1"), rows);
        System.out.printf(Locale.ROOT, "ratio (b)/(d) throughput: %.2f (goal >= 0.9 of raw COPY)%n", s.get("d") / s.get("b"));
        System.out.printf(Locale.ROOT, "ratio (b2)/(d) throughput: %.2f (the same with 10,000 rows per transaction)%n", s.get("d") / s.get("b2"));
        System.out.printf(Locale.ROOT, "ratio (c)/(b) throughput: %.2f (goal >= 1.0: a replay no slower than a first write)%n",
                s.get("b") / s.get("c"));
        System.out.printf(Locale.ROOT, "ratio (e)/(e0) throughput: %.2f (goal >= 0.9 of a plain upsert)%n", s.get("e0") / s.get("e"));
        System.out.printf(Locale.ROOT, "ratio (f1)/(f) throughput: %.2f (goal >= 1.5 of Spark's JDBC writer)%n", s.get("f") / s.get("f1"));
        System.out.printf(Locale.ROOT, "ratio (b)/(a) throughput: %.2f (EOS first write vs plain batched INSERT)%n", s.get("a") / s.get("b"));
    }

    private static void line(String what, double seconds, int rows) {
        System.out.printf(Locale.ROOT, "%-42s %8.2f s %,12.0f rows/s%n", what, seconds, rows / seconds);
    }

    private String newTable(String columns) {
        String table = pg.newTableName("bench");
        pg.execute("CREATE TABLE " + table + " (" + columns + ")");
        return table;
    }

    /** The records of one partition; {@code version} > 0 adds the field ver (and changes the payload). */
    private static List<SinkRecord> partition(int p, int size, long version) {
        List<SinkRecord> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            SinkRecord r = TestRecords.record(7, p * PARTITION + i);
            out.add(version == 0 ? r : r.toBuilder().field("ver", version).field("payload", "v" + version).build());
        }
        return out;
    }

    private Connection connect(boolean rewrite) throws Exception {
        Properties props = new Properties();
        props.setProperty("user", pg.user());
        props.setProperty("reWriteBatchedInserts", String.valueOf(rewrite));
        return DriverManager.getConnection(pg.jdbcUrl(), props);
    }

    private Map<String, String> sinkProperties(String table, Map<String, String> extra) {
        Map<String, String> props = new HashMap<>();
        props.put(PREFIX + "url", pg.jdbcUrl());
        props.put(PREFIX + "user", pg.user());
        props.put(PREFIX + "table", table);
        props.put(PREFIX + "key-columns", "id");
        props.put(PREFIX + "columns", "id=key,seq=field.seq,payload=field.payload,body=value");
        props.put(PREFIX + "batch-size", String.valueOf(batchSize));
        extra.forEach((k, v) -> props.put(PREFIX + k, v));
        return props;
    }

    private Sink sink(String table, Map<String, String> extra) {
        return SinkRegistry.load().create("jdbc", PREFIX, sinkProperties(table, extra));
    }

    /** (a) */
    private double plainInsert(String table, List<SinkRecord> records) throws Exception {
        return batched("INSERT INTO " + table + " (id, seq, payload, body) VALUES (?, ?, ?, ?)", records, false);
    }

    /** (e0) */
    private double plainUpsert(String table, List<SinkRecord> records) throws Exception {
        return batched("INSERT INTO " + table + " (id, seq, payload, body, ver) VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) "
                + "DO UPDATE SET seq = EXCLUDED.seq, payload = EXCLUDED.payload, body = EXCLUDED.body, ver = EXCLUDED.ver",
                records, true);
    }

    private double batched(String sql, List<SinkRecord> records, boolean withVersion) throws Exception {
        try (Connection c = connect(true)) {
            c.setAutoCommit(false);
            long start = System.nanoTime();
            try (PreparedStatement s = c.prepareStatement(sql)) {
                int n = 0;
                for (SinkRecord r : records) {
                    s.setString(1, r.key());
                    s.setLong(2, (Long) r.fields().get("seq"));
                    s.setString(3, (String) r.fields().get("payload"));
                    s.setString(4, r.valueAsString());
                    if (withVersion) {
                        s.setLong(5, (Long) r.fields().get("ver"));
                    }
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

    /** (b), (c), (e): one writer for the partition. */
    private static double eosWrite(Sink sink, int partition, int attempt, List<SinkRecord> records, long expectWritten,
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

    /** (d), and the untimed fill of the upsert tables. */
    private double copy(String table, List<SinkRecord> records, boolean withVersion) throws Exception {
        try (Connection c = connect(false)) {
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            StringBuilder csv = new StringBuilder(records.size() * 160);
            for (SinkRecord r : records) {
                csv.append(r.key()).append(',').append(r.fields().get("seq")).append(',').append(r.fields().get("payload"))
                        .append(",\"").append(r.valueAsString().replace("\"", "\"\"")).append('"');
                if (withVersion) {
                    csv.append(',').append(r.fields().get("ver"));
                }
                csv.append('\n');
            }
            long start = System.nanoTime();
            copy.copyIn("COPY " + table + " (id, seq, payload, body" + (withVersion ? ", ver" : "")
                    + ") FROM STDIN (FORMAT csv)", new StringReader(csv.toString()));
            return (System.nanoTime() - start) / 1e9;
        }
    }

    /** (f) and (f1), alternating; the best of the rounds of each. */
    private Map<String, Double> spark(int rows, int rounds) throws Exception {
        SparkSession spark = SparkSession.builder().master("local[2]").appName("eos-jdbc-benchmark")
                .config("spark.ui.enabled", "false")
                .config("spark.local.dir", System.getProperty("java.io.tmpdir"))
                .config("spark.sql.shuffle.partitions", "4")
                .getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        try {
            Dataset<Row> df = spark.range(0, rows, 1, 4).selectExpr(
                    "concat('key-', id) AS id", "id AS seq", "concat('payload-', id % 1000) AS payload",
                    "concat('{\"id\":\"key-', id, '\",\"seq\":', id, ',\"payload\":\"payload-', id % 1000, '\"}') AS body");
            df = df.cache();
            df.count();
            double best = Double.MAX_VALUE;
            double bestEos = Double.MAX_VALUE;
            for (int round = 1; round <= rounds; round++) {
                String table = newTable(COLUMNS);
                long start = System.nanoTime();
                df.write().format("jdbc").mode("append").option("url", pg.jdbcUrl()).option("user", pg.user())
                        .option("dbtable", table).save();
                best = Math.min(best, (System.nanoTime() - start) / 1e9);
                check(table, rows);

                String eosTable = newTable(COLUMNS);
                Map<String, String> props = new HashMap<>(sinkProperties(eosTable, Map.of()));
                props.put(PREFIX + "columns", "id=key,seq=field.seq,payload=field.payload,body=value");
                SinkCache.get("jdbc", PREFIX, props).preflight();
                start = System.nanoTime();
                df.foreachPartition((ForeachPartitionFunction<Row>) it -> {
                    Sink sink = SinkCache.get("jdbc", PREFIX, props);
                    int partition = org.apache.spark.TaskContext.getPartitionId();
                    int attempt = org.apache.spark.TaskContext.get().attemptNumber();
                    try (SinkWriter writer = sink.open(new WriteContext(Instant.EPOCH, partition, attempt, List.of()))) {
                        while (it.hasNext()) {
                            Row row = it.next();
                            writer.write(SinkRecord.builder(row.getString(0)).value(row.getString(3))
                                    .field("seq", row.getLong(1)).field("payload", row.getString(2)).build());
                        }
                        writer.commit();
                    }
                });
                bestEos = Math.min(bestEos, (System.nanoTime() - start) / 1e9);
                SinkCache.closeAll();
                check(eosTable, rows);
                System.out.printf(Locale.ROOT, "spark round %d of %d done%n", round, rounds);
            }
            return Map.of("f", best, "f1", bestEos);
        } finally {
            spark.stop();
        }
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
