package dev.eos.spi;

import java.io.Serializable;
import java.util.Objects;

/**
 * The range of source positions one partition of one batch covers: offsets {@code from} (inclusive) to
 * {@code until} (exclusive) of one source partition. Stable across replays of the same batch, so a sink may use
 * it to name what it writes (for example one file per partition per batch).
 */
public record OffsetRange(String source, int partition, long from, long until) implements Serializable {

    public OffsetRange {
        Objects.requireNonNull(source, "source");
        if (until < from) {
            throw new IllegalArgumentException("until " + until + " < from " + from);
        }
    }

    public long count() {
        return until - from;
    }

    /** {@code source/partition/from-until}. */
    @Override
    public String toString() {
        return source + "/" + partition + "/" + from + "-" + until;
    }
}
