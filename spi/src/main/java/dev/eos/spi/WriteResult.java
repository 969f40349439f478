package dev.eos.spi;

import java.io.Serializable;
import java.util.List;

/**
 * What {@link SinkWriter#commit()} did with the records it accepted.
 *
 * @param written records newly stored by this attempt
 * @param duplicates records whose key was already stored (left as they were, or overwritten with the same content)
 * @param rejected records found bad when buffered data was flushed, each with its reason; the host dead-letters them
 */
public record WriteResult(long written, long duplicates, List<RejectedRecord> rejected) implements Serializable {

    public static final WriteResult EMPTY = new WriteResult(0, 0, List.of());

    public WriteResult {
        if (written < 0 || duplicates < 0) {
            throw new IllegalArgumentException("negative count: written=" + written + ", duplicates=" + duplicates);
        }
        rejected = List.copyOf(rejected);
    }

    public static WriteResult of(long written, long duplicates) {
        return new WriteResult(written, duplicates, List.of());
    }

    /** written + duplicates + rejected: the records this result accounts for. */
    public long total() {
        return written + duplicates + rejected.size();
    }

    /** Sums two results, for a host adding up partitions. */
    public WriteResult plus(WriteResult other) {
        List<RejectedRecord> all = new java.util.ArrayList<>(rejected);
        all.addAll(other.rejected);
        return new WriteResult(written + other.written, duplicates + other.duplicates, all);
    }

    /** A record a writer could not store, and why. */
    public record RejectedRecord(SinkRecord record, String reason) implements Serializable {
    }
}
