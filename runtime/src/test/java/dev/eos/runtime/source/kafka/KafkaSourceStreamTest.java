package dev.eos.runtime.source.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.eos.runtime.source.SourceContext;
import dev.eos.runtime.source.SourceEvent;
import dev.eos.runtime.source.SourceStream;
import dev.eos.spi.OffsetRange;
import dev.eos.spi.Config;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.spark.streaming.Durations;
import org.apache.spark.streaming.api.java.JavaStreamingContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Kafka source in a real streaming context against a real broker: positions and offset ranges per
 * partition, offsets committed to the group after each batch, and recovery from the checkpoint after commits
 * (the commit callback must not break checkpointing).
 */
class KafkaSourceStreamTest {

    private static final String TOPIC = "source-stream";
    private static final String GROUP = "eos-source-stream";
    private static final ConcurrentLinkedQueue<String> SEEN = new ConcurrentLinkedQueue<>();
    private static final ConcurrentLinkedQueue<String> RANGES = new ConcurrentLinkedQueue<>();

    @RegisterExtension
    static final KafkaTopicExtension KAFKA = new KafkaTopicExtension("kafka-source", TOPIC, 2);

    @Test
    void theStructuredRateBoundCountsThePartitionsOfTheSubscribedTopics() {
        String prefix = "eos.source.kafka.";
        KafkaSettings settings = KafkaSourceOptions.settings(prefix, Map.of(prefix + "bootstrap-servers",
                KAFKA.broker().bootstrapServers(), prefix + "topics", TOPIC, prefix + "group-id", GROUP,
                prefix + "max-rate-per-partition", "100"));

        assertThat(KafkaSource.partitionCount(settings, java.time.Duration.ofSeconds(30))).isEqualTo(2);
    }

    @Test
    void readsEveryPartitionCommitsAfterEachBatchAndRecoversFromTheCheckpointNotTheGroup() throws Exception {
        String checkpoint = KAFKA.work().resolve("checkpoint").toString();
        KAFKA.broker().send(TOPIC, 0, KafkaTopicExtension.values("a", 6));
        KAFKA.broker().send(TOPIC, 1, KafkaTopicExtension.values("b", 4));

        JavaStreamingContext first = JavaStreamingContext.getOrCreate(checkpoint, () -> newContext(checkpoint));
        first.start();
        await().atMost(60, TimeUnit.SECONDS).until(() -> SEEN.size() >= 10);
        await().atMost(30, TimeUnit.SECONDS).until(() -> KAFKA.broker().committedOffsets(GROUP, TOPIC).equals(Map.of(0, 6L, 1, 4L)));
        first.stop(true, true);

        assertThat(SEEN).containsExactlyInAnyOrder(
                "source-stream/0/0=a0", "source-stream/0/1=a1", "source-stream/0/2=a2", "source-stream/0/3=a3",
                "source-stream/0/4=a4", "source-stream/0/5=a5",
                "source-stream/1/0=b0", "source-stream/1/1=b1", "source-stream/1/2=b2", "source-stream/1/3=b3");
        assertThat(RANGES).contains("0:source-stream/0/0-6", "1:source-stream/1/0-4");

        // the group is rewound: a restart that trusted the group instead of the checkpoint would read all again
        rewindGroup();
        SEEN.clear();
        KAFKA.broker().send(TOPIC, 0, KafkaTopicExtension.values("c", 3));
        AtomicBoolean createdAgain = new AtomicBoolean();
        JavaStreamingContext second = JavaStreamingContext.getOrCreate(checkpoint, () -> {
            createdAgain.set(true);
            return newContext(checkpoint);
        });
        try {
            second.start();
            await().atMost(60, TimeUnit.SECONDS).until(() -> SEEN.size() >= 3);
            await().atMost(30, TimeUnit.SECONDS)
                    .until(() -> KAFKA.broker().committedOffsets(GROUP, TOPIC).equals(Map.of(0, 9L, 1, 4L)));
        } finally {
            second.stop(true, false);
        }

        assertThat(createdAgain).as("recovered from the checkpoint, not created anew").isFalse();
        assertThat(SEEN).containsExactlyInAnyOrder("source-stream/0/6=c0", "source-stream/0/7=c1", "source-stream/0/8=c2");
    }

    private static JavaStreamingContext newContext(String checkpoint) {
        JavaStreamingContext ssc = new JavaStreamingContext(KAFKA.sparkConf("kafka-source-test"),
                Durations.milliseconds(500));
        ssc.checkpoint(checkpoint);
        String prefix = "eos.source.kafka.";
        Config options = KafkaSourceOptions.SPEC.parse(prefix, Map.of(
                prefix + "bootstrap-servers", KAFKA.broker().bootstrapServers(),
                prefix + "assign", TOPIC + ":0," + TOPIC + ":1",
                prefix + "group-id", GROUP));
        SourceStream stream = new KafkaSource().createStream(ssc, new SourceContext(options, Map.of()));
        stream.events().foreachRDD((rdd, time) -> {
            List<List<OffsetRange>> ranges = stream.offsetRanges(rdd);
            for (int i = 0; i < ranges.size(); i++) {
                for (OffsetRange range : ranges.get(i)) {
                    if (range.count() > 0) {
                        RANGES.add(i + ":" + range);
                    }
                }
            }
            SEEN.addAll(rdd.map(KafkaSourceStreamTest::describe).collect());
            stream.afterBatchCommitted(rdd, time);
        });
        return ssc;
    }

    private static String describe(SourceEvent event) {
        return event.position() + "=" + new String(event.value(), java.nio.charset.StandardCharsets.UTF_8);
    }


    private static void rewindGroup() throws Exception {
        try (Admin admin = KAFKA.broker().admin()) {
            admin.alterConsumerGroupOffsets(GROUP, Map.of(
                    new TopicPartition(TOPIC, 0), new OffsetAndMetadata(0),
                    new TopicPartition(TOPIC, 1), new OffsetAndMetadata(0))).all().get(30, TimeUnit.SECONDS);
        }
        assertThat(KAFKA.broker().committedOffsets(GROUP, TOPIC)).isEqualTo(Map.of(0, 0L, 1, 0L));
    }
}
