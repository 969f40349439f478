package dev.eos.runtime.crash;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The named places in the job where a test can make the process die as a SIGKILL would ({@link CrashPoints}). Each
 * has a kebab-case name, the one a test writes in {@code eos.test.crash}; docs/operations.md#crash-testing describes
 * them.
 */
public enum CrashPoint {

    /** Driver: a batch was generated and its job started; no partition of it has been written. */
    BATCH_GENERATED(Side.DRIVER),
    /**
     * Driver: the first partition's task result (its commit) arrived while at least one other partition's has not; the
     * driver halts in the handler Spark calls for each task result as it arrives.
     */
    PARTITIONS_PARTLY_COMMITTED(Side.DRIVER),
    /** Driver: every partition of the batch committed; the source's offsets are not committed yet. */
    BEFORE_OFFSET_COMMIT(Side.DRIVER),
    /** Driver: the source's offsets are committed; the checkpoint Spark writes when the batch completes is not. */
    BEFORE_CHECKPOINT(Side.DRIVER),
    /**
     * Driver: inside Spark's checkpoint write, after the new checkpoint's bytes are in its temporary file and before
     * that file is renamed to {@code checkpoint-<time>} (through {@link CrashPointFileSystem}).
     */
    CHECKPOINT_WRITE(Side.DRIVER),
    /** Driver: the streaming context was recovered from the checkpoint; the first batch has not run. */
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

    /**
     * The points a job on the given engine ({@code eos.engine}) reaches: all of them on {@code dstream}; on
     * {@code structured}, the executor's, around the writer's commit (its driver side is Spark's own micro-batch
     * loop, where the driver points are not placed yet).
     */
    public static List<CrashPoint> reachedOn(String engine) {
        if ("structured".equals(engine)) {
            return Arrays.stream(values()).filter(p -> p.side == Side.EXECUTOR).toList();
        }
        return List.of(values());
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
