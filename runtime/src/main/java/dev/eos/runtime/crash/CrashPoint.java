package dev.eos.runtime.crash;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The named places in the job where a test can make the process die as a SIGKILL would ({@link CrashPoints}), each on
 * both engines ({@code eos.engine}): the DStream engine's place first, then the one that means the same for a
 * Structured Streaming micro-batch query. Each has a kebab-case name, the one a test writes in {@code eos.test.crash};
 * docs/operations.md#crash-testing describes them. On the structured engine a point's batch is the epoch (batch id).
 */
public enum CrashPoint {

    /**
     * Driver: a batch was generated and its job started; no partition of it has been written. Structured: the
     * epoch's offsets are logged ({@code offsets/<epoch>}) and its write begins (the writer factory is made); no
     * partition of it has been written.
     */
    BATCH_GENERATED(Side.DRIVER),
    /**
     * Driver: the first partition's task result (its commit) arrived while at least one other partition's has not; the
     * driver halts in the handler Spark calls for each task result as it arrives. Structured: the same moment, in the
     * merge Spark makes on the driver of each successful task's accumulator update, as its result arrives.
     */
    PARTITIONS_PARTLY_COMMITTED(Side.DRIVER),
    /**
     * Driver: every partition of the batch committed; the source's offsets are not committed yet. Structured: the
     * epoch's {@code StreamingWrite.commit} was called; the epoch's entry in the query's commit log
     * ({@code commits/<epoch>}) is not written.
     */
    BEFORE_OFFSET_COMMIT(Side.DRIVER),
    /**
     * Driver: the source's offsets are committed; the checkpoint Spark writes when the batch completes is not.
     * Structured: the epoch's commit-log entry is in place (its offsets committed); nothing of the next epoch is in the
     * checkpoint (through {@link CrashPointCheckpointFileManager}).
     */
    BEFORE_CHECKPOINT(Side.DRIVER),
    /**
     * Driver: inside Spark's checkpoint write, after the new checkpoint's bytes are in its temporary file and before
     * that file is renamed to {@code checkpoint-<time>} (through {@link CrashPointFileSystem}). Structured: inside the
     * write of the epoch's commit-log entry, its bytes in the temporary file, before the rename to
     * {@code commits/<epoch>} (through {@link CrashPointCheckpointFileManager}).
     */
    CHECKPOINT_WRITE(Side.DRIVER),
    /**
     * Driver: the streaming context was recovered from the checkpoint; the first batch has not run. Structured: the
     * query was restarted on an existing checkpoint (Spark announced it started); its first epoch has not run.
     */
    RECOVERY(Side.DRIVER),
    /** Executor: every record of the partition was written to the writer; {@code commit()} was not called. */
    BEFORE_COMMIT(Side.EXECUTOR),
    /** Executor: the writer's {@code commit()} returned; the task has not reported its result. */
    AFTER_COMMIT(Side.EXECUTOR);

    /** Where the point is reached. */
    public enum Side { DRIVER, EXECUTOR }

    private final Side side;

    CrashPoint(Side side) {
        this.side = side;
    }

    /** The process the point is reached in. */
    public Side side() {
        return side;
    }

    /** The name a test arms it with, e.g. {@code before-offset-commit}. */
    public String pointName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * @throws IllegalArgumentException naming every point when {@code name} is none of them
     */
    public static CrashPoint named(String name) {
        for (CrashPoint p : values()) {
            if (p.pointName().equals(name.trim())) {
                return p;
            }
        }
        throw new IllegalArgumentException("Unknown crash point \"" + name.trim() + "\"; the points are: " + names());
    }

    /** Every point's name, comma-separated, in declaration order. */
    public static String names() {
        return Arrays.stream(values()).map(CrashPoint::pointName).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return pointName();
    }
}
