package dev.eos.runtime.source.kafka;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.TreeMap;

import dev.eos.spi.ConfigSpec;
import dev.eos.spi.Secret;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * What the Kafka direct stream needs, validated: where to connect, what to read (topics or explicit partitions),
 * the consumer group whose committed offsets are a starting point and receive the commits, where to start without
 * either, the rate limits, and the remaining consumer settings. Built by {@link KafkaSourceOptions} (source
 * {@code kafka}) or {@link EventHubsSourceOptions} (source {@code eventhubs}).
 *
 * <p>{@link #toString()} hides the values of credential-looking settings; {@link #kafkaParams()} holds them in
 * clear for the consumer and must never be logged.
 */
public final class KafkaSettings implements Serializable {

    /** Where to start when neither the checkpoint nor the consumer group has a position. */
    public enum StartingOffsets {
        /** The oldest record still in the partition: nothing already in the topic is missed. */
        EARLIEST,
        /** Only records written after the job first started. */
        LATEST
    }

    /**
     * Which records of a transactional topic are read: committed ones only (Kafka's {@code read_committed}), or
     * every record written, aborted transactions included ({@code read_uncommitted}). A topic written without
     * transactions reads the same either way.
     */
    public enum IsolationLevel {
        /** Records of committed transactions and plain records; a batch ends at the last stable offset. */
        READ_COMMITTED,
        /** Every record written, aborted transactions included; a batch ends at the high watermark. */
        READ_UNCOMMITTED;

        /** The value of Kafka's {@code isolation.level}. */
        public String kafkaName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** One partition of one topic. */
    public record Partition(String topic, int partition) implements Serializable {
        public Partition {
            Objects.requireNonNull(topic, "topic");
        }

        @Override
        public String toString() {
            return topic + ":" + partition;
        }
    }

    private final String bootstrapServers;
    private final String groupId;
    private final List<String> topics;
    private final List<Partition> partitions;
    private final StartingOffsets startingOffsets;
    private final long maxRatePerPartition;
    private final boolean backpressure;
    private final IsolationLevel isolationLevel;
    private final Map<String, String> consumerProperties;

    KafkaSettings(String bootstrapServers, String groupId, List<String> topics, List<Partition> partitions,
                  StartingOffsets startingOffsets, long maxRatePerPartition, boolean backpressure,
                  IsolationLevel isolationLevel, Map<String, String> consumerProperties) {
        if (topics.isEmpty() == partitions.isEmpty()) {
            throw new IllegalArgumentException("either topics or partitions, not both nor neither");
        }
        this.bootstrapServers = Objects.requireNonNull(bootstrapServers);
        this.groupId = Objects.requireNonNull(groupId);
        this.topics = List.copyOf(topics);
        this.partitions = List.copyOf(partitions);
        this.startingOffsets = Objects.requireNonNull(startingOffsets);
        this.maxRatePerPartition = maxRatePerPartition;
        this.backpressure = backpressure;
        this.isolationLevel = Objects.requireNonNull(isolationLevel);
        this.consumerProperties = Map.copyOf(consumerProperties);
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public String groupId() {
        return groupId;
    }

    /** The topics to subscribe to; empty when {@link #partitions()} are assigned instead. */
    public List<String> topics() {
        return topics;
    }

    /** The partitions to assign; empty when {@link #topics()} are subscribed to instead. */
    public List<Partition> partitions() {
        return partitions;
    }

    public boolean isAssign() {
        return !partitions.isEmpty();
    }

    public StartingOffsets startingOffsets() {
        return startingOffsets;
    }

    /** Records per second per partition at most; 0 for no limit. */
    public long maxRatePerPartition() {
        return maxRatePerPartition;
    }

    public boolean backpressure() {
        return backpressure;
    }

    public IsolationLevel isolationLevel() {
        return isolationLevel;
    }

    /** The consumer settings given besides EOS's own options (security, timeouts, fetch sizes...), in clear. */
    public Map<String, String> consumerProperties() {
        return consumerProperties;
    }

    /**
     * The parameters of the Kafka consumers of the direct stream, credentials in clear: never log them. Keys and
     * values are read as bytes; auto-commit is off (EOS commits after the output); the isolation level is
     * {@link #isolationLevel()} (so the driver's end offsets are the last stable offsets under read_committed).
     */
    public Map<String, Object> kafkaParams() {
        Map<String, Object> params = new LinkedHashMap<>(consumerProperties);
        params.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        params.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        params.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        params.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        params.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        params.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, startingOffsets.name().toLowerCase(java.util.Locale.ROOT));
        params.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolationLevel.kafkaName());
        return params;
    }

    /**
     * The parameters of the consumers that read a batch's offset ranges on the executors, credentials in clear:
     * {@link #kafkaParams()} without offset reset (a range is read from its start or fails) in a group of their
     * own that never commits ({@code spark-executor-<group>}, as Spark names it).
     */
    public Map<String, Object> executorKafkaParams() {
        Map<String, Object> params = new LinkedHashMap<>(kafkaParams());
        params.put(ConsumerConfig.GROUP_ID_CONFIG, "spark-executor-" + groupId);
        params.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        return params;
    }

    /** The Spark settings for the rate limits: only those that differ from Spark's defaults. */
    public Map<String, String> sparkConf() {
        Map<String, String> conf = new LinkedHashMap<>();
        if (maxRatePerPartition > 0) {
            conf.put("spark.streaming.kafka.maxRatePerPartition", String.valueOf(maxRatePerPartition));
        }
        if (backpressure) {
            conf.put("spark.streaming.backpressure.enabled", "true");
        }
        return conf;
    }

    /**
     * {@code max-rate-per-partition} as Spark's Kafka source for Structured Streaming takes a rate: that source bounds
     * the records of a micro-batch in total ({@code maxOffsetsPerTrigger}), so the bound is the rate times the batch
     * interval times the partitions read (at least 1). Empty without a rate.
     */
    public java.util.OptionalLong maxOffsetsPerTrigger(java.time.Duration batchInterval, int partitionCount) {
        if (maxRatePerPartition <= 0) {
            return java.util.OptionalLong.empty();
        }
        long total;
        try {
            total = Math.multiplyExact(Math.multiplyExact(maxRatePerPartition, batchInterval.toMillis()),
                    (long) Math.max(1, partitionCount)) / 1000;
        } catch (ArithmeticException e) {
            total = Long.MAX_VALUE;
        }
        return java.util.OptionalLong.of(Math.max(1, total));
    }

    /** The settings with credential-looking values shown as {@value Secret#HIDDEN}. */
    @Override
    public String toString() {
        StringJoiner out = new StringJoiner(", ", "KafkaSettings{", "}");
        out.add("bootstrap.servers=" + bootstrapServers);
        out.add("group.id=" + groupId);
        out.add(isAssign() ? "assign=" + partitions : "subscribe=" + topics);
        out.add("starting-offsets=" + startingOffsets.name().toLowerCase(java.util.Locale.ROOT));
        if (maxRatePerPartition > 0) {
            out.add("max-rate-per-partition=" + maxRatePerPartition);
        }
        out.add("backpressure=" + backpressure);
        out.add("isolation-level=" + isolationLevel.kafkaName());
        new TreeMap<>(consumerProperties).forEach((k, v) ->
                out.add(k + "=" + (ConfigSpec.looksSecret(k) ? Secret.HIDDEN : v)));
        return out.toString();
    }
}
