package dev.eos.it.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import dev.eos.runtime.EosJob;
import dev.eos.runtime.config.JobConfig;
import dev.eos.demo.crashloop.FilesSinkStateReader;
import dev.eos.testing.kafka.EmbeddedKafkaBroker;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.spark.streaming.api.java.JavaStreamingContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * One job, Kafka to the files sink, against a real broker, through three stages that build on each other: a
 * topic of three partitions stored exactly once, a record that is not JSON dead-lettered with its reason while
 * the stream goes on, and the broker restarted mid-stream. The job runs in the test's JVM; the dead-letter
 * destination is the jdbc sink on an H2 file database, whose columns keep the reason and the position.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KafkaExactlyOnceIT {

    private static final String TOPIC = "orders";
    private static final String GROUP = "eos-orders-it";
    private static final int PARTITIONS = 3;

    private static Path work;
    private static EmbeddedKafkaBroker kafka;
    private static JavaStreamingContext job;
    private static FilesSinkStateReader output;
    private static String deadLetterUrl;
    private static final List<String> SENT = new ArrayList<>();
    private static int nextId;

    @BeforeAll
    static void startBrokerAndJob() throws Exception {
        Files.createDirectories(Path.of("target"));
        work = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "kafka-exactly-once-");
        kafka = EmbeddedKafkaBroker.start(work.resolve("broker"));
        kafka.createTopic(TOPIC, PARTITIONS);
        output = FilesSinkStateReader.perRecord(work.resolve("output"));
        deadLetterUrl = "jdbc:h2:file:" + work.resolve("dead-letters") + ";DB_CLOSE_DELAY=-1";

        Map<String, String> props = new LinkedHashMap<>();
        props.put("eos.source", "kafka");
        props.put("eos.source.kafka.bootstrap-servers", kafka.bootstrapServers());
        props.put("eos.source.kafka.assign", TOPIC + ":0," + TOPIC + ":1," + TOPIC + ":2");
        props.put("eos.source.kafka.group-id", GROUP);
        props.put("eos.format", "json");
        props.put("eos.key", "field:id");
        props.put("eos.sink", "files");
        props.put("eos.sink.files.path", work.resolve("output").toString());
        props.put("eos.errors.tolerance", "all");
        props.put("eos.errors.dead-letter.sink", "jdbc");
        props.put("eos.errors.dead-letter.jdbc.url", deadLetterUrl);
        props.put("eos.errors.dead-letter.jdbc.table", "dead_letters");
        props.put("eos.errors.dead-letter.jdbc.key-columns", "record_key");
        props.put("eos.errors.dead-letter.jdbc.columns", "record_key=key,payload=field.value-base64,"
                + "reason=field.reason,position=field.position,envelope=value");
        props.put("eos.errors.dead-letter.jdbc.create-table", "true");
        props.put("eos.checkpoint.dir", work.resolve("checkpoint").toString());
        props.put("eos.batch.interval", "1s");
        props.put("eos.app.name", "kafka-exactly-once-it");
        props.put("spark.master", "local[2]");
        props.put("spark.ui.enabled", "false");
        props.put("spark.local.dir", work.resolve("spark-local").toString());
        job = new EosJob(JobConfig.validate(props)).start();
    }

    @AfterAll
    static void stopJobAndBroker() {
        if (job != null) {
            job.stop(true, false);
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    @Order(1)
    void everyRecordOfEveryPartitionIsStoredOnceAndItsOffsetsCommittedAfterwards() throws Exception {
        send(60);

        awaitStored(60);

        assertThat(output.storedPayloads()).containsExactlyInAnyOrderElementsOf(SENT);
        await().atMost(30, TimeUnit.SECONDS).until(() -> kafka.committedOffsets(GROUP, TOPIC)
                .equals(kafka.endOffsets(TOPIC)));
        assertThat(kafka.endOffsets(TOPIC).values()).containsOnly(20L);
    }

    @Test
    @Order(2)
    void aRecordThatIsNotJsonIsDeadLetteredWithItsReasonAndTheStreamGoesOn() throws Exception {
        long badOffset = kafka.endOffsets(TOPIC).get(1);
        kafka.send(TOPIC, 1, List.of("this is {not json"));
        send(9);

        awaitStored(69);
        await().atMost(60, TimeUnit.SECONDS).until(() -> deadLetters().size() == 1);

        assertThat(output.storedPayloads()).containsExactlyInAnyOrderElementsOf(SENT);
        List<String> row = deadLetters().get(0);
        assertThat(new String(java.util.Base64.getDecoder().decode(row.get(0)), java.nio.charset.StandardCharsets.UTF_8))
                .as("the original bytes").isEqualTo("this is {not json");
        assertThat(row.get(1)).as("reason").isNotBlank();
        assertThat(row.get(2)).as("position").isEqualTo(TOPIC + "/1/" + badOffset);
    }

    @Test
    @Order(3)
    void aBrokerRestartMidStreamLosesNothingAndDuplicatesNothing() throws Exception {
        send(21);
        kafka.stop();
        // the outage itself (a few batch intervals with the broker gone), not a wait for a condition
        Thread.sleep(3_000);
        kafka.start();
        send(21);

        awaitStored(111);

        assertThat(output.storedPayloads()).containsExactlyInAnyOrderElementsOf(SENT).doesNotHaveDuplicates();
        await().atMost(60, TimeUnit.SECONDS).until(() -> kafka.committedOffsets(GROUP, TOPIC)
                .equals(kafka.endOffsets(TOPIC)));
    }

    /** Sends {@code count} events, one partition after the other, and remembers them. */
    private static void send(int count) {
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        IntStream.range(0, count).forEach(i -> {
            int id = nextId++;
            String event = "{\"id\":\"order-" + id + "\",\"amount\":" + (id * 7 % 100) + "}";
            records.add(new ProducerRecord<>(TOPIC, id % PARTITIONS, null, event));
            SENT.add(event);
        });
        kafka.sendRecords(records);
    }

    private static void awaitStored(int count) {
        await().atMost(90, TimeUnit.SECONDS).pollInterval(200, TimeUnit.MILLISECONDS)
                .until(() -> output.storedCount() >= count);
    }

    private static List<List<String>> deadLetters() throws Exception {
        try (Connection c = DriverManager.getConnection(deadLetterUrl);
             Statement s = c.createStatement()) {
            if (!c.getMetaData().getTables(null, null, "DEAD_LETTERS", null).next()) {
                return List.of();
            }
            List<List<String>> rows = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("select payload, reason, position from dead_letters")) {
                while (rs.next()) {
                    rows.add(List.of(rs.getString(1), rs.getString(2), rs.getString(3)));
                }
            }
            return rows;
        }
    }
}
