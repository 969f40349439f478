package dev.eos.runtime;

import java.io.Serializable;

/**
 * What happened to the records of one partition (or, added up, of one batch).
 *
 * @param records records read
 * @param written records newly stored
 * @param duplicates records found already stored
 * @param deadLettered records sent to the dead-letter sink
 */
public record PartitionResult(long records, long written, long duplicates, long deadLettered) implements Serializable {

    public static final PartitionResult EMPTY = new PartitionResult(0, 0, 0, 0);

    public PartitionResult plus(PartitionResult other) {
        return new PartitionResult(records + other.records, written + other.written,
                duplicates + other.duplicates, deadLettered + other.deadLettered);
    }
}
