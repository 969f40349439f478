package dev.eos.spi;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link SinkWriter} is writing: one partition of one batch, in one attempt.
 *
 * <p>Every replay of the same partition of the same batch has the same {@code batchTime}, {@code partition} and
 * {@code offsetRanges}; only {@code attempt} differs. Names derived from the first three are therefore stable
 * across replays; never derive a stored name from {@code attempt}, except for temporary objects.
 *
 * @param batchTime the batch's time, as Spark Streaming assigns it
 * @param partition the partition index within the batch
 * @param attempt 0 for the first attempt, higher for retries, replays and speculative attempts; two attempts
 *     running at once may even share a number, so it is no lock
 * @param offsetRanges the source ranges this partition covers; empty when the source does not say
 */
public record WriteContext(Instant batchTime, int partition, int attempt, List<OffsetRange> offsetRanges)
        implements Serializable {

    public WriteContext {
        Objects.requireNonNull(batchTime, "batchTime");
        offsetRanges = List.copyOf(offsetRanges);
    }
}
