package dev.eos.runtime.source.kafka;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.eos.runtime.source.SourceEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.spark.Dependency;
import org.apache.spark.Partition;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.rdd.RDD;
import org.apache.spark.streaming.kafka010.HasOffsetRanges;
import org.apache.spark.streaming.kafka010.OffsetRange;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * A batch of the Kafka source: one partition per offset range of the direct stream's batch (the same ranges, so
 * the checkpoint and the offset commit after output see exactly what was read), each read by a
 * {@link KafkaRangeReader}, which accepts offsets without records (transaction markers, aborted or compacted
 * records). It replaces Spark's {@code KafkaRDD}, whose readers require consecutive offsets (or, with
 * {@code spark.streaming.kafka.allowNonConsecutiveOffsets}, read every batch twice and wait for a record after the
 * range's end).
 *
 * <p>Each task reads its range with a consumer of its own ({@link KafkaSettings#executorKafkaParams()}), taken from
 * the JVM's {@link KafkaConsumerPool} and given back when the task read its range to the end (closed otherwise). A
 * reader that makes no progress for {@code spark.streaming.kafka.consumer.poll.ms} (default
 * {@code spark.network.timeout}, 120 s) fails the task.
 */
final class KafkaRangeRDD extends RDD<SourceEvent> implements HasOffsetRanges {

    private static final ClassTag<SourceEvent> TAG = ClassTag$.MODULE$.apply(SourceEvent.class);

    private final OffsetRange[] ranges;
    private final Map<String, Object> consumerParams;

    KafkaRangeRDD(SparkContext sc, OffsetRange[] ranges, Map<String, Object> consumerParams) {
        super(sc, noDependencies(), TAG);
        this.ranges = ranges.clone();
        this.consumerParams = new LinkedHashMap<>(consumerParams);
    }

    /**
     * The direct stream's per-batch function: each batch's {@code KafkaRDD} (never computed) replaced by a
     * {@link KafkaRangeRDD} over its offset ranges. Serializable: it is written to the checkpoint with the stream,
     * so it holds the settings masked; each RDD gets them {@linkplain KafkaSecrets#resolve resolved} on the driver
     * (the RDD goes to the executors with its tasks, and is not part of the checkpoint).
     */
    static Function<JavaRDD<ConsumerRecord<byte[], byte[]>>, JavaRDD<SourceEvent>> reading(
            String key, Map<String, Object> maskedParams) {
        Map<String, Object> masked = new LinkedHashMap<>(maskedParams);
        return batch -> {
            OffsetRange[] ranges = ((HasOffsetRanges) batch.rdd()).offsetRanges();
            return new JavaRDD<>(new KafkaRangeRDD(batch.context(), ranges, KafkaSecrets.resolve(key, masked)), TAG);
        };
    }

    @SuppressWarnings("unchecked")
    private static Seq<Dependency<?>> noDependencies() {
        return (Seq<Dependency<?>>) (Seq<?>) CollectionConverters.asScala(List.<Dependency<?>>of()).toList();
    }

    /** The consumer settings of this batch's readers. */
    Map<String, Object> consumerParams() {
        return new LinkedHashMap<>(consumerParams);
    }

    @Override
    public OffsetRange[] offsetRanges() {
        return ranges.clone();
    }

    @Override
    public Partition[] getPartitions() {
        Partition[] partitions = new Partition[ranges.length];
        for (int i = 0; i < ranges.length; i++) {
            partitions[i] = new RangePartition(i, ranges[i]);
        }
        return partitions;
    }

    /**
     * The same executor for the same Kafka partition in every batch (as Spark's {@code KafkaRDD} does with
     * {@code PreferConsistent}), so that the executor's pooled consumer for it is reused; none in local mode.
     */
    @Override
    public Seq<String> getPreferredLocations(Partition split) {
        List<String> executors = executors();
        if (executors.isEmpty()) {
            return CollectionConverters.asScala(List.<String>of()).toList();
        }
        int index = Math.floorMod(((RangePartition) split).range.topicPartition().hashCode(), executors.size());
        return CollectionConverters.asScala(List.of(executors.get(index))).toList();
    }

    /** Every executor but the driver, as task locations ({@code executor_<host>_<id>}), in a stable order. */
    private List<String> executors() {
        org.apache.spark.storage.BlockManager blockManager = sparkContext().env().blockManager();
        List<String> out = new java.util.ArrayList<>();
        for (org.apache.spark.storage.BlockManagerId id : CollectionConverters.asJava(
                blockManager.master().getPeers(blockManager.blockManagerId()))) {
            out.add("executor_" + id.host() + "_" + id.executorId());
        }
        java.util.Collections.sort(out);
        return out;
    }

    @Override
    public scala.collection.Iterator<SourceEvent> compute(Partition split, TaskContext context) {
        OffsetRange range = ((RangePartition) split).range;
        if (range.fromOffset() >= range.untilOffset()) {
            return CollectionConverters.asScala(java.util.Collections.<SourceEvent>emptyIterator());
        }
        KafkaConsumerPool.Key key = new KafkaConsumerPool.Key(consumerParams, range.topicPartition());
        KafkaRangeReader reader = new KafkaRangeReader(KafkaConsumerPool.take(key), range.topicPartition(),
                range.fromOffset(), range.untilOffset(), stallTimeout());
        context.addTaskCompletionListener(new ReleaseOnCompletion(key, reader));
        Iterator<SourceEvent> events = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return reader.hasNext();
            }

            @Override
            public SourceEvent next() {
                return KafkaSourceStream.toEvent(reader.next());
            }
        };
        return CollectionConverters.asScala(events);
    }

    /** {@code spark.streaming.kafka.consumer.poll.ms}, else {@code spark.network.timeout}, as Spark's reader. */
    static Duration stallTimeout() {
        SparkEnv env = SparkEnv.get();
        SparkConf conf = env == null ? new SparkConf() : env.conf();
        long networkMs = conf.getTimeAsSeconds("spark.network.timeout", "120s") * 1000;
        return Duration.ofMillis(conf.getLong("spark.streaming.kafka.consumer.poll.ms", networkMs));
    }

    /** One offset range, one partition of the RDD. */
    private static final class RangePartition implements Partition {
        private final int index;
        private final OffsetRange range;

        RangePartition(int index, OffsetRange range) {
            this.index = index;
            this.range = range;
        }

        @Override
        public int index() {
            return index;
        }

        @Override
        public int hashCode() {
            return index;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof RangePartition p && p.index == index && p.range.equals(range);
        }
    }

    /**
     * When the task ends: gives the reader's consumer back to the pool if the range was read to its end, else
     * closes it (a failed read, or a task that stopped early).
     */
    private record ReleaseOnCompletion(KafkaConsumerPool.Key key, KafkaRangeReader reader)
            implements org.apache.spark.util.TaskCompletionListener {
        @Override
        public void onTaskCompletion(TaskContext context) {
            if (reader.isDone()) {
                KafkaConsumerPool.giveBack(key, reader.consumer());
            } else {
                reader.close();
            }
        }
    }
}
