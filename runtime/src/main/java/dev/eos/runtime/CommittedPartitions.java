package dev.eos.runtime;

import dev.eos.runtime.crash.CrashPoint;
import dev.eos.runtime.crash.CrashPoints;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.AccumulatorV2;

/**
 * The partitions of one epoch of a {@code format("eos")} write that committed, counted on the driver as each task's
 * result arrives: where the structured engine's {@link CrashPoint#PARTITIONS_PARTLY_COMMITTED} point is. Each task adds
 * its partition once its commit returned ({@link #committed}); Spark merges a successful task's copy into the
 * driver's ({@link #merge}, in its scheduler, once per partition, before the epoch's job ends and before
 * {@code StreamingWrite.commit}). A partition that committed records while another partition's result has not arrived
 * is the point. (Spark's {@code BatchWrite.onDataWriterCommit}, the callback for this, is not passed on to a
 * {@code StreamingWrite} by Spark's micro-batch write.)
 */
final class CommittedPartitions extends AccumulatorV2<Long, Long> {

    /** The Spark local property holding the epoch of the micro-batch a driver thread runs (Spark's own key). */
    static final String EPOCH_PROPERTY = "streaming.sql.batchId";

    private final long epoch;
    private final int partitions;
    /** On an executor: this partition's records. On the driver: the records of the partitions arrived so far. */
    private long records;
    /** On an executor: 1 once this partition committed. On the driver: how many partitions' results arrived. */
    private int arrived;

    private CommittedPartitions(long epoch, int partitions) {
        this.epoch = epoch;
        this.partitions = partitions;
    }

    /**
     * The epoch the calling driver thread runs (the micro-batch's batch id), or -1 when the thread runs none (no active
     * session, or not a micro-batch).
     */
    static long currentEpoch() {
        scala.Option<SparkSession> session = SparkSession.getActiveSession();
        String epoch = session.isDefined() ? session.get().sparkContext().getLocalProperty(EPOCH_PROPERTY) : null;
        try {
            return epoch == null ? -1 : Long.parseLong(epoch);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * On the driver, when an epoch's write begins: a count registered with the active Spark context, to ship with the
     * writer factory; null when no epoch or no context is known (then there is nothing to count).
     */
    static CommittedPartitions register(long epoch, int partitions) {
        scala.Option<SparkSession> session = SparkSession.getActiveSession();
        if (epoch < 0 || session.isEmpty()) {
            return null;
        }
        CommittedPartitions count = new CommittedPartitions(epoch, partitions);
        session.get().sparkContext().register(count);
        return count;
    }

    /** On an executor: this task's partition committed, with this many records. */
    void committed(long partitionRecords) {
        records += partitionRecords;
        arrived = 1;
    }

    @Override
    public boolean isZero() {
        return records == 0 && arrived == 0;
    }

    @Override
    public AccumulatorV2<Long, Long> copy() {
        CommittedPartitions copy = new CommittedPartitions(epoch, partitions);
        copy.records = records;
        copy.arrived = arrived;
        return copy;
    }

    @Override
    public void reset() {
        records = 0;
        arrived = 0;
    }

    @Override
    public void add(Long partitionRecords) {
        committed(partitionRecords);
    }

    /** On the driver, as a task's result arrives: counts its partition, and is the point while others are out. */
    @Override
    public void merge(AccumulatorV2<Long, Long> other) {
        CommittedPartitions task = (CommittedPartitions) other;
        records += task.records;
        arrived += task.arrived;
        if (task.arrived > 0 && arrived < partitions && task.records > 0) {
            CrashPoints.reach(CrashPoint.PARTITIONS_PARTLY_COMMITTED, epoch);
        }
    }

    /** The records of the partitions that committed. */
    @Override
    public Long value() {
        return records;
    }
}
