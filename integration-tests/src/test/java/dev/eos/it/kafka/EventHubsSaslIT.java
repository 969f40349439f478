package dev.eos.it.kafka;

import static dev.eos.runtime.testing.SparkCheckpointFiles.hasCheckpointFile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.eos.demo.crashloop.FilesSinkStateReader;
import dev.eos.demo.crashloop.JobJvm;
import dev.eos.demo.crashloop.JobLauncher;
import dev.eos.demo.crashloop.JobProcess;
import dev.eos.runtime.Main;
import dev.eos.runtime.source.kafka.EventHubsSource;
import dev.eos.runtime.source.kafka.EventHubsSourceOptions;
import dev.eos.runtime.testing.SecretScan;
import dev.eos.spi.ConfigException;
import dev.eos.testing.kafka.EmbeddedKafkaBroker;
import dev.eos.testing.kafka.EventHubsEndpoint;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Source {@code eventhubs} through Event Hubs' real protocol path: a broker listener speaking SASL PLAIN over TLS
 * with a certificate made by the test, accepting only user {@code $ConnectionString} with the namespace's connection
 * string ({@link EventHubsEndpoint}). The job (DStream engine, files sink, in a child JVM as {@code bin/eos run}
 * runs it) is given what an Event Hubs user gives: the connection string, the event hub, a consumer group, and the
 * trust store for the test's certificate. Events produced over the same listener, plainly and in transactions (one
 * committed, one aborted), are stored once each, the aborted ones never, also by a run recovered from the
 * checkpoint (which holds the connection string masked); the group's offsets are committed over it. A wrong key
 * fails the start naming the option. The same event hub read by the Structured Streaming engine
 * ({@code eos.engine=structured}, {@code eos.trigger=available-now}) stores the same events once and exits 0. Neither key nor the trust-store password is in anything the
 * job wrote: its output and log (standard output and error), checkpoint, scratch directory and files.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EventHubsSaslIT {

    private static final String EVENT_HUB = "telemetry";
    private static final String GROUP = "eos-telemetry";
    private static final int PARTITIONS = 2;
    private static final String PREFIX = "eos.source.eventhubs.";
    /** A well-formed key the namespace does not know. */
    private static final String WRONG_KEY = "V3JvbmdLZXktUGxhbnRlZC1kOGU0YjE3YTVjOTBmMjM2NDE=";

    private static Path work;
    private static EmbeddedKafkaBroker kafka;
    private static EventHubsEndpoint namespace;
    private static final List<Path> configs = new ArrayList<>();
    private static final List<String> expected = new ArrayList<>();
    private static final List<String> aborted = new ArrayList<>();

    @BeforeAll
    static void startBroker() throws IOException {
        Files.createDirectories(Path.of("target"));
        work = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "eventhubs-sasl-");
        kafka = EmbeddedKafkaBroker.startWithEventHubs(work.resolve("broker"));
        namespace = kafka.eventHubs();
        kafka.createTopic(EVENT_HUB, PARTITIONS);
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    @Order(1)
    void everyEventSentOverSaslSslIsStoredOnceAcrossARestartFromTheCheckpoint() throws Exception {
        Path job = Files.createDirectories(work.resolve("job"));
        FilesSinkStateReader output = FilesSinkStateReader.perRecord(job.resolve("output"));
        sendPlain(0, 30);
        try (KafkaProducer<String, String> producer = kafka.transactionalProducer("telemetry-writer",
                namespace.clientProperties())) {
            EmbeddedKafkaBroker.sendTransaction(producer, EVENT_HUB, 0, events("committed", 0, 10, expected), true);
            EmbeddedKafkaBroker.sendTransaction(producer, EVENT_HUB, 1, events("aborted", 0, 5, aborted), false);
        }

        Path config = config(job, namespace.connectionString());
        try (JobLauncher launcher = JobLauncher.open(job, JobJvm.defaults())) {
            runUntilStoredAndCommitted(launcher, config, output, () -> sendPlain(30, 10));
            assertThat(Files.readString(launcher.log())).as("the job read the event hub over SASL_SSL")
                    .contains("security.protocol = SASL_SSL").contains("sasl.mechanism = PLAIN");
            assertThat(hasCheckpointFile(job.resolve("checkpoint"))).as("the first run checkpointed").isTrue();

            // the checkpoint holds the consumer settings with the connection string masked: the recovered driver
            // and its executors must log in with the one of the current configuration, or the listener refuses them
            sendPlain(40, 10);
            runUntilStoredAndCommitted(launcher, config, output, () -> { });
            assertThat(Files.readString(launcher.log())).as("the second run recovered from the checkpoint")
                    .contains("Recovered the job from checkpoint");
        }

        assertThat(output.storedPayloads()).as("every committed event once, no aborted one")
                .hasSize(expected.size()).containsExactlyInAnyOrderElementsOf(expected);
    }

    /**
     * Starts a run of the job, waits until it stored every event expected so far, runs {@code whileRunning} (more
     * events) and waits again until those are stored and the group's offsets committed to the end of the event
     * hub, then stops the run with SIGTERM (graceful: its consumer leaves the group).
     */
    private static void runUntilStoredAndCommitted(JobLauncher launcher, Path config, FilesSinkStateReader output,
                                                   ThrowingRunnable whileRunning) throws Exception {
        JobProcess run = launcher.start(config);
        try {
            await("the events sent before the start stored").atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> !run.isAlive() || output.storedCount() >= expected.size());
            assertThat(run.isAlive()).as("run %s runs; see %s", run.run(), launcher.log()).isTrue();
            whileRunning.run();
            await("every event stored, the group's offsets committed").atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> !run.isAlive() || output.storedCount() >= expected.size()
                            && kafka.committedOffsets(GROUP, EVENT_HUB).equals(kafka.endOffsets(EVENT_HUB)));
            assertThat(run.isAlive()).as("run %s runs; see %s", run.run(), launcher.log()).isTrue();
        } finally {
            run.terminate(Duration.ofSeconds(60));
            if (run.isAlive()) {
                run.kill(Duration.ofSeconds(30));
            }
        }
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    @Order(2)
    void aWrongConnectionStringFailsTheStartNamingTheOption() throws Exception {
        Path job = Files.createDirectories(work.resolve("wrong-key"));
        Path config = config(job, namespace.connectionString(WRONG_KEY));
        int exit;
        String log;
        try (JobLauncher launcher = JobLauncher.open(job, JobJvm.defaults())) {
            JobProcess run = launcher.start(config);
            exit = run.awaitExit(Duration.ofMinutes(2));
            log = Files.readString(launcher.log());
        }

        assertThat(exit).as(log).isEqualTo(Main.BAD_CONFIG);
        assertThat(log).contains("Invalid value [hidden] for configuration \"" + PREFIX + "connection-string\"")
                .contains("refused the login").contains(namespace.bootstrapServers())
                .doesNotContain(WRONG_KEY);
        assertThat(hasCheckpointFile(job.resolve("checkpoint"))).as("no stream was started").isFalse();
    }

    @Test
    @Order(3)
    void thePreflightNamesTheTrustStoreAndTheEventHubWhenTheyAreWrong() {
        Map<String, String> good = sourceOptions(namespace.connectionString());
        new EventHubsSource().preflight(EventHubsSourceOptions.SPEC.parse(PREFIX, good));

        Map<String, String> untrusting = new LinkedHashMap<>(good);
        untrusting.remove(PREFIX + "ssl.truststore.location");
        untrusting.remove(PREFIX + "ssl.truststore.password");
        assertThatThrownBy(() -> new EventHubsSource().preflight(EventHubsSourceOptions.SPEC.parse(PREFIX, untrusting)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("TLS handshake with " + namespace.bootstrapServers())
                .hasMessageContaining(PREFIX + "ssl.truststore.location");

        Map<String, String> noSuchHub = new LinkedHashMap<>(good);
        noSuchHub.put(PREFIX + "event-hub", "no-such-hub");
        assertThatThrownBy(() -> new EventHubsSource().preflight(EventHubsSourceOptions.SPEC.parse(PREFIX, noSuchHub)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Invalid value no-such-hub for configuration \"" + PREFIX + "event-hub\"")
                .hasMessageContaining("has no event hub no-such-hub");
    }

    @Test
    @Order(4)
    void theStructuredEngineReadsTheSameEventHubOnceWithAvailableNowAndExitsZero() throws Exception {
        Path job = Files.createDirectories(work.resolve("structured"));
        FilesSinkStateReader output = FilesSinkStateReader.perRecord(job.resolve("output"));
        Path config = config(job, namespace.connectionString(), Map.of("eos.engine", "structured",
                "eos.trigger", "available-now"));
        int exit;
        try (JobLauncher launcher = JobLauncher.open(job, JobJvm.defaults())) {
            exit = launcher.start(config).awaitExit(Duration.ofMinutes(4));
            assertThat(exit).as("available-now ends with exit 0; see %s", launcher.log()).isZero();
        }

        assertThat(output.storedPayloads()).as("every committed event once, no aborted one")
                .hasSize(expected.size()).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    @Order(5)
    void noKeyAndNoTrustStorePasswordInAnythingTheJobsWrote() throws Exception {
        Map<String, String> planted = new LinkedHashMap<>();
        planted.put(namespace.sharedAccessKey(), "the namespace's SharedAccessKey");
        planted.put(WRONG_KEY, "the wrong SharedAccessKey");
        planted.put(namespace.trustStorePassword(), "the trust-store password");
        List<Path> scanned = List.of(work.resolve("job"), work.resolve("wrong-key"), work.resolve("structured"));
        assertThat(scanned).as("both jobs ran").allMatch(Files::isDirectory);
        assertThat(hasCheckpointFile(work.resolve("job").resolve("checkpoint"))).as("a checkpoint to scan")
                .isTrue();

        List<String> leaks = new ArrayList<>();
        for (Path dir : scanned) {
            leaks.addAll(SecretScan.leaks(dir, planted, configs::contains));
        }
        assertThat(leaks).as("secrets in what the jobs wrote").isEmpty();
    }

    private static Map<String, String> sourceOptions(String connectionString) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put(PREFIX + "connection-string", connectionString);
        p.put(PREFIX + "event-hub", EVENT_HUB);
        p.put(PREFIX + "consumer-group", GROUP);
        p.put(PREFIX + "ssl.truststore.location", namespace.trustStore().toString());
        p.put(PREFIX + "ssl.truststore.password", namespace.trustStorePassword());
        return p;
    }

    private static Path config(Path dir, String connectionString) throws IOException {
        return config(dir, connectionString, Map.of());
    }

    /** The job's configuration file, with {@code more} keys (such as the engine) added. */
    private static Path config(Path dir, String connectionString, Map<String, String> more) throws IOException {
        Properties job = new Properties();
        job.setProperty("eos.source", "eventhubs");
        job.putAll(sourceOptions(connectionString));
        job.setProperty("eos.format", "json");
        job.setProperty("eos.key", "field.id");
        job.setProperty("eos.sink", "files");
        job.setProperty("eos.sink.files.path", dir.resolve("output").toString());
        job.setProperty("eos.checkpoint.dir", dir.resolve("checkpoint").toString());
        // few batches: a restarted DStream job replays each batch interval of its down time (long on a busy machine)
        job.setProperty("eos.batch.interval", "3s");
        job.setProperty("spark.master", "local[2]");
        job.putAll(more);
        Path config = dir.resolve("job.properties");
        try (Writer out = Files.newBufferedWriter(config, StandardCharsets.UTF_8)) {
            job.store(out, "Event Hubs over SASL_SSL");
        }
        configs.add(config);
        return config;
    }

    /** Sends {@code count} plain events over the SASL_SSL listener, spread over the partitions. */
    private static void sendPlain(int from, int count) throws Exception {
        List<String> values = events("plain", from, count, expected);
        try (KafkaProducer<String, String> producer = kafka.producer(namespace.clientProperties())) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (int i = 0; i < values.size(); i++) {
                sent.add(producer.send(new ProducerRecord<>(EVENT_HUB, i % PARTITIONS, null, values.get(i))));
            }
            for (Future<RecordMetadata> ack : sent) {
                ack.get(30, TimeUnit.SECONDS);
            }
        }
    }

    private static List<String> events(String kind, int from, int count, List<String> remember) {
        List<String> out = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            out.add("{\"id\":\"" + kind + "-" + i + "\",\"reading\":" + (i * 13 % 97) + "}");
        }
        remember.addAll(out);
        return out;
    }
}
