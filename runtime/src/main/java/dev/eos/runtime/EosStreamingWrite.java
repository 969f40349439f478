package dev.eos.runtime;

import dev.eos.runtime.crash.CrashPoint;
import dev.eos.runtime.crash.CrashPoints;
import dev.eos.spi.WriteContext;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.catalog.SupportsWrite;
import org.apache.spark.sql.connector.catalog.TableCapability;
import org.apache.spark.sql.connector.write.DataWriter;
import org.apache.spark.sql.connector.write.LogicalWriteInfo;
import org.apache.spark.sql.connector.write.PhysicalWriteInfo;
import org.apache.spark.sql.connector.write.Write;
import org.apache.spark.sql.connector.write.WriteBuilder;
import org.apache.spark.sql.connector.write.WriterCommitMessage;
import org.apache.spark.sql.connector.write.streaming.StreamingDataWriterFactory;
import org.apache.spark.sql.connector.write.streaming.StreamingWrite;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The DataSource V2 streaming write behind {@code format("eos")} ({@link EosDataSource}): the table, its write, the
 * writer factory shipped to the executors and the per-partition writer.
 *
 * <p>The epoch (Structured Streaming's batch id) is the batch: a partition's {@link WriteContext} has the epoch as its
 * batch time in milliseconds since 1970 ({@code Instant.ofEpochMilli(epoch)}), the partition id, and the task's
 * attempt number; no offset ranges. The same epoch is replayed with the same id, so everything a sink derives from
 * the context is the same on a replay.
 */
final class EosStreamingWrite implements StreamingWrite {

    private static final Logger LOG = LoggerFactory.getLogger(EosStreamingWrite.class);

    private final SinkBinding sinks;
    private final RowRecords rows;
    /** When the latest epoch's writer factory was made: the start of its write, for the progress line. */
    private volatile long lastFactory = System.nanoTime();

    EosStreamingWrite(SinkBinding sinks, RowRecords rows) {
        this.sinks = sinks;
        this.rows = rows;
    }

    @Override
    public StreamingDataWriterFactory createStreamingWriterFactory(PhysicalWriteInfo info) {
        lastFactory = System.nanoTime();
        long epoch = CommittedPartitions.currentEpoch();
        CrashPoints.reach(CrashPoint.BATCH_GENERATED, epoch);
        return new Factory(sinks, rows,
                CrashPoints.armed() ? CommittedPartitions.register(epoch, info.numPartitions()) : null);
    }

    @Override
    public void commit(long epochId, WriterCommitMessage[] messages) {
        List<PartitionCounts> partitions = new ArrayList<>();
        for (WriterCommitMessage m : messages) {
            if (m instanceof Committed c) {
                partitions.add(c.counts());
            }
        }
        long millis = (System.nanoTime() - lastFactory) / 1_000_000;
        BatchOutcome outcome = BatchOutcome.of(partitions);
        Progress.report(epochId, outcome, millis);
        if (outcome.records() > 0) {
            CrashPoints.reach(CrashPoint.BEFORE_OFFSET_COMMIT, epochId);
        }
    }

    @Override
    public void abort(long epochId, WriterCommitMessage[] messages) {
        LOG.warn("Epoch {} was aborted: it is written again when the query runs it again (same epoch, same keys)",
                epochId);
    }

    /** {@code format("eos")} as a Spark table: streaming writes only. */
    static final class SinkTable implements SupportsWrite {
        private final StructType schema;
        private final SinkBinding sinks;
        private final RowRecords rows;

        SinkTable(StructType schema, SinkBinding sinks, RowRecords rows) {
            this.schema = schema;
            this.sinks = sinks;
            this.rows = rows;
        }

        @Override
        public String name() {
            return "eos(" + sinks.settings().sink() + ")";
        }

        @Override
        public StructType schema() {
            return schema;
        }

        @Override
        public Set<TableCapability> capabilities() {
            return EnumSet.of(TableCapability.STREAMING_WRITE);
        }

        @Override
        public WriteBuilder newWriteBuilder(LogicalWriteInfo info) {
            return new WriteBuilder() {
                @Override
                public Write build() {
                    return new Write() {
                        @Override
                        public String description() {
                            return name();
                        }

                        @Override
                        public StreamingWrite toStreaming() {
                            return new EosStreamingWrite(sinks, rows);
                        }
                    };
                }
            };
        }
    }

    /**
     * Shipped to the executors: the sink settings, the row mapping and, when crash points are armed, the epoch's count
     * of committed partitions.
     */
    private record Factory(SinkBinding sinks, RowRecords rows, CommittedPartitions committed)
            implements StreamingDataWriterFactory {
        @Override
        public DataWriter<InternalRow> createWriter(int partitionId, long taskId, long epochId) {
            TaskContext task = TaskContext.get();
            int attempt = task == null ? 0 : task.attemptNumber();
            WriteContext context = new WriteContext(Instant.ofEpochMilli(epochId), partitionId, attempt, List.of());
            return new PartitionWriter(RetryingPartitionWrite.open(sinks, context), rows, committed);
        }
    }

    /** One partition of one epoch, on an executor: each row through the retry and dead-letter loop. */
    private static final class PartitionWriter implements DataWriter<InternalRow> {
        private final RetryingPartitionWrite write;
        private final RowRecords rows;
        private final CommittedPartitions committed;

        PartitionWriter(RetryingPartitionWrite write, RowRecords rows, CommittedPartitions committed) {
            this.write = write;
            this.rows = rows;
            this.committed = committed;
        }

        @Override
        public void write(InternalRow row) {
            write.write(rows.map(row));
        }

        @Override
        public WriterCommitMessage commit() {
            PartitionCounts counts = write.commit();
            if (committed != null) {
                committed.committed(counts.records());
            }
            return new Committed(counts);
        }

        @Override
        public void abort() {
            write.close();
        }

        @Override
        public void close() {
            write.close();
        }
    }

    /** A partition's counts, sent to the driver with its commit. */
    private record Committed(PartitionCounts counts) implements WriterCommitMessage {
    }
}
