package dev.eos.it.shutdown;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import dev.eos.demo.crashloop.FilesSinkStateReader;
import dev.eos.runtime.Progress;
import dev.eos.demo.crashloop.JobJvm;
import dev.eos.demo.crashloop.JobLauncher;
import dev.eos.demo.crashloop.JobProcess;
import dev.eos.spi.SinkProvider;
import dev.eos.testing.kafka.EmbeddedKafkaBroker;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/eos run} stopped with SIGTERM while a batch is being written (docs/launcher.md): the job, in a child
 * JVM, reads a transactional Kafka topic into the {@code gated-files} sink, whose writers hold the batch's commit
 * until the test opens the gate. The test sends SIGTERM while the batch waits there, then opens the gate. The batch
 * must complete, nothing be reported as failed, the JVM exit with 143 (128 + SIGTERM) within a batch interval and
 * the write's time, and the next start write only the records that arrived since (nothing replayed).
 */
class GracefulStopIT {

    private static final String TOPIC = "graceful";
    private static final long BATCH_MS = 2_000;

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path work;

    private static EmbeddedKafkaBroker kafka;

    @BeforeAll
    static void startBroker() throws Exception {
        Files.createDirectories(Path.of("target"));
        kafka = EmbeddedKafkaBroker.start(Files.createTempDirectory(Path.of("target"), "kafka-graceful-"));
        kafka.createTopic(TOPIC, 2);
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void sigtermWhileABatchIsWrittenCompletesTheBatchReportsNoFailureAndTheRestartReplaysNothing() throws Exception {
        Path gate = work.resolve("gate");
        Path output = work.resolve("output");
        FilesSinkStateReader stored = FilesSinkStateReader.perRecord(output);
        List<String> committed = new ArrayList<>();
        try (KafkaProducer<String, String> producer = kafka.transactionalProducer("graceful-writer")) {
            for (int p = 0; p < 2; p++) {
                committed.addAll(send(producer, p, "first-p" + p, 15, true));
                send(producer, p, "aborted-p" + p, 5, false);
            }
        }
        Path config = jobConfig(output);

        try (JobLauncher launcher = launcher(gate)) {
            JobProcess first = launcher.start(config);
            try {
                await().atMost(180, TimeUnit.SECONDS).pollInterval(100, TimeUnit.MILLISECONDS)
                        .until(() -> writing(gate) > 0);
                long sigterm = System.nanoTime();
                ProcessHandle.of(first.pid()).ifPresent(ProcessHandle::destroy);
                await().atMost(60, TimeUnit.SECONDS).pollInterval(100, TimeUnit.MILLISECONDS)
                        .until(() -> runLog(launcher, 1).contains("eos: stopping gracefully"));
                assertThat(first.isAlive()).as("the JVM waits for the batch being written").isTrue();
                Files.createFile(gate.resolve("open"));
                long opened = System.nanoTime();

                int code = first.awaitExit(Duration.ofSeconds(120));
                Duration afterGate = Duration.ofNanos(System.nanoTime() - opened);
                Duration afterSigterm = Duration.ofNanos(System.nanoTime() - sigterm);
                System.out.println("[graceful stop] exit " + code + " " + afterGate.toMillis()
                        + " ms after the gate opened, " + afterSigterm.toMillis() + " ms after SIGTERM");

                String log = runLog(launcher, 1);
                assertThat(code).as("exit code after SIGTERM\n" + log).isEqualTo(143);
                assertThat(log).contains("eos: stopped gracefully")
                        .doesNotContain("The job failed")
                        .doesNotContain("RejectedExecutionException")
                        .doesNotContain(" ERROR ");
                assertThat(first.progress()).as("the batch held at the gate completed")
                        .anyMatch(line -> line.records() == committed.size());
                assertThat(stored.storedPayloads()).containsExactlyInAnyOrderElementsOf(committed);
                // one batch interval to generate the last batch, the write's own time, and a busy machine's slack
                assertThat(afterGate).isLessThan(Duration.ofMillis(BATCH_MS).plusSeconds(25));
            } finally {
                if (first.isAlive()) {
                    first.kill(Duration.ofSeconds(30));
                }
            }

            List<String> later = new ArrayList<>();
            try (KafkaProducer<String, String> producer = kafka.transactionalProducer("graceful-writer")) {
                later.addAll(send(producer, 0, "second-p0", 4, true));
                later.addAll(send(producer, 1, "second-p1", 6, true));
            }
            JobProcess second = launcher.start(config);
            try {
                List<String> all = new ArrayList<>(committed);
                all.addAll(later);
                await().atMost(180, TimeUnit.SECONDS).pollInterval(200, TimeUnit.MILLISECONDS)
                        .until(() -> stored.storedCount() >= all.size());
                await().atMost(60, TimeUnit.SECONDS).pollInterval(200, TimeUnit.MILLISECONDS)
                        .until(() -> second.progress().stream().mapToLong(Progress.Line::records).sum() >= later.size());
                assertThat(second.terminate(Duration.ofSeconds(90))).isEqualTo(143);

                assertThat(stored.storedPayloads()).containsExactlyInAnyOrderElementsOf(all);
                assertThat(second.progress().stream().mapToLong(Progress.Line::records).sum())
                        .as("records the restart read: only those sent since the stop").isEqualTo(later.size());
                assertThat(second.progress()).allMatch(line -> line.duplicates() == 0);
                assertThat(runLog(launcher, 2)).doesNotContain("The job failed").doesNotContain(" ERROR ");
            } finally {
                if (second.isAlive()) {
                    second.kill(Duration.ofSeconds(30));
                }
            }
        }
    }

    private static List<String> send(KafkaProducer<String, String> producer, int partition, String prefix, int count,
                                     boolean commit) {
        List<String> values = IntStream.rangeClosed(1, count).mapToObj(i -> prefix + "-" + i).toList();
        EmbeddedKafkaBroker.sendTransaction(producer, TOPIC, partition, values, commit);
        return values;
    }

    private Path jobConfig(Path output) throws IOException {
        Properties props = new Properties();
        props.setProperty("eos.source", "kafka");
        props.setProperty("eos.source.kafka.bootstrap-servers", kafka.bootstrapServers());
        props.setProperty("eos.source.kafka.assign", TOPIC + ":0," + TOPIC + ":1");
        props.setProperty("eos.source.kafka.group-id", "eos-graceful");
        props.setProperty("eos.sink", GatedFilesSinkProvider.NAME);
        props.setProperty("eos.sink." + GatedFilesSinkProvider.NAME + ".path", output.toString());
        props.setProperty("eos.checkpoint.dir", work.resolve("checkpoint").toString());
        props.setProperty("eos.batch.interval", BATCH_MS + "ms");
        props.setProperty("spark.master", "local[2]");
        // long enough never to be what ends the stop: the stop must end because the batch completed
        props.setProperty("spark.streaming.gracefulStopTimeout", "60000");
        Path file = work.resolve("job.properties");
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            props.store(out, "GracefulStopIT");
        }
        return file;
    }

    /** The job in a child JVM with this class path plus a services file that registers the gated sink. */
    private JobLauncher launcher(Path gate) throws IOException {
        Path services = work.resolve("gated-sink-service");
        Path file = services.resolve("META-INF/services/" + SinkProvider.class.getName());
        Files.createDirectories(file.getParent());
        Files.writeString(file, GatedFilesSinkProvider.class.getName() + "\n");
        return JobLauncher.open(work, JobJvm.defaults()
                .withClasspath(System.getProperty("java.class.path") + File.pathSeparator + services)
                .withOption("-D" + GatedFilesSinkProvider.GATE_PROPERTY + "=" + gate));
    }

    private static long writing(Path gate) throws IOException {
        if (!Files.isDirectory(gate)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(gate)) {
            return files.filter(f -> f.getFileName().toString().startsWith("writing-")).count();
        }
    }

    /** What run {@code run} wrote to the shared log so far. */
    private static String runLog(JobLauncher launcher, int run) throws IOException {
        String log = Files.readString(launcher.log(), StandardCharsets.UTF_8);
        int start = log.indexOf("==== run " + run + " ");
        int end = log.indexOf("==== run " + (run + 1) + " ", Math.max(start, 0));
        return start < 0 ? "" : log.substring(start, end < 0 ? log.length() : end);
    }
}
