package dev.eos.runtime;

import java.io.Serializable;
import java.util.List;

/**
 * What happened to the records of one batch, every partition added up: what {@link ExactlyOnce#writeBatch} returns
 * and the progress line reports.
 *
 * @param records records read
 * @param written records newly stored
 * @param duplicates records found already stored
 * @param deadLettered records sent to the dead-letter sink
 */
public record BatchOutcome(long records, long written, long duplicates, long deadLettered) implements Serializable {

    public static final BatchOutcome EMPTY = new BatchOutcome(0, 0, 0, 0);

    /** The sum of the partitions' counts. */
    static BatchOutcome of(List<PartitionCounts> partitions) {
        long records = 0;
        long written = 0;
        long duplicates = 0;
        long deadLettered = 0;
        for (PartitionCounts p : partitions) {
            records += p.records();
            written += p.written();
            duplicates += p.duplicates();
            deadLettered += p.deadLettered();
        }
        return new BatchOutcome(records, written, duplicates, deadLettered);
    }
}
