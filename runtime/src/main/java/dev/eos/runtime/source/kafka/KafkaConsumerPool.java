package dev.eos.runtime.source.kafka;

import java.time.Duration;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * The idle consumers of this JVM (an executor, or the driver in local mode), by their settings and partition, so
 * that each batch's task does not connect (TLS, SASL) and fetch metadata again. A task takes one, never shares it,
 * and gives it back only after reading its range to the end; a consumer that failed or was left mid-range is
 * closed instead. At most {@value #MAX_IDLE_PER_PARTITION} idle consumers per partition and settings are kept
 * (two tasks of one partition run at once only with speculation or a replay).
 */
final class KafkaConsumerPool {

    static final int MAX_IDLE_PER_PARTITION = 2;

    private static final Map<Key, Deque<Consumer<byte[], byte[]>>> IDLE = new ConcurrentHashMap<>();

    /** The consumer settings and the partition a consumer reads; its settings hold credentials in clear. */
    record Key(Map<String, Object> params, TopicPartition partition) {
        Key {
            params = new LinkedHashMap<>(params);
        }
    }

    private KafkaConsumerPool() {
    }

    /** An idle consumer for {@code key}, or a new one. */
    static Consumer<byte[], byte[]> take(Key key) {
        Deque<Consumer<byte[], byte[]>> idle = IDLE.get(key);
        Consumer<byte[], byte[]> consumer = idle == null ? null : idle.pollFirst();
        return consumer != null ? consumer : new KafkaConsumer<>(key.params());
    }

    /** Gives back a consumer whose range was read to its end; closes it when enough are idle already. */
    static void giveBack(Key key, Consumer<byte[], byte[]> consumer) {
        Deque<Consumer<byte[], byte[]>> idle = IDLE.computeIfAbsent(key, k -> new ConcurrentLinkedDeque<>());
        if (idle.size() < MAX_IDLE_PER_PARTITION) {
            idle.offerFirst(consumer);
        } else {
            close(consumer);
        }
    }

    /** Closes a consumer that is not given back. */
    static void close(Consumer<byte[], byte[]> consumer) {
        consumer.close(Duration.ofSeconds(5));
    }

    /** How many consumers are idle, for tests. */
    static int idle() {
        return IDLE.values().stream().mapToInt(Deque::size).sum();
    }
}
