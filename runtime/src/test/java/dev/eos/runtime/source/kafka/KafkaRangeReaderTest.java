package dev.eos.runtime.source.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import dev.eos.testing.kafka.EmbeddedKafkaBroker;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The range reader against a real broker, on the partition of issue 15: a committed transaction (values 1-50,
 * offsets 0-49, its commit marker at 50), an aborted one (1001-1020 at 51-70, marker 71), a committed one (51-100
 * at 72-121, marker 122), then plain records (101-120 at 123-142).
 */
class KafkaRangeReaderTest {

    private static final String TOPIC = "transactional";
    private static final TopicPartition PARTITION = new TopicPartition(TOPIC, 0);
    private static final Duration STALL = Duration.ofSeconds(30);

    private static EmbeddedKafkaBroker kafka;

    @BeforeAll
    static void writePartition() throws Exception {
        Files.createDirectories(Path.of("target"));
        kafka = EmbeddedKafkaBroker.start(Files.createTempDirectory(Path.of("target"), "kafka-range-"));
        kafka.createTopic(TOPIC, 1);
        try (KafkaProducer<String, String> producer = kafka.transactionalProducer("range-reader-test")) {
            EmbeddedKafkaBroker.sendTransaction(producer, TOPIC, 0, values(1, 50), true);
            EmbeddedKafkaBroker.sendTransaction(producer, TOPIC, 0, values(1001, 1020), false);
            EmbeddedKafkaBroker.sendTransaction(producer, TOPIC, 0, values(51, 100), true);
        }
        kafka.send(TOPIC, 0, values(101, 120));
        assertThat(kafka.endOffsets(TOPIC)).containsEntry(0, 143L);
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void readCommittedReadsEveryCommittedRecordOnceAndNoAbortedOne() {
        assertThat(read("read_committed", 0, 143)).containsExactlyElementsOf(values(1, 120));
    }

    @Test
    void rangesThatEndOnMarkersOrHoldOnlyAbortedRecordsEndWithoutWaiting() {
        long start = System.nanoTime();
        List<String> all = new ArrayList<>();
        for (long[] range : new long[][] {{0, 51}, {51, 72}, {72, 123}, {123, 143}}) {
            all.addAll(read("read_committed", range[0], range[1]));
        }
        assertThat(all).containsExactlyElementsOf(values(1, 120));
        assertThat(read("read_committed", 51, 72)).as("aborted records and two markers").isEmpty();
        assertThat(read("read_committed", 50, 51)).as("a commit marker alone").isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(STALL);
    }

    @Test
    void rangesThatEndInsideATransactionStopAtTheirEnd() {
        assertThat(read("read_committed", 40, 80)).containsExactlyElementsOf(values(41, 58));
        assertThat(read("read_committed", 75, 130)).containsExactlyElementsOf(
                concat(values(54, 100), values(101, 107)));
    }

    @Test
    void readUncommittedReadsTheAbortedRecordsToo() {
        assertThat(read("read_uncommitted", 0, 143)).containsExactlyElementsOf(
                concat(values(1, 50), values(1001, 1020), values(51, 120)));
    }

    @Test
    void aRangeThatCannotBeReadFailsNamingThePartitionAndTheOffsetOnceItStalls() {
        try (KafkaRangeReader reader = new KafkaRangeReader(consumer("read_committed"), PARTITION, 143, 150,
                Duration.ofSeconds(2))) {
            assertThatThrownBy(reader::hasNext)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(TOPIC + "-0 offsets [143, 150)")
                    .hasMessageContaining("no progress for 2000 ms at offset 143");
        }
    }

    @Test
    void anEmptyRangeReadsNothingAndNeedsNoBroker() {
        try (KafkaRangeReader reader = new KafkaRangeReader(consumer("read_committed"), PARTITION, 7, 7, STALL)) {
            assertThat(reader.hasNext()).isFalse();
        }
    }

    private static List<String> read(String isolation, long from, long until) {
        List<String> out = new ArrayList<>();
        try (KafkaRangeReader reader = new KafkaRangeReader(consumer(isolation), PARTITION, from, until, STALL)) {
            reader.forEachRemaining(r -> out.add(new String(r.value(), StandardCharsets.UTF_8)));
            assertThat(reader.position()).isGreaterThanOrEqualTo(until);
        }
        return out;
    }

    static KafkaConsumer<byte[], byte[]> consumer(String isolation) {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    static List<String> values(int first, int last) {
        return IntStream.rangeClosed(first, last).mapToObj(String::valueOf).toList();
    }

    @SafeVarargs
    private static List<String> concat(List<String>... parts) {
        List<String> out = new ArrayList<>();
        for (List<String> part : parts) {
            out.addAll(part);
        }
        return out;
    }
}
