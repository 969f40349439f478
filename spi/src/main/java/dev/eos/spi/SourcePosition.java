package dev.eos.spi;

import java.io.Serializable;
import java.util.Objects;

/**
 * Where a record came from in a replayable source: a Kafka topic, partition and offset, or a file and a line
 * (partition 0, offset = line number starting at 1). Replaying the source yields the same record at the same
 * position, which is what makes the position a valid idempotency key.
 *
 * @param source the topic, or the file's URI
 * @param partition the source partition; 0 for sources without partitions
 * @param offset the offset in the partition, or the line number
 */
public record SourcePosition(String source, int partition, long offset) implements Serializable {

    public SourcePosition {
        Objects.requireNonNull(source, "source");
    }

    /** {@code source/partition/offset}, the form used in default keys and path templates. */
    @Override
    public String toString() {
        return source + "/" + partition + "/" + offset;
    }
}
