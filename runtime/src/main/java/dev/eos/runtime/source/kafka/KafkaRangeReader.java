package dev.eos.runtime.source.kafka;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads the records of one offset range {@code [from, until)} of one partition, accepting gaps: the range is done
 * when the consumer's position reaches {@code until}, whatever the offsets in between hold (records, transaction
 * commit or abort markers, records of aborted transactions that a read_committed consumer skips, offsets
 * compacted away). A poll that returns nothing because the rest of the range holds no record is not a failure:
 * the consumer's position moves past what it skipped. Only a position that does not move for
 * {@code stallTimeout} fails the read, naming the partition, the range and the position (the broker stopped
 * answering, or the range's records were deleted by retention).
 *
 * <p>Records at or after {@code until} that a poll returns are dropped: they belong to the next batch. The reader
 * assigns the consumer it is given to the partition and seeks; it does not close it (see {@link KafkaConsumerPool}),
 * except through {@link #close()}. Not thread-safe (one task reads one range).
 */
final class KafkaRangeReader implements Iterator<ConsumerRecord<byte[], byte[]>>, AutoCloseable {

    /** How long one poll waits for data at most; the stall timeout is checked between polls. */
    static final Duration POLL_INTERVAL = Duration.ofMillis(500);

    private final Consumer<byte[], byte[]> consumer;
    private final TopicPartition partition;
    private final long from;
    private final long until;
    private final Duration stallTimeout;
    private final ArrayDeque<ConsumerRecord<byte[], byte[]>> buffered = new ArrayDeque<>();
    private long position;
    private long lastProgressNanos;
    private boolean done;

    KafkaRangeReader(Consumer<byte[], byte[]> consumer, TopicPartition partition, long from, long until,
                     Duration stallTimeout) {
        this.consumer = Objects.requireNonNull(consumer);
        this.partition = Objects.requireNonNull(partition);
        this.from = from;
        this.until = until;
        this.stallTimeout = Objects.requireNonNull(stallTimeout);
        this.position = from;
        this.done = from >= until;
        if (!done) {
            consumer.assign(List.of(partition));
            consumer.seek(partition, from);
        }
        this.lastProgressNanos = System.nanoTime();
    }

    @Override
    public boolean hasNext() {
        while (buffered.isEmpty() && !done) {
            fetch();
        }
        return !buffered.isEmpty();
    }

    @Override
    public ConsumerRecord<byte[], byte[]> next() {
        if (!hasNext()) {
            throw new NoSuchElementException(describe() + " is read to its end");
        }
        return buffered.poll();
    }

    /** Whether the range was read to its end without error: the consumer may read another range. */
    boolean isDone() {
        return done && buffered.isEmpty();
    }

    Consumer<byte[], byte[]> consumer() {
        return consumer;
    }

    /** The consumer's position after the last poll: where the next record would be read. */
    long position() {
        return position;
    }

    private void fetch() {
        if (position >= until) {
            done = true;
            return;
        }
        ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL_INTERVAL);
        for (ConsumerRecord<byte[], byte[]> record : records.records(partition)) {
            if (record.offset() >= from && record.offset() < until) {
                buffered.add(record);
            }
        }
        long now = consumer.position(partition, stallTimeout);
        if (now > position) {
            position = now;
            lastProgressNanos = System.nanoTime();
        } else if (System.nanoTime() - lastProgressNanos > stallTimeout.toNanos()) {
            throw new IllegalStateException("Reading " + describe() + " made no progress for " + stallTimeout.toMillis()
                    + " ms at offset " + position + " (spark.streaming.kafka.consumer.poll.ms): the broker does not "
                    + "answer, or the offsets were deleted (retention) before the batch was read");
        }
        if (position >= until) {
            done = true;
        }
    }

    private String describe() {
        return partition + " offsets [" + from + ", " + until + ")";
    }

    /** Closes the consumer (for a reader whose consumer is not given back to a pool). */
    @Override
    public void close() {
        KafkaConsumerPool.close(consumer);
    }
}
