package dev.eos.runtime;

import java.io.Serializable;

/**
 * What happened to the records of one partition of a batch, sent from the executor that wrote it to the driver; the
 * sink's {@code WriteResult} of the committed attempt plus what the runtime itself did (records read, bad records
 * dead-lettered).
 *
 * @param records records read
 * @param written records newly stored
 * @param duplicates records found already stored
 * @param deadLettered records sent to the dead-letter sink
 */
record PartitionCounts(long records, long written, long duplicates, long deadLettered) implements Serializable {
}
