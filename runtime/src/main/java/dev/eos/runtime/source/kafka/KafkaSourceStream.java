package dev.eos.runtime.source.kafka;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.eos.runtime.source.RddLineage;
import dev.eos.runtime.source.SourceEvent;
import dev.eos.runtime.source.SourceStream;
import dev.eos.spi.OffsetRange;
import dev.eos.spi.SourcePosition;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetCommitCallback;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.streaming.Time;
import org.apache.spark.streaming.api.java.JavaDStream;
import org.apache.spark.streaming.api.java.JavaInputDStream;
import org.apache.spark.streaming.kafka010.CanCommitOffsets;
import org.apache.spark.streaming.kafka010.HasOffsetRanges;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka direct stream of one streaming context: Spark's direct stream decides each batch's offset ranges (from
 * the previous batch's end to the end offsets the driver's consumer sees, the last stable offsets under
 * read_committed, clamped by the rate limits), keeps them in the checkpoint and commits them; each batch is read by a
 * {@link KafkaRangeRDD} over those ranges. Serializable, with everything it holds (the stream graph, this object
 * and the commit callback are written to the checkpoint).
 */
final class KafkaSourceStream implements SourceStream {

    private final JavaInputDStream<ConsumerRecord<byte[], byte[]>> input;
    private final JavaDStream<SourceEvent> events;

    /**
     * @param executorKey the key of the executors' consumer settings in {@link KafkaSecrets}
     * @param maskedExecutorParams those settings with their secrets masked (what the checkpoint holds)
     */
    KafkaSourceStream(JavaInputDStream<ConsumerRecord<byte[], byte[]>> input, String executorKey,
            Map<String, Object> maskedExecutorParams) {
        this.input = input;
        this.events = input.transform(KafkaRangeRDD.reading(executorKey, maskedExecutorParams));
    }

    @Override
    public JavaDStream<SourceEvent> events() {
        return events;
    }

    /** One range per partition: partition i of a Kafka batch is offset range i. */
    @Override
    public List<List<OffsetRange>> offsetRanges(JavaRDD<SourceEvent> batch) {
        List<List<OffsetRange>> out = new ArrayList<>();
        for (org.apache.spark.streaming.kafka010.OffsetRange range : kafkaRanges(batch)) {
            out.add(List.of(new OffsetRange(range.topic(), range.partition(), range.fromOffset(), range.untilOffset())));
        }
        return out;
    }

    /**
     * Every partition of the batch was written: queue its offsets for commit to the consumer group. The direct
     * stream sends queued commits when it computes the next batch; a crash before that loses only the commit,
     * never data (the checkpoint has the offsets, and replay is idempotent).
     */
    @Override
    public void afterBatchCommitted(JavaRDD<SourceEvent> batch, Time time) {
        org.apache.spark.streaming.kafka010.OffsetRange[] ranges = kafkaRanges(batch);
        if (ranges.length > 0) {
            ((CanCommitOffsets) input.inputDStream()).commitAsync(ranges, new CommitLogger(time.milliseconds()));
        }
    }

    private static org.apache.spark.streaming.kafka010.OffsetRange[] kafkaRanges(JavaRDD<SourceEvent> batch) {
        return RddLineage.find(batch.rdd(), HasOffsetRanges.class)
                .map(HasOffsetRanges::offsetRanges)
                .orElseThrow(() -> new IllegalStateException("a Kafka batch without its offset ranges: "
                        + batch.rdd().toDebugString()));
    }

    static SourceEvent toEvent(ConsumerRecord<byte[], byte[]> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), header.value() == null ? "" : new String(header.value(), StandardCharsets.UTF_8));
        }
        byte[] value = record.value() == null ? new byte[0] : record.value();
        Instant time = record.timestamp() >= 0 ? Instant.ofEpochMilli(record.timestamp()) : null;
        return new SourceEvent(value, new SourcePosition(record.topic(), record.partition(), record.offset()),
                headers, time);
    }

    /**
     * Logs the outcome of an offset commit. Serializable on purpose: the direct stream keeps the callback with
     * its state, and a callback that cannot be serialized makes every checkpoint write fail.
     */
    static final class CommitLogger implements OffsetCommitCallback, Serializable {
        private static final Logger LOG = LoggerFactory.getLogger(KafkaSourceStream.class);

        private final long batchTime;

        CommitLogger(long batchTime) {
            this.batchTime = batchTime;
        }

        @Override
        public void onComplete(Map<TopicPartition, OffsetAndMetadata> offsets, Exception exception) {
            if (exception != null) {
                LOG.warn("Committing the offsets of batch {} to the consumer group failed ({}); the checkpoint "
                        + "still has them, and a later batch's commit covers them", batchTime, exception.toString());
            } else if (LOG.isDebugEnabled()) {
                LOG.debug("Committed the offsets of batch {}: {}", batchTime, offsets);
            }
        }
    }
}
