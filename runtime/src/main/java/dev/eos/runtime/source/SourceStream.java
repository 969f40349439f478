package dev.eos.runtime.source;

import dev.eos.spi.OffsetRange;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.streaming.Time;
import org.apache.spark.streaming.api.java.JavaDStream;

import java.io.Serializable;
import java.util.List;

/**
 * A source's input stream in one streaming context, and what the job asks of it per batch. Serializable: the job's
 * per-batch function holds it, and that function is written to the checkpoint.
 *
 * <p>Per batch the job, on the driver: takes the batch's RDD of {@link #events()}; asks {@link #offsetRanges} for
 * each partition's source ranges (handed to the sink in its {@code WriteContext}); writes every partition; and
 * only when every partition committed calls {@link #afterBatchCommitted} (where Kafka commits its offsets).
 */
public interface SourceStream extends Serializable {

    /**
     * The events, one RDD per batch. Keep each RDD's partitions one-to-one with the source's own partitions (use
     * {@code map}, not a shuffle), so that {@link #offsetRanges} can find them; see {@link RddLineage}.
     */
    JavaDStream<SourceEvent> events();

    /**
     * The source ranges of each partition of {@code batch}, indexed by partition; an empty list (or a shorter
     * one) when the source cannot say. Called on the driver.
     */
    default List<List<OffsetRange>> offsetRanges(JavaRDD<SourceEvent> batch) {
        return List.of();
    }

    /**
     * Called on the driver after every partition of {@code batch} was written and committed; never for a batch
     * that failed. Kafka commits its consumer offsets here (asynchronously, with a serializable callback or none).
     */
    default void afterBatchCommitted(JavaRDD<SourceEvent> batch, Time time) {
    }
}
