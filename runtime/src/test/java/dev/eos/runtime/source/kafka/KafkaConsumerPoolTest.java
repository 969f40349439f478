package dev.eos.runtime.source.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

class KafkaConsumerPoolTest {

    private static final Map<String, Object> PARAMS = Map.of(
            "bootstrap.servers", "127.0.0.1:1",
            "key.deserializer", ByteArrayDeserializer.class.getName(),
            "value.deserializer", ByteArrayDeserializer.class.getName(),
            "client.id", "pool-test");

    @Test
    void aConsumerGivenBackIsTakenAgainForTheSamePartitionAndSettingsOnly() {
        KafkaConsumerPool.Key key = new KafkaConsumerPool.Key(PARAMS, new TopicPartition("pool", 0));
        KafkaConsumerPool.Key otherPartition = new KafkaConsumerPool.Key(PARAMS, new TopicPartition("pool", 1));

        Consumer<byte[], byte[]> first = KafkaConsumerPool.take(key);
        KafkaConsumerPool.giveBack(key, first);
        Consumer<byte[], byte[]> forOther = KafkaConsumerPool.take(otherPartition);
        Consumer<byte[], byte[]> again = KafkaConsumerPool.take(key);

        assertThat(forOther).isNotSameAs(first);
        assertThat(again).isSameAs(first);
        KafkaConsumerPool.close(forOther);
        KafkaConsumerPool.close(again);
    }

    @Test
    void atMostTwoIdleConsumersAreKeptPerPartition() {
        KafkaConsumerPool.Key key = new KafkaConsumerPool.Key(PARAMS, new TopicPartition("pool-max", 0));
        int before = KafkaConsumerPool.idle();
        Consumer<byte[], byte[]> a = KafkaConsumerPool.take(key);
        Consumer<byte[], byte[]> b = KafkaConsumerPool.take(key);
        Consumer<byte[], byte[]> c = KafkaConsumerPool.take(key);

        KafkaConsumerPool.giveBack(key, a);
        KafkaConsumerPool.giveBack(key, b);
        KafkaConsumerPool.giveBack(key, c);

        assertThat(KafkaConsumerPool.idle() - before).isEqualTo(KafkaConsumerPool.MAX_IDLE_PER_PARTITION);
        KafkaConsumerPool.close(KafkaConsumerPool.take(key));
        KafkaConsumerPool.close(KafkaConsumerPool.take(key));
    }
}
