package dev.eos.runtime.source.kafka;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.spark.streaming.kafka010.ConsumerStrategies;
import org.apache.spark.streaming.kafka010.ConsumerStrategy;

/**
 * The direct stream's consumer strategy, written to the checkpoint with the stream: it holds the consumer settings
 * {@linkplain KafkaSecrets#masked masked} and the key of the real ones, and builds Spark's {@code Assign} or
 * {@code Subscribe} from the {@linkplain KafkaSecrets#resolve resolved} settings when the driver's consumer is
 * started. {@link #executorKafkaParams()} stays masked: the direct stream keeps it in a checkpointed field and
 * uses it only for its own {@code KafkaRDD}, which is never computed ({@link KafkaRangeRDD} reads the batches).
 */
final class MaskedConsumerStrategy extends ConsumerStrategy<byte[], byte[]> implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String key;
    private final LinkedHashMap<String, Object> maskedParams;
    private final ArrayList<TopicPartition> partitions;
    private final ArrayList<String> topics;

    private MaskedConsumerStrategy(String key, Map<String, Object> params, List<TopicPartition> partitions,
            List<String> topics) {
        this.key = key;
        this.maskedParams = new LinkedHashMap<>(KafkaSecrets.masked(params));
        this.partitions = partitions == null ? null : new ArrayList<>(partitions);
        this.topics = topics == null ? null : new ArrayList<>(topics);
    }

    static MaskedConsumerStrategy assign(String key, List<TopicPartition> partitions, Map<String, Object> params) {
        return new MaskedConsumerStrategy(key, params, partitions, null);
    }

    static MaskedConsumerStrategy subscribe(String key, List<String> topics, Map<String, Object> params) {
        return new MaskedConsumerStrategy(key, params, null, topics);
    }

    @Override
    public Map<String, Object> executorKafkaParams() {
        return new LinkedHashMap<>(maskedParams);
    }

    @Override
    public Consumer<byte[], byte[]> onStart(Map<TopicPartition, Long> currentOffsets) {
        return delegate().onStart(currentOffsets);
    }

    /** The settings the driver's consumer uses: the masked ones with this JVM's secrets. */
    Map<String, Object> resolvedParams() {
        return KafkaSecrets.resolve(key, maskedParams);
    }

    private ConsumerStrategy<byte[], byte[]> delegate() {
        Map<String, Object> params = resolvedParams();
        return partitions != null ? ConsumerStrategies.Assign(partitions, params)
                : ConsumerStrategies.Subscribe(topics, params);
    }
}
