package dev.eos.bench.kafka;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import dev.eos.demo.crashloop.JobJvm;
import dev.eos.demo.crashloop.JobLauncher;
import dev.eos.demo.crashloop.JobProcess;
import dev.eos.runtime.Progress;
import dev.eos.testing.kafka.EmbeddedKafkaBroker;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * Kafka end-to-end benchmark (a harness, not a test): a real broker in this JVM, the job in child JVMs
 * ({@code dev.eos.runtime.Main run}, started by the crash loop's {@link JobLauncher}; every run's output in
 * {@code <work>/job.log}), local Spark.
 *
 * <ol>
 *   <li><b>Throughput</b>: the same backlog of records is read from Kafka and written by the same job, once into the
 *       exactly-once {@code files} sink (per-batch mode: a temporary file renamed over the batch's own path after
 *       a comparison) and once into the {@code plain-append} baseline (new files, no comparison, no rename:
 *       at-least-once). Rounds alternate the order. Throughput = records / the batches' processing time (read
 *       from Kafka, map, write, commit: the {@code millis} of the progress lines); ratio = files / plain.</li>
 *   <li><b>Recovery</b>: the job runs on a live stream; it is killed with SIGKILL at a random moment and restarted
 *       at once; recovery = from the kill to the first batch with records committed by the new driver (JVM start,
 *       Spark start, checkpoint recovery, the re-run batch). Then the output is checked: every record exactly
 *       once.</li>
 * </ol>
 *
 * <p>Options: {@code -work DIR -records N -partitions P -rounds R (0: recovery only) -recoveries K -feed-rate N}
 * (records per second of the live stream of the recovery runs).
 */
public final class KafkaBenchmark {

    private final Path work;
    private final int records;
    private final int partitions;
    private final int rounds;
    private final int recoveries;
    private final int feedRate;
    private final EmbeddedKafkaBroker kafka;
    private final JobLauncher launcher;

    private KafkaBenchmark(Path work, int records, int partitions, int rounds, int recoveries, int feedRate,
                           EmbeddedKafkaBroker kafka, JobLauncher launcher) {
        this.launcher = launcher;
        this.feedRate = feedRate;
        this.work = work;
        this.records = records;
        this.partitions = partitions;
        this.rounds = rounds;
        this.recoveries = recoveries;
        this.kafka = kafka;
    }

    public static void main(String[] args) throws Exception {
        BenchSupport.Options opts = BenchSupport.options(args, Map.of("-work", "target/bench-kafka",
                "-records", "300000", "-partitions", "2", "-rounds", "2", "-recoveries", "3", "-feed-rate", "500"));
        Path work = BenchSupport.freshDirectory(opts.path("-work"));
        Files.createDirectories(work.resolve("tmp"));
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(work.resolve("broker"));
             JobLauncher launcher = JobLauncher.open(work, JobJvm.defaults())) {
            KafkaBenchmark bench = new KafkaBenchmark(work, opts.integer("-records"), opts.integer("-partitions"),
                    opts.integer("-rounds"), opts.integer("-recoveries"), opts.integer("-feed-rate"), kafka, launcher);
            String report = bench.run();
            System.out.println(report);
            Files.writeString(work.resolve("results.md"), report);
        }
    }

    private String run() throws Exception {
        StringBuilder report = new StringBuilder();
        report.append("Kafka benchmark: ").append(records).append(" records of ~100 bytes, ").append(partitions)
                .append(" partitions, local[2] Spark, batch interval 2s, ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores\n\n");

        if (rounds > 0) {
            throughput(report);
        }
        report.append(recovery());
        return report.toString();
    }

    private void throughput(StringBuilder report) throws Exception {
        kafka.createTopic("backlog", partitions);
        long t0 = System.nanoTime();
        try (KafkaProducer<String, String> producer = kafka.producer()) {
            BenchSupport.produce(producer, "backlog", partitions, 0, records);
        }
        System.out.printf(Locale.ROOT, "produced %d records in %.1f s%n", records, (System.nanoTime() - t0) / 1e9);

        Map<String, List<Run>> runs = new LinkedHashMap<>();
        runs.put("plain-append", new ArrayList<>());
        runs.put("files", new ArrayList<>());
        for (int round = 0; round < rounds; round++) {
            List<String> order = round % 2 == 0 ? List.of("plain-append", "files") : List.of("files", "plain-append");
            for (String sink : order) {
                Run run = throughputRun(sink, round);
                runs.get(sink).add(run);
                System.out.printf(Locale.ROOT, "round %d %-12s %8.0f records/s (%d records in %d batches, %d ms)%n",
                        round, sink, run.throughput(), run.records, run.batches, run.millis);
            }
        }
        double plain = BenchSupport.median(runs.get("plain-append").stream().map(Run::throughput).toList());
        double files = BenchSupport.median(runs.get("files").stream().map(Run::throughput).toList());
        report.append("| sink | records/s (median of ").append(rounds).append(") | runs |\n|---|---|---|\n");
        report.append(String.format(Locale.ROOT, "| plain-append (baseline, at-least-once) | %.0f | %s |%n", plain,
                runs.get("plain-append").stream().map(r -> String.format(Locale.ROOT, "%.0f", r.throughput()))
                        .collect(Collectors.joining(", "))));
        report.append(String.format(Locale.ROOT, "| files, per-batch (exactly-once) | %.0f | %s |%n", files,
                runs.get("files").stream().map(r -> String.format(Locale.ROOT, "%.0f", r.throughput()))
                        .collect(Collectors.joining(", "))));
        report.append(String.format(Locale.ROOT, "%n**Throughput ratio files / plain-append: %.2f** (goal >= 0.8)%n%n",
                files / plain));
    }

    private String recovery() throws Exception {
        List<Long> recovery = recoveryRuns();
        long[] sorted = recovery.stream().mapToLong(Long::longValue).sorted().toArray();
        return String.format(Locale.ROOT,
                "**Recovery, SIGKILL to the first batch committed by the restarted driver: median %.1f s, max %.1f s**"
                        + " over %d kills (%s s; goal < 15 s)%n",
                sorted[sorted.length / 2] / 1000.0, sorted[sorted.length - 1] / 1000.0, sorted.length,
                recovery.stream().map(ms -> String.format(Locale.ROOT, "%.1f", ms / 1000.0))
                        .collect(Collectors.joining(", "))) + String.format(Locale.ROOT,
                "(live stream of %d records/s, batch interval 1s)%n", feedRate);
    }

    /** Reads the backlog from the start with a fresh checkpoint and group, until every record went through. */
    private Run throughputRun(String sink, int round) throws Exception {
        String name = sink + "-" + round;
        Path out = work.resolve("out-" + name);
        Map<String, String> props = jobProperties(name, "backlog", out, sink);
        props.put("eos.batch.interval", "2s");
        props.put("eos.source.kafka.max-rate-per-partition", String.valueOf(Math.max(1000, records / partitions / 6)));
        try (Child child = Child.start(launcher, name, props)) {
            long seen = 0;
            long millis = 0;
            int batches = 0;
            while (seen < records) {
                Progress.Line p = child.next(Duration.ofMinutes(5));
                if (p.records() > 0) {
                    seen += p.records();
                    millis += p.millis();
                    batches++;
                }
            }
            return new Run(seen, millis, batches);
        }
    }

    /** Kills the job on a live stream and measures each restart; checks the output holds every record once. */
    private List<Long> recoveryRuns() throws Exception {
        String topic = "live";
        kafka.createTopic(topic, partitions);
        Path out = work.resolve("out-recovery");
        Map<String, String> props = jobProperties("recovery", topic, out, "files");
        props.put("eos.batch.interval", "1s");
        AtomicLong produced = new AtomicLong();
        AtomicBoolean feeding = new AtomicBoolean(true);
        Thread feeder = new Thread(() -> {
            try (KafkaProducer<String, String> producer = kafka.producer()) {
                while (feeding.get()) {
                    long from = produced.get();
                    int perTenth = Math.max(1, feedRate / 10);
                    BenchSupport.produce(producer, topic, partitions, from, perTenth);
                    produced.addAndGet(perTenth);
                    Thread.sleep(100);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "bench-feeder");
        feeder.start();
        SplittableRandom random = new SplittableRandom(42);
        List<Long> recoveries = new ArrayList<>();
        Child child = Child.start(launcher, "recovery-0", props);
        try {
            for (int kill = 1; kill <= this.recoveries; kill++) {
                awaitBatchesWithRecords(child, 3);
                Thread.sleep(random.nextInt(1000));
                long killed = System.nanoTime();
                child.kill();
                child = Child.start(launcher, "recovery-" + kill, props);
                awaitBatchesWithRecords(child, 1);
                long ms = (System.nanoTime() - killed) / 1_000_000;
                recoveries.add(ms);
                System.out.printf(Locale.ROOT, "kill %d: first committed batch after %.1f s%n", kill, ms / 1000.0);
            }
            feeding.set(false);
            feeder.join();
            long expected = produced.get();
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (countLines(out) < expected && System.nanoTime() < deadline) {
                child.next(Duration.ofMinutes(1));
            }
        } finally {
            feeding.set(false);
            child.close();
        }
        verifyExactlyOnce(out, produced.get());
        return recoveries;
    }

    private static void awaitBatchesWithRecords(Child child, int count) throws Exception {
        int seen = 0;
        while (seen < count) {
            if (child.next(Duration.ofMinutes(2)).records() > 0) {
                seen++;
            }
        }
    }

    private Map<String, String> jobProperties(String name, String topic, Path out, String sink) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("eos.source", "kafka");
        props.put("eos.source.kafka.bootstrap-servers", kafka.bootstrapServers());
        props.put("eos.source.kafka.assign", IntStream.range(0, partitions).mapToObj(p -> topic + ":" + p)
                .collect(Collectors.joining(",")));
        props.put("eos.source.kafka.group-id", "bench-" + name);
        props.put("eos.source.kafka.starting-offsets", "earliest");
        props.put("eos.sink", sink);
        props.put("eos.sink." + sink + ".path", out.toString());
        if (sink.equals("files")) {
            props.put("eos.sink.files.mode", "per-batch");
        }
        props.put("eos.checkpoint.dir", work.resolve("checkpoint-" + name).toString());
        props.put("eos.app.name", "bench-" + name);
        props.put("spark.master", "local[2]");
        props.put("spark.ui.enabled", "false");
        props.put("spark.local.dir", work.resolve("tmp").toString());
        return props;
    }

    private static long countLines(Path dir) throws IOException {
        return visibleFiles(dir).stream().mapToLong(f -> {
            try (Stream<String> lines = Files.lines(f)) {
                return lines.count();
            } catch (IOException e) {
                return 0;
            }
        }).sum();
    }

    private static void verifyExactlyOnce(Path dir, long expected) throws IOException {
        Set<String> distinct = new HashSet<>();
        long lines = 0;
        for (Path f : visibleFiles(dir)) {
            for (String line : Files.readAllLines(f)) {
                lines++;
                distinct.add(line);
            }
        }
        System.out.printf(Locale.ROOT, "recovery run: %d produced, %d stored, %d distinct%n", expected, lines,
                distinct.size());
        if (lines != expected || distinct.size() != expected) {
            throw new IllegalStateException("not exactly once: produced " + expected + ", stored " + lines
                    + ", distinct " + distinct.size());
        }
    }

    private static List<Path> visibleFiles(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith(".")
                            && !p.getFileName().toString().endsWith(".crc"))
                    .toList();
        }
    }

    private record Run(long records, long millis, int batches) {
        double throughput() {
            return records * 1000.0 / Math.max(1, millis);
        }
    }

    /** A run of the job in a child JVM, started by the benchmark's launcher; its progress lines read in turn. */
    private static final class Child implements AutoCloseable {
        private final JobProcess process;
        private int read;

        private Child(JobProcess process) {
            this.process = process;
        }

        static Child start(JobLauncher launcher, String name, Map<String, String> props) throws IOException {
            Path config = launcher.workDir().resolve(name + ".properties");
            Files.writeString(config, props.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("\n", "", "\n")));
            return new Child(launcher.start(config));
        }

        /** The next progress line this run prints (on its standard output; the log's copy is not counted). */
        Progress.Line next(Duration timeout) throws InterruptedException {
            return process.awaitProgress(++read, timeout);
        }

        void kill() throws InterruptedException {
            process.kill(Duration.ofSeconds(30));
        }

        @Override
        public void close() throws InterruptedException {
            kill();
        }
    }
}
