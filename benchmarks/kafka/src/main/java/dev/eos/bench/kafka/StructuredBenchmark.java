package dev.eos.bench.kafka;

import dev.eos.runtime.EosJob;
import dev.eos.runtime.Progress;
import dev.eos.testing.kafka.EmbeddedKafkaBroker;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.apache.spark.sql.streaming.Trigger;
import org.apache.spark.streaming.api.java.JavaStreamingContext;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * Structured Streaming benchmark (a harness, not a test), all in this JVM: a real broker, local[2] Spark, the same
 * backlog of Kafka records read from the start and written by
 * <ol>
 *   <li>(a) EOS on Structured Streaming: {@code format("eos")} into the {@code files} sink, per-batch mode (one file per
 *       partition per epoch, written to a hidden temporary file and renamed), the value keyed by position (the
 *       columns value, topic, partition, offset);</li>
 *   <li>(b) Spark's own exactly-once file sink: {@code writeStream.format("json")} with its {@code _spark_metadata}
 *       log, the value as a string column;</li>
 *   <li>(c) the EOS job on the DStream engine ({@code eos.engine=dstream}) into the same files sink.</li>
 * </ol>
 * (a) and (b) run as {@code Trigger.AvailableNow} queries, alternating which goes first; throughput = records / the
 * epochs' {@code triggerExecution} time (get offsets, plan, read, write, commit). (c) is the job's throughput =
 * records / its batches' processing time (the progress lines' {@code millis}). Every output is counted: each record
 * once. Options: {@code -work DIR -records N -partitions P -rounds R}.
 */
public final class StructuredBenchmark {

    private static final String TOPIC = "backlog";
    private static final String WARM_UP = "warm-up";

    private final Path work;
    private final int records;
    private final EmbeddedKafkaBroker kafka;

    private StructuredBenchmark(Path work, int records, EmbeddedKafkaBroker kafka) {
        this.work = work;
        this.records = records;
        this.kafka = kafka;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new LinkedHashMap<>(Map.of("-work", "target/bench-structured", "-records", "200000",
                "-partitions", "2", "-rounds", "3"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!opts.containsKey(args[i])) {
                System.err.println("unknown option " + args[i] + "; options: " + opts.keySet());
                System.exit(2);
            }
            opts.put(args[i], args[i + 1]);
        }
        Path work = Path.of(opts.get("-work")).toAbsolutePath();
        deleteTree(work);
        Files.createDirectories(work);
        int records = Integer.parseInt(opts.get("-records"));
        int partitions = Integer.parseInt(opts.get("-partitions"));
        int rounds = Integer.parseInt(opts.get("-rounds"));
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(work.resolve("broker"))) {
            kafka.createTopic(TOPIC, partitions);
            kafka.createTopic(WARM_UP, partitions);
            kafka.send(WARM_UP, java.util.stream.IntStream.range(0, 2000).mapToObj(i -> "{\"id\":" + i + "}").toList());
            try (KafkaProducer<String, String> producer = kafka.producer()) {
                for (long n = 0; n < records; n++) {
                    String value = String.format(Locale.ROOT,
                            "{\"id\":\"ev-%09d\",\"seq\":%d,\"data\":\"%016x%016x\"}", n, n, n * 0x9E3779B97F4A7C15L, n);
                    producer.send(new ProducerRecord<>(TOPIC, (int) (n % partitions), null, value));
                }
                producer.flush();
            }
            new StructuredBenchmark(work, records, kafka).run(rounds);
        }
        System.exit(0);
    }

    private void run(int rounds) throws Exception {
        List<Double> eos = new ArrayList<>();
        List<Double> json = new ArrayList<>();
        List<Double> dstream = new ArrayList<>();
        SparkSession spark = SparkSession.builder().master("local[2]").appName("structured-benchmark")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2")
                .config("spark.local.dir", work.resolve("spark-local").toString())
                .config("spark.sql.warehouse.dir", work.resolve("spark-warehouse").toString()).getOrCreate();
        warmUp(spark);
        for (int r = 0; r < rounds; r++) {
            if (r % 2 == 0) {
                eos.add(eosStructured(spark, r));
                json.add(sparkJson(spark, r));
            } else {
                json.add(sparkJson(spark, r));
                eos.add(eosStructured(spark, r));
            }
        }
        spark.stop();
        for (int r = 0; r < rounds; r++) {
            dstream.add(eosDStream(r));
        }
        double a = median(eos);
        double b = median(json);
        double c = median(dstream);
        String table = String.join("\n",
                "| write | records/s (median of " + rounds + ") | rounds | ratio to (b) |",
                "|---|---|---|---|",
                row("(a) EOS structured, format(\"eos\") into files (per-batch)", a, eos, b),
                row("(b) Spark writeStream.format(\"json\") (_spark_metadata)", b, json, b),
                row("(c) EOS DStream engine into files (per-batch)", c, dstream, b),
                "",
                String.format(Locale.ROOT, "ratio (a)/(b) = %.2f (goal >= 1.0); (c)/(b) = %.2f; %d records, %s",
                        a / b, c / b, records, "each output checked: every record once"));
        System.out.println(table);
        Files.writeString(work.resolve("results.md"), table + "\n");
    }

    /** One small query first: Spark's code generation and class loading, out of every measured round. */
    private void warmUp(SparkSession spark) throws Exception {
        StreamingQuery q = spark.readStream().format("kafka").option("kafka.bootstrap.servers", kafka.bootstrapServers())
                .option("subscribe", WARM_UP).option("startingOffsets", "earliest")
                .load().selectExpr("CAST(value AS STRING) AS value").writeStream().format("json")
                .option("path", work.resolve("warm-up").toString())
                .option("checkpointLocation", work.resolve("warm-up-cp").toString())
                .trigger(Trigger.AvailableNow()).start();
        q.awaitTermination();
        StreamingQuery e = spark.readStream().format("kafka").option("kafka.bootstrap.servers", kafka.bootstrapServers())
                .option("subscribe", WARM_UP).option("startingOffsets", "earliest").load().writeStream().format("eos")
                .option("eos.sink", "files").option("eos.sink.files.path", work.resolve("warm-up-eos").toString())
                .option("eos.sink.files.mode", "per-batch").option("eos.key", "position")
                .option("checkpointLocation", work.resolve("warm-up-eos-cp").toString())
                .trigger(Trigger.AvailableNow()).start();
        e.awaitTermination();
    }

    private double eosStructured(SparkSession spark, int round) throws Exception {
        Path out = work.resolve("eos-" + round);
        StreamingQuery q = kafkaInput(spark).select("value", "topic", "partition", "offset").writeStream().format("eos")
                .option("eos.sink", "files").option("eos.sink.files.path", out.toString())
                .option("eos.sink.files.mode", "per-batch")
                .option("eos.key", "position")
                .option("checkpointLocation", work.resolve("eos-" + round + "-cp").toString())
                .trigger(Trigger.AvailableNow()).start();
        q.awaitTermination();
        check("(a) round " + round, countLines(out));
        return records / seconds(q);
    }

    private double sparkJson(SparkSession spark, int round) throws Exception {
        Path out = work.resolve("json-" + round);
        StreamingQuery q = kafkaInput(spark).selectExpr("CAST(value AS STRING) AS value").writeStream().format("json")
                .option("path", out.toString())
                .option("checkpointLocation", work.resolve("json-" + round + "-cp").toString())
                .trigger(Trigger.AvailableNow()).start();
        q.awaitTermination();
        check("(b) round " + round, countLines(out));
        return records / seconds(q);
    }

    private org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> kafkaInput(SparkSession spark) {
        return spark.readStream().format("kafka").option("kafka.bootstrap.servers", kafka.bootstrapServers())
                .option("subscribe", TOPIC).option("startingOffsets", "earliest")
                .option("kafka.isolation.level", "read_committed").load();
    }

    /** The epochs' triggerExecution time, in seconds. */
    private static double seconds(StreamingQuery q) {
        long millis = 0;
        for (StreamingQueryProgress p : q.recentProgress()) {
            if (p.numInputRows() > 0) {
                millis += p.durationMs().getOrDefault("triggerExecution", 0L);
            }
        }
        return Math.max(1, millis) / 1000.0;
    }

    private double eosDStream(int round) throws Exception {
        Path out = work.resolve("dstream-" + round);
        Map<String, String> job = new LinkedHashMap<>();
        job.put("eos.engine", "dstream");
        job.put("eos.source", "kafka");
        job.put("eos.source.kafka.bootstrap-servers", kafka.bootstrapServers());
        job.put("eos.source.kafka.topics", TOPIC);
        job.put("eos.source.kafka.group-id", "bench-dstream-" + round);
        job.put("eos.source.kafka.starting-offsets", "earliest");
        job.put("eos.source.kafka.session.timeout.ms", "10000");
        job.put("eos.sink", "files");
        job.put("eos.sink.files.path", out.toString());
        job.put("eos.sink.files.mode", "per-batch");
        job.put("eos.checkpoint.dir", work.resolve("dstream-" + round + "-cp").toString());
        job.put("eos.batch.interval", "2s");
        job.put("spark.master", "local[2]");
        job.put("spark.ui.enabled", "false");
        job.put("spark.local.dir", work.resolve("spark-local").toString());
        List<Progress.Line> lines = new CopyOnWriteArrayList<>();
        PrintStream original = System.out;
        System.setOut(new PrintStream(new LineTap(original, lines), true, StandardCharsets.UTF_8));
        JavaStreamingContext ssc = null;
        try {
            ssc = EosJob.configure(job).start();
            long deadline = System.nanoTime() + 600_000_000_000L;
            while (lines.stream().mapToLong(Progress.Line::records).sum() < records && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
        } finally {
            if (ssc != null) {
                ssc.stop(true, false);
            }
            System.setOut(original);
        }
        check("(c) round " + round, countLines(out));
        long millis = lines.stream().filter(l -> l.records() > 0).mapToLong(Progress.Line::millis).sum();
        return records / (Math.max(1, millis) / 1000.0);
    }

    private void check(String what, long stored) {
        if (stored != records) {
            throw new IllegalStateException(what + ": " + stored + " records stored, " + records + " expected");
        }
    }

    private static String row(String name, double median, List<Double> rounds, double baseline) {
        return String.format(Locale.ROOT, "| %s | %,.0f | %s | %.2f |", name, median,
                String.join(", ", rounds.stream().map(v -> String.format(Locale.ROOT, "%,.0f", v)).toList()),
                median / baseline);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** Lines of the visible files under {@code dir} (not Spark's _spark_metadata, not hidden temporary files). */
    private static long countLines(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(Files::isRegularFile)
                    .filter(f -> dir.relativize(f).toString().chars().noneMatch(ch -> ch == '_')
                            && !f.getFileName().toString().startsWith("."))
                    .mapToLong(f -> {
                        try (Stream<String> lines = Files.lines(f)) {
                            return lines.filter(l -> !l.isEmpty()).count();
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }).sum();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** Copies standard output and collects the progress lines in it. */
    private static final class LineTap extends OutputStream {
        private final PrintStream target;
        private final List<Progress.Line> lines;
        private final StringBuilder current = new StringBuilder();

        LineTap(PrintStream target, List<Progress.Line> lines) {
            this.target = target;
            this.lines = lines;
        }

        @Override
        public synchronized void write(int b) {
            target.write(b);
            if (b == '\n') {
                Optional<Progress.Line> line = Progress.Line.parse(current.toString());
                line.ifPresent(lines::add);
                current.setLength(0);
            } else {
                current.append((char) b);
            }
        }
    }
}
