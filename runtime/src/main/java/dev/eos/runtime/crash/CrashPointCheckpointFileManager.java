package dev.eos.runtime.crash;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.execution.streaming.checkpointing.FileContextBasedCheckpointFileManager;

/**
 * Spark's checkpoint file manager for Structured Streaming queries (the one it uses for {@code file:} and HDFS, on
 * Hadoop's {@code FileContext}) with the structured engine's checkpoint crash points in it. A query writes each entry
 * of its logs ({@code offsets/<epoch>}, {@code commits/<epoch>}) into a temporary file and renames it into place; for
 * an epoch's commit-log entry, {@link CrashPoint#CHECKPOINT_WRITE} is reached between the two (the entry's bytes
 * complete in the temporary file, not in place) and {@link CrashPoint#BEFORE_CHECKPOINT} right after the rename (the
 * epoch committed, nothing of the next epoch in the checkpoint).
 *
 * <p>Installed ({@code spark.sql.streaming.checkpointFileManagerClass}, set through Hadoop's default configuration,
 * where Spark's checkpoint code reads it) only when a test arms one of the two; otherwise Spark uses its own.
 */
public class CrashPointCheckpointFileManager extends FileContextBasedCheckpointFileManager {

    /** The Hadoop configuration resource that installs it. */
    static final String RESOURCE = "dev/eos/runtime/crash/crash-point-checkpoint-file-manager.xml";

    /** The constructor Spark calls: the checkpoint path and the query's Hadoop configuration. */
    public CrashPointCheckpointFileManager(Path path, Configuration conf) {
        super(path, conf);
    }

    @Override
    public void renameTempFile(Path srcPath, Path dstPath, boolean overwriteIfPossible) {
        long epoch = commitLogEntry(dstPath);
        if (epoch >= 0) {
            CrashPoints.reach(CrashPoint.CHECKPOINT_WRITE, epoch);
        }
        super.renameTempFile(srcPath, dstPath, overwriteIfPossible);
        if (epoch >= 0) {
            CrashPoints.reach(CrashPoint.BEFORE_CHECKPOINT, epoch);
        }
    }

    /** The epoch of a commit-log entry ({@code <checkpoint>/commits/<epoch>}), or -1 for any other file. */
    static long commitLogEntry(Path file) {
        Path parent = file.getParent();
        if (parent == null || !"commits".equals(parent.getName()) || !file.getName().matches("[0-9]{1,18}")) {
            return -1;
        }
        return Long.parseLong(file.getName());
    }
}
