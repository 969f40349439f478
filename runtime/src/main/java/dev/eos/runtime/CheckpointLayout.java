package dev.eos.runtime;

import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * How each engine lays out {@code eos.checkpoint.dir}, the one place that knows it: the job (which refuses to take over
 * the other engine's checkpoint, and restarts a query on its own) and the crash loop (which feeds events once a
 * checkpoint exists) read a checkpoint through it.
 * <ul>
 *   <li>{@link #DSTREAM}: Spark Streaming's {@code checkpoint-<batch time>} files;
 *   <li>{@link #STRUCTURED}: the query's {@code metadata} file, written when it first starts, and its {@code offsets/}
 *       and {@code commits/} logs, whose entries Spark writes as hidden {@code .<batch>.<uuid>.tmp} files and renames
 *       into place.
 * </ul>
 */
public enum CheckpointLayout {
    DSTREAM,
    STRUCTURED;

    private static final String DSTREAM_FILE_PREFIX = "checkpoint-";
    private static final String QUERY_METADATA = "metadata";
    /** The logs of a structured query whose entries are written through a temporary file. */
    static final List<String> QUERY_LOGS = List.of("offsets", "commits");

    /**
     * The layout of a checkpoint directory that holds these names (its entries, without their path), or empty when no
     * engine has written a checkpoint there yet.
     */
    public static Optional<CheckpointLayout> of(Collection<String> names) {
        if (names.stream().anyMatch(name -> name.startsWith(DSTREAM_FILE_PREFIX))) {
            return Optional.of(DSTREAM);
        }
        return names.contains(QUERY_METADATA) ? Optional.of(STRUCTURED) : Optional.empty();
    }

    /** The layout of {@code dir}, listed once; empty when it does not exist or holds no checkpoint yet. */
    static Optional<CheckpointLayout> read(FileSystem fs, Path dir) throws IOException {
        if (!fs.exists(dir)) {
            return Optional.empty();
        }
        return of(Arrays.stream(fs.listStatus(dir)).map(f -> f.getPath().getName()).toList());
    }

    /** Whether an entry of a query's log is an unfinished write: Spark's temporary file, or its checksum. */
    static boolean unfinishedLogWrite(FileStatus entry) {
        String name = entry.getPath().getName();
        return name.startsWith(".") && (name.endsWith(".tmp") || name.endsWith(".tmp.crc"));
    }
}
