package dev.eos.runtime;

import dev.eos.spi.SinkRecord;
import dev.eos.testing.kafka.EmbeddedKafkaBroker;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The job on {@code eos.engine=structured}, run as {@code bin/eos run} runs it ({@link Main#execute}) with
 * {@code eos.trigger=available-now}: every record present is stored once, then the job exits 0. Kafka from a real
 * broker in this JVM; files from a directory.
 */
class StructuredJobTest {

    @TempDir
    static Path work;

    private static EmbeddedKafkaBroker kafka;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafkaBroker.start(work.resolve("broker"));
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @Test
    void aKafkaTopicIsStoredOnceByPositionReadCommittedAndTheJobExitsZero() throws Exception {
        String topic = "structured-" + UUID.randomUUID();
        kafka.createTopic(topic, 2);
        kafka.send(topic, 0, values("a", 30));
        kafka.send(topic, 1, values("b", 20));
        try (KafkaProducer<String, String> producer = kafka.transactionalProducer("t-" + topic)) {
            EmbeddedKafkaBroker.sendTransaction(producer, topic, 1, values("aborted", 5), false);
            EmbeddedKafkaBroker.sendTransaction(producer, topic, 1, values("committed", 5), true);
        }
        String store = "sj-kafka-" + UUID.randomUUID();
        Map<String, String> job = job(store);
        job.put("eos.source", "kafka");
        job.put("eos.source.kafka.bootstrap-servers", kafka.bootstrapServers());
        job.put("eos.source.kafka.topics", topic);
        job.put("eos.source.kafka.group-id", "g-" + topic);
        job.put("eos.source.kafka.starting-offsets", "earliest");

        Run run = run(job);

        assertThat(run.exit).as(run.err).isZero();
        Map<String, SinkRecord> stored = MemorySinkDouble.store(store);
        assertThat(stored.values().stream().map(SinkRecord::valueAsString).collect(Collectors.toList()))
                .hasSize(55).doesNotHaveDuplicates()
                .noneMatch(v -> v.startsWith("aborted"))
                .contains("a0", "a29", "b19", "committed4");
        assertThat(stored.get(topic + "/0/0").valueAsString()).isEqualTo("a0");
        assertThat(stored.get(topic + "/0/0").eventTime()).isPresent();
        assertThat(stored.get(topic + "/0/0").fields()).as("raw: no fields, as on the DStream engine").isEmpty();
        assertThat(run.progress().stream().mapToLong(Progress.Line::written).sum()).isEqualTo(55);
    }

    @Test
    void aDirectoryOfLinesIsStoredOnceByFileAndLineAsOnTheDStreamEngine() throws Exception {
        Path in = Files.createDirectories(work.resolve("in-" + UUID.randomUUID()));
        JobTestSupport.drop(in, "a.txt", "same", "same", "", "third");
        Files.writeString(in.resolve(".b.txt"), "one\r\ntwo\rthree\n");
        Files.move(in.resolve(".b.txt"), in.resolve("b.txt"));
        String store = "sj-files-" + UUID.randomUUID();
        Map<String, String> job = job(store);
        job.put("eos.source", "files");
        job.put("eos.source.files.path", in.toString());

        Run run = run(job);

        assertThat(run.exit).as(run.err).isZero();
        Map<String, String> stored = new TreeMap<>();
        MemorySinkDouble.store(store).forEach((k, r) -> stored.put(k, r.valueAsString()));
        String a = "file:" + in.toAbsolutePath() + "/a.txt/0/";
        String b = "file:" + in.toAbsolutePath() + "/b.txt/0/";
        assertThat(stored).isEqualTo(new TreeMap<>(Map.of(a + 1, "same", a + 2, "same", a + 3, "", a + 4, "third",
                b + 1, "one", b + 2, "two", b + 3, "three")));
    }

    /**
     * A query SIGKILLed while writing its first offsets entry leaves the checkpoint with its {@code metadata} and, in
     * {@code offsets/}, only the temporary file of that write: Spark alone refuses such a checkpoint at every start
     * ("should be empty on batch 0"); the job removes the unfinished write and starts.
     */
    @Test
    void aQueryKilledWhileWritingItsFirstOffsetsEntryStartsAgainFromItsCheckpoint() throws Exception {
        Path in = Files.createDirectories(work.resolve("in-" + UUID.randomUUID()));
        JobTestSupport.drop(in, "a.txt", "one", "two");
        String store = "sj-unfinished-" + UUID.randomUUID();
        Map<String, String> job = job(store);
        job.put("eos.source", "files");
        job.put("eos.source.files.path", in.toString());
        Path checkpoint = Files.createDirectories(Path.of(job.get("eos.checkpoint.dir")));
        Files.writeString(checkpoint.resolve("metadata"), "{\"id\":\"" + UUID.randomUUID() + "\"}\n");
        Path offsets = Files.createDirectories(checkpoint.resolve("offsets"));
        String unfinished = ".0." + UUID.randomUUID() + ".tmp";
        Files.writeString(offsets.resolve(unfinished), "v1\n{\"batchWatermarkMs\":0");
        Files.writeString(offsets.resolve("." + unfinished + ".crc"), "crc");

        Run run = run(job);

        assertThat(run.exit).as(run.err).isZero();
        assertThat(MemorySinkDouble.store(store)).hasSize(2);
        assertThat(offsets.resolve(unfinished)).doesNotExist();
        assertThat(offsets.resolve("0")).exists();
    }

    @Test
    void aStructuredJobRefusesADStreamCheckpointAndTheDStreamEngineRefusesAvailableNow() throws Exception {
        Path checkpoint = Files.createDirectories(work.resolve("dstream-cp-" + UUID.randomUUID()));
        Files.writeString(checkpoint.resolve("checkpoint-1700000000000"), "x");
        Map<String, String> job = job("sj-refused");
        job.put("eos.source", "files");
        job.put("eos.source.files.path", Files.createDirectories(work.resolve("empty")).toString());
        job.put("eos.checkpoint.dir", checkpoint.toString());
        Run refused = run(job);
        assertThat(refused.exit).isNotZero();
        assertThat(refused.err).contains("was written by eos.engine=dstream");

        job.put("eos.engine", "dstream");
        Run invalid = run(job);
        assertThat(invalid.exit).isEqualTo(Main.BAD_CONFIG);
        assertThat(invalid.err).contains("Invalid value available-now for configuration \"eos.trigger\": needs "
                + "eos.engine=structured");
    }

    @Test
    void aDStreamJobRefusesTheCheckpointOfAStructuredQuery() throws Exception {
        Path checkpoint = Files.createDirectories(work.resolve("structured-cp-" + UUID.randomUUID()));
        Files.writeString(checkpoint.resolve("metadata"), "{\"id\":\"" + UUID.randomUUID() + "\"}\n");
        Map<String, String> job = job("dj-refused");
        job.remove("eos.trigger");
        job.put("eos.engine", "dstream");
        job.put("eos.source", "files");
        job.put("eos.source.files.path", Files.createDirectories(work.resolve("empty")).toString());
        job.put("eos.checkpoint.dir", checkpoint.toString());

        Run refused = run(job);

        assertThat(refused.exit).isNotZero();
        assertThat(refused.err).contains("was written by eos.engine=structured");
        assertThat(checkpoint).isDirectoryNotContaining("glob:**/checkpoint-*");
    }

    private static Map<String, String> job(String store) {
        Map<String, String> p = new TreeMap<>();
        p.put("eos.engine", "structured");
        p.put("eos.trigger", "available-now");
        p.put("eos.sink", "memory-double");
        p.put("eos.sink.memory-double.store", store);
        p.put("eos.checkpoint.dir", work.resolve("cp-" + store).toString());
        p.put("spark.master", "local[2,3]");
        p.put("spark.local.dir", work.resolve("spark-local").toString());
        p.put("spark.ui.enabled", "false");
        p.put("spark.sql.shuffle.partitions", "2");
        return p;
    }

    private record Run(int exit, String out, String err) {
        List<Progress.Line> progress() {
            return out.lines().map(Progress.Line::parse).flatMap(java.util.Optional::stream).toList();
        }
    }

    private static Run run(Map<String, String> properties) throws Exception {
        Path file = work.resolve("job-" + UUID.randomUUID() + ".properties");
        List<String> lines = new ArrayList<>();
        properties.forEach((k, v) -> lines.add(k + "=" + v.replace("\\", "\\\\")));
        Files.write(file, lines);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (JobTestSupport.StdoutCapture out = new JobTestSupport.StdoutCapture()) {
            int exit = Main.execute(new String[] {"run", file.toString()}, System.out,
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            return new Run(exit, out.text(), err.toString(StandardCharsets.UTF_8));
        }
    }

    private static List<String> values(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> prefix + i).toList();
    }

    @SuppressWarnings("unused")
    private static Set<String> keys(Map<String, SinkRecord> store) {
        return store.keySet();
    }
}
