package dev.eos.runtime;

import dev.eos.runtime.crash.CrashPoint;
import dev.eos.runtime.crash.CrashPoints;
import dev.eos.spi.OffsetRange;
import dev.eos.spi.WriteContext;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.streaming.Time;

import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Writes one batch: every partition on the executors ({@link RetryingPartitionWrite}), then, on the driver, the progress
 * line and the metrics. Returns only when every partition committed; a partition that fails fails the batch.
 */
final class BatchRunner {

    private BatchRunner() {
    }

    /** Turns a partition's elements into records (or errors), on the executor. */
    interface Preparer<T> extends Serializable {
        Iterator<RecordOrError> prepare(Iterator<T> elements);
    }

    static <T> BatchOutcome run(JavaRDD<T> batch, Time time, List<List<OffsetRange>> offsetRanges,
                                Preparer<T> preparer, SinkBinding sinks) {
        long start = System.nanoTime();
        Instant batchTime = Instant.ofEpochMilli(time.milliseconds());
        List<List<OffsetRange>> ranges = new ArrayList<>();
        offsetRanges.forEach(r -> ranges.add(new ArrayList<>(r)));
        if (batch.getNumPartitions() == 0) {
            Progress.report(time.milliseconds(), BatchOutcome.EMPTY, (System.nanoTime() - start) / 1_000_000);
            return BatchOutcome.EMPTY;
        }
        CrashPoints.reach(CrashPoint.BATCH_GENERATED, time.milliseconds());
        JavaRDD<PartitionCounts> written = batch.mapPartitionsWithIndex((partition, elements) -> {
            TaskContext task = TaskContext.get();
            int attempt = task == null ? 0 : task.attemptNumber();
            List<OffsetRange> own = partition < ranges.size() ? ranges.get(partition) : List.of();
            WriteContext context = new WriteContext(batchTime, partition, attempt, own);
            return List.of(RetryingPartitionWrite.run(sinks, context, preparer.prepare(elements))).iterator();
        }, true);
        BatchOutcome total = BatchOutcome.of(collect(written, time.milliseconds()));
        Progress.report(time.milliseconds(), total, (System.nanoTime() - start) / 1_000_000);
        return total;
    }

    /**
     * The partitions' counts, as {@code collect()} gathers them, each stored as its task's result arrives on the driver
     * (where the {@link CrashPoint#PARTITIONS_PARTLY_COMMITTED} point is: one partition committed, not all).
     */
    private static List<PartitionCounts> collect(JavaRDD<PartitionCounts> written, long batchTime) {
        int n = written.getNumPartitions();
        PartitionCounts[] results = new PartitionCounts[n];
        AtomicInteger arrived = new AtomicInteger();
        scala.Function1<scala.collection.Iterator<PartitionCounts>, PartitionCounts> single =
                (scala.Function1<scala.collection.Iterator<PartitionCounts>, PartitionCounts> & Serializable)
                        scala.collection.Iterator::next;
        written.context().runJob(written.rdd(), single, (index, counts) -> {
            results[(Integer) index] = counts;
            if (arrived.incrementAndGet() < n && counts.records() > 0) {
                CrashPoints.reach(CrashPoint.PARTITIONS_PARTLY_COMMITTED, batchTime);
            }
            return scala.runtime.BoxedUnit.UNIT;
        }, scala.reflect.ClassTag$.MODULE$.apply(PartitionCounts.class));
        return Arrays.asList(results);
    }

    /** A preparer that maps each element with a serializable function. */
    static <T> Preparer<T> mapping(Function<T, RecordOrError> f) {
        return elements -> new Iterator<>() {
            @Override
            public boolean hasNext() {
                return elements.hasNext();
            }

            @Override
            public RecordOrError next() {
                try {
                    return f.call(elements.next());
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        };
    }
}
