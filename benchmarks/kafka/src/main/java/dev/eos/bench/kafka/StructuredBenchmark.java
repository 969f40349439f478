package dev.eos.bench.kafka;

import dev.eos.runtime.EosJob;
import dev.eos.runtime.Progress;
import dev.eos.testing.kafka.EmbeddedKafkaBroker;
import org.apache.kafka.clients.producer.KafkaProducer;
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
import java.util.function.ToDoubleFunction;
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
 * records / its batches' processing time (the progress lines' {@code millis}). Beside each, records / the CPU time of
 * the write's Spark tasks ({@link TaskCpu}), which a machine shared with other work disturbs less than wall time.
 * Every output is counted: each record once. Options: {@code -work DIR -records N -partitions P -rounds R -warm-up N}
 * (records of the warm-up topic both writers run on first).
 */
public final class StructuredBenchmark {

    private static final String TOPIC = "backlog";
    private static final String WARM_UP = "warm-up";

    private final Path work;
    private final int records;
    private final int warmUpRecords;
    private final EmbeddedKafkaBroker kafka;

    private StructuredBenchmark(Path work, int records, int warmUpRecords, EmbeddedKafkaBroker kafka) {
        this.work = work;
        this.records = records;
        this.warmUpRecords = warmUpRecords;
        this.kafka = kafka;
    }

    public static void main(String[] args) throws Exception {
        BenchSupport.Options opts = BenchSupport.options(args, Map.of("-work", "target/bench-structured",
                "-records", "200000", "-partitions", "2", "-rounds", "3", "-warm-up", "20000"));
        Path work = BenchSupport.freshDirectory(opts.path("-work"));
        int records = opts.integer("-records");
        int partitions = opts.integer("-partitions");
        int rounds = opts.integer("-rounds");
        int warmUpRecords = opts.integer("-warm-up");
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(work.resolve("broker"))) {
            kafka.createTopic(TOPIC, partitions);
            kafka.createTopic(WARM_UP, partitions);
            try (KafkaProducer<String, String> producer = kafka.producer()) {
                BenchSupport.produce(producer, WARM_UP, partitions, 0, warmUpRecords);
                BenchSupport.produce(producer, TOPIC, partitions, 0, records);
            }
            new StructuredBenchmark(work, records, warmUpRecords, kafka).run(rounds);
        }
        System.exit(0);
    }

    private void run(int rounds) throws Exception {
        List<Measure> eos = new ArrayList<>();
        List<Measure> json = new ArrayList<>();
        List<Measure> dstream = new ArrayList<>();
        SparkSession spark = SparkSession.builder().master("local[2]").appName("structured-benchmark")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2")
                .config("spark.local.dir", work.resolve("spark-local").toString())
                .config("spark.extraListeners", TaskCpu.class.getName())
                .config("spark.sql.warehouse.dir", work.resolve("spark-warehouse").toString()).getOrCreate();
        warmUp(spark);
        for (int r = 0; r < rounds; r++) {
            if (r % 2 == 0) {
                eos.add(eosStructured(spark, TOPIC, records, "eos-" + r));
                json.add(sparkJson(spark, TOPIC, records, "json-" + r));
            } else {
                json.add(sparkJson(spark, TOPIC, records, "json-" + r));
                eos.add(eosStructured(spark, TOPIC, records, "eos-" + r));
            }
        }
        spark.stop();
        for (int r = 0; r < rounds; r++) {
            dstream.add(eosDStream(r));
        }
        String table = String.join("\n",
                "| write | records/s (median of " + rounds + ") | rounds | ratio to (b) "
                        + "| records per task CPU second (median) | rounds | ratio to (b) |",
                "|---|---|---|---|---|---|---|",
                row("(a) EOS structured, format(\"eos\") into files (per-batch)", eos, json),
                row("(b) Spark writeStream.format(\"json\") (_spark_metadata)", json, json),
                row("(c) EOS DStream engine into files (per-batch)", dstream, json),
                "",
                String.format(Locale.ROOT, "ratio (a)/(b) = %.2f by wall time, %.2f by task CPU time (goal >= 1.0); "
                        + "(c)/(b) = %.2f, %.2f; %d records, %s", ratio(eos, json, Measure::perSecond),
                        ratio(eos, json, Measure::perCpuSecond), ratio(dstream, json, Measure::perSecond),
                        ratio(dstream, json, Measure::perCpuSecond), records, "each output checked: every record once"));
        System.out.println(table);
        Files.writeString(work.resolve("results.md"), table + "\n");
    }

    /**
     * One measured write: records per second of its batches' time, and records per CPU second of its Spark tasks
     * (reading from Kafka, mapping, writing: what the machine's cores did for it, whatever else ran beside).
     */
    private record Measure(double perSecond, double perCpuSecond) {
    }

    /**
     * Both writers once on the warm-up topic first: class loading, Spark's code generation and the JIT compilation of
     * both write paths, out of every measured round.
     */
    private void warmUp(SparkSession spark) throws Exception {
        sparkJson(spark, WARM_UP, warmUpRecords, "warm-up-json");
        eosStructured(spark, WARM_UP, warmUpRecords, "warm-up-eos");
        TaskCpu.takeSeconds();
    }

    private Measure eosStructured(SparkSession spark, String topic, long expected, String name) throws Exception {
        Path out = work.resolve(name);
        StreamingQuery q = kafkaInput(spark, topic).select("value", "topic", "partition", "offset").writeStream()
                .format("eos")
                .option("eos.sink", "files").option("eos.sink.files.path", out.toString())
                .option("eos.sink.files.mode", "per-batch")
                .option("eos.key", "position")
                .option("checkpointLocation", work.resolve(name + "-cp").toString())
                .trigger(Trigger.AvailableNow()).start();
        q.awaitTermination();
        check(name, countLines(out), expected);
        return measure(spark, q);
    }

    private Measure sparkJson(SparkSession spark, String topic, long expected, String name) throws Exception {
        Path out = work.resolve(name);
        StreamingQuery q = kafkaInput(spark, topic).selectExpr("CAST(value AS STRING) AS value").writeStream()
                .format("json")
                .option("path", out.toString())
                .option("checkpointLocation", work.resolve(name + "-cp").toString())
                .trigger(Trigger.AvailableNow()).start();
        q.awaitTermination();
        check(name, countLines(out), expected);
        return measure(spark, q);
    }

    private org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> kafkaInput(SparkSession spark, String topic) {
        return spark.readStream().format("kafka").option("kafka.bootstrap.servers", kafka.bootstrapServers())
                .option("subscribe", topic).option("startingOffsets", "earliest")
                .option("kafka.isolation.level", "read_committed").load();
    }

    /**
     * The query's throughput: records / its epochs' triggerExecution time, and records / its tasks' CPU time (the
     * listener bus drained first, so that every task's end was counted).
     */
    private Measure measure(SparkSession spark, StreamingQuery q) throws Exception {
        long millis = 0;
        for (StreamingQueryProgress p : q.recentProgress()) {
            if (p.numInputRows() > 0) {
                millis += p.durationMs().getOrDefault("triggerExecution", 0L);
            }
        }
        spark.sparkContext().listenerBus().waitUntilEmpty();
        return new Measure(records / (Math.max(1, millis) / 1000.0), records / TaskCpu.takeSeconds());
    }

    private Measure eosDStream(int round) throws Exception {
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
        job.put("spark.extraListeners", TaskCpu.class.getName());
        List<Progress.Line> lines = new CopyOnWriteArrayList<>();
        PrintStream original = System.out;
        System.setOut(new PrintStream(new LineTap(original, lines), true, StandardCharsets.UTF_8));
        JavaStreamingContext ssc = null;
        TaskCpu.takeSeconds();
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
        check("dstream-" + round, countLines(out), records);
        long millis = lines.stream().filter(l -> l.records() > 0).mapToLong(Progress.Line::millis).sum();
        // the stopped context drained its listener bus: every task's end was counted
        return new Measure(records / (Math.max(1, millis) / 1000.0), records / TaskCpu.takeSeconds());
    }

    private static void check(String what, long stored, long expected) {
        if (stored != expected) {
            throw new IllegalStateException(what + ": " + stored + " records stored, " + expected + " expected");
        }
    }

    private static String row(String name, List<Measure> measured, List<Measure> baseline) {
        return String.format(Locale.ROOT, "| %s | %,.0f | %s | %.2f | %,.0f | %s | %.2f |", name,
                median(measured, Measure::perSecond), rounds(measured, Measure::perSecond),
                ratio(measured, baseline, Measure::perSecond), median(measured, Measure::perCpuSecond),
                rounds(measured, Measure::perCpuSecond), ratio(measured, baseline, Measure::perCpuSecond));
    }

    private static double median(List<Measure> measured, ToDoubleFunction<Measure> figure) {
        return BenchSupport.median(measured.stream().map(figure::applyAsDouble).toList());
    }

    private static double ratio(List<Measure> measured, List<Measure> baseline, ToDoubleFunction<Measure> figure) {
        return median(measured, figure) / median(baseline, figure);
    }

    private static String rounds(List<Measure> measured, ToDoubleFunction<Measure> figure) {
        return String.join(", ", measured.stream()
                .map(m -> String.format(Locale.ROOT, "%,.0f", figure.applyAsDouble(m))).toList());
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
