package dev.eos.it.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.eos.runtime.EosJob;
import dev.eos.runtime.config.JobConfig;
import dev.eos.demo.crashloop.FilesSinkStateReader;
import dev.eos.testing.kafka.EmbeddedKafkaBroker;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.spark.streaming.api.java.JavaStreamingContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code kafka} source on topics written by transactional producers, as an upstream that is itself
 * exactly-once writes them (issue 15): committed, aborted and still-open transactions, plain records in between,
 * a topic written before the job starts and topics written while it runs, a pause after a commit marker longer
 * than the consumer's poll timeout, a compacted topic, several partitions, and a restart from the checkpoint.
 * The job runs in the test's JVM with its documented configuration (no isolation or Spark Kafka setting) and
 * small batches ({@code max-rate-per-partition}), so that batches end on commit markers, inside aborted
 * transactions and on compacted offsets. Each test ends with every committed record in the files sink exactly
 * once, no aborted record there, and the group's offsets at the partitions' ends.
 */
class KafkaTransactionsIT {

    /** Shorter than the pauses below: Spark's own reader failed when a pause after a commit marker outlasted it. */
    private static final String POLL_MS = "2000";

    private Path work;
    private EmbeddedKafkaBroker kafka;
    private JavaStreamingContext job;
    private FilesSinkStateReader output;

    @BeforeEach
    void startBroker() throws Exception {
        Files.createDirectories(Path.of("target"));
        work = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "kafka-transactions-");
        // the log cleaner checks often, so that the compacted topic is compacted within seconds
        kafka = EmbeddedKafkaBroker.start(work.resolve("broker"), Map.of("log.cleaner.backoff.ms", "200"));
        output = FilesSinkStateReader.perRecord(work.resolve("output"));
    }

    @AfterEach
    void stopJobAndBroker() {
        if (job != null) {
            job.stop(true, false);
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    /** The partition of the issue, written before the job starts: stored 1-50 of 120 before the fix. */
    @Test
    void aTopicWrittenBeforeTheJobStartsIsReadCommittedRecordsOnce() throws Exception {
        kafka.createTopic("before", 1);
        try (KafkaProducer<String, String> producer = kafka.transactionalProducer("before-writer")) {
            EmbeddedKafkaBroker.sendTransaction(producer, "before", 0, values("before", 1, 50), true);
            EmbeddedKafkaBroker.sendTransaction(producer, "before", 0, values("before", 1001, 1020), false);
            EmbeddedKafkaBroker.sendTransaction(producer, "before", 0, values("before", 51, 100), true);
        }
        kafka.send("before", 0, values("before", 101, 120));

        job = startJob("before:0", "before-group");
        awaitCommittedAtEnd("before-group", "before");

        assertThat(output.storedPayloads()).containsExactlyInAnyOrderElementsOf(values("before", 1, 120));
    }

    /**
     * Three partitions written while the job runs: committed and aborted transactions, plain records, a
     * transaction left open across several batches (the records behind it wait for it), a pause after a commit
     * marker three batches long and longer than the poll timeout, and a restart from the checkpoint in between.
     */
    @Test
    void topicsWrittenWhileTheJobRunsAcrossARestartAreReadCommittedRecordsOnce() throws Exception {
        kafka.createTopic("live", 3);
        String assign = "live:0,live:1,live:2";
        List<String> committed = new ArrayList<>();
        List<String> aborted = new ArrayList<>();
        job = startJob(assign, "live-group");
        try (KafkaProducer<String, String> producer = kafka.transactionalProducer("live-writer");
             KafkaProducer<String, String> open = kafka.transactionalProducer("live-open-writer")) {
            for (int round = 0; round < 3; round++) {
                for (int p = 0; p < 3; p++) {
                    List<String> good = values("live-r" + round + "-p" + p + "-c", 1, 15);
                    List<String> bad = values("live-r" + round + "-p" + p + "-a", 1, 10);
                    EmbeddedKafkaBroker.sendTransaction(producer, "live", p, good, true);
                    EmbeddedKafkaBroker.sendTransaction(producer, "live", p, bad, false);
                    committed.addAll(good);
                    aborted.addAll(bad);
                }
                // a commit marker ends the partitions' data, then nothing for longer than the poll timeout
                Thread.sleep(Long.parseLong(POLL_MS) * 2);
            }
            awaitStored(committed.size());

            // a transaction left open across batches: partition 0 is read up to it, and no further
            open.beginTransaction();
            List<String> openRecords = values("live-open", 1, 10);
            openRecords.forEach(v -> open.send(new ProducerRecord<>("live", 0, null, v)));
            open.flush();
            List<String> behindOpen = values("live-behind-open", 1, 5);
            kafka.send("live", 0, behindOpen);
            List<String> beside = values("live-beside-open", 1, 5);
            kafka.send("live", 1, beside);
            committed.addAll(beside);
            awaitStored(committed.size());
            // several batches go by: what waits behind the open transaction is not stored yet
            awaitBatches(3);
            assertThat(output.storedPayloads()).doesNotContainAnyElementsOf(openRecords)
                    .doesNotContainAnyElementsOf(behindOpen);

            // a restart from the checkpoint while the transaction is open
            job.stop(true, true);
            job = startJob(assign, "live-group");
            open.commitTransaction();
            committed.addAll(openRecords);
            committed.addAll(behindOpen);
            EmbeddedKafkaBroker.sendTransaction(producer, "live", 2, values("live-last", 1, 7), true);
            committed.addAll(values("live-last", 1, 7));
        }
        awaitCommittedAtEnd("live-group", "live");

        assertThat(output.storedPayloads()).containsExactlyInAnyOrderElementsOf(committed)
                .doesNotContainAnyElementsOf(aborted);
    }

    /**
     * A compacted topic whose transactions, aborted ones included, were partly compacted away before the job
     * starts: the job stores what a read_committed consumer reads there, once.
     */
    @Test
    void aCompactedTransactionalTopicIsReadWithItsGaps() throws Exception {
        kafka.createTopic("compacted", 2, Map.of("cleanup.policy", "compact", "segment.ms", "100",
                "min.cleanable.dirty.ratio", "0.01", "min.compaction.lag.ms", "0", "delete.retention.ms", "100"));
        List<String> aborted = new ArrayList<>();
        try (KafkaProducer<String, String> producer = kafka.transactionalProducer("compacted-writer")) {
            for (int round = 1; round <= 4; round++) {
                for (int p = 0; p < 2; p++) {
                    boolean commit = round != 2;
                    producer.beginTransaction();
                    for (int key = 0; key < 20; key++) {
                        String value = "compacted-p" + p + "-k" + key + "-r" + round + (commit ? "" : "-aborted");
                        producer.send(new ProducerRecord<>("compacted", p, "k" + key, value));
                        if (!commit) {
                            aborted.add(value);
                        }
                    }
                    if (commit) {
                        producer.commitTransaction();
                    } else {
                        producer.flush();
                        producer.abortTransaction();
                    }
                }
                Thread.sleep(150); // past segment.ms, so that the next round starts a new segment
            }
        }
        // the cleaner runs once a segment is closed: a record after segment.ms closes the last one
        java.util.concurrent.atomic.AtomicInteger rolls = new java.util.concurrent.atomic.AtomicInteger();
        await().atMost(90, TimeUnit.SECONDS).pollInterval(300, TimeUnit.MILLISECONDS).until(() -> {
            int roll = rolls.incrementAndGet();
            kafka.sendRecords(List.of(new ProducerRecord<>("compacted", 0, "roll", "compacted-roll-" + roll),
                    new ProducerRecord<>("compacted", 1, "roll", "compacted-roll-" + roll)));
            return IntStream.range(0, 2).allMatch(p -> hasGaps(kafka.recordOffsets("compacted", p)));
        });
        List<String> expected = kafka.readCommitted("compacted");
        assertThat(expected).as("compaction left the last value of each key").hasSizeLessThan(120)
                .contains("compacted-p0-k0-r4", "compacted-p1-k19-r4");

        job = startJob("compacted:0,compacted:1", "compacted-group");
        awaitCommittedAtEnd("compacted-group", "compacted");

        assertThat(output.storedPayloads()).containsExactlyInAnyOrderElementsOf(expected)
                .doesNotContainAnyElementsOf(aborted);
    }

    private JavaStreamingContext startJob(String assign, String group) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("eos.source", "kafka");
        props.put("eos.source.kafka.bootstrap-servers", kafka.bootstrapServers());
        props.put("eos.source.kafka.assign", assign);
        props.put("eos.source.kafka.group-id", group);
        // small batches: ranges end on markers, inside aborted transactions and on compacted offsets
        props.put("eos.source.kafka.max-rate-per-partition", "13");
        props.put("eos.sink", "files");
        props.put("eos.sink.files.path", work.resolve("output").toString());
        props.put("eos.checkpoint.dir", work.resolve("checkpoint").toString());
        props.put("eos.batch.interval", "1s");
        props.put("eos.app.name", "kafka-transactions-it");
        props.put("spark.master", "local[2]");
        props.put("spark.ui.enabled", "false");
        props.put("spark.local.dir", work.resolve("spark-local").toString());
        props.put("spark.streaming.kafka.consumer.poll.ms", POLL_MS);
        return new EosJob(JobConfig.validate(props)).start();
    }

    private void awaitStored(int count) {
        await().atMost(120, TimeUnit.SECONDS).pollInterval(200, TimeUnit.MILLISECONDS)
                .until(() -> output.storedCount() >= count);
    }

    /** Waits until the job's batches caught up: the group's committed offsets are the partitions' end offsets. */
    private void awaitCommittedAtEnd(String group, String topic) {
        await().atMost(180, TimeUnit.SECONDS).pollInterval(300, TimeUnit.MILLISECONDS)
                .until(() -> kafka.committedOffsets(group, topic).equals(kafka.endOffsets(topic)));
    }

    /** Waits until {@code count} more batches were generated (each takes a batch interval at least). */
    private void awaitBatches(int count) {
        long before = job.ssc().scheduler().jobGenerator().lastProcessedBatch() == null ? 0
                : job.ssc().scheduler().jobGenerator().lastProcessedBatch().milliseconds();
        await().atMost(60, TimeUnit.SECONDS).pollInterval(100, TimeUnit.MILLISECONDS).until(() -> {
            var last = job.ssc().scheduler().jobGenerator().lastProcessedBatch();
            return last != null && last.milliseconds() >= before + count * 1000L;
        });
    }

    private static boolean hasGaps(List<Long> offsets) {
        for (int i = 1; i < offsets.size(); i++) {
            if (offsets.get(i) != offsets.get(i - 1) + 1) {
                return true;
            }
        }
        return false;
    }

    private static List<String> values(String prefix, int first, int last) {
        return IntStream.rangeClosed(first, last).mapToObj(i -> prefix + "-" + i).collect(Collectors.toList());
    }
}
