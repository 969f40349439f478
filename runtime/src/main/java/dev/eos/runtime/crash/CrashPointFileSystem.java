package dev.eos.runtime.crash;

import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;

/**
 * The local file system with the {@link CrashPoint#CHECKPOINT_WRITE} point in it: Spark writes a streaming
 * checkpoint into a file named {@code temp} and renames it to {@code checkpoint-<batch time>}; the point is reached
 * between the two, the new checkpoint's bytes complete in {@code temp} and not yet in place. Installed for the
 * {@code file} scheme ({@code fs.file.impl}, with caching off so that no plain instance is handed out from the cache)
 * only when a test arms that point; otherwise it behaves as {@link LocalFileSystem}, which it is.
 */
public class CrashPointFileSystem extends LocalFileSystem {

    /** The Hadoop configuration resource that installs it. */
    static final String RESOURCE = "dev/eos/runtime/crash/crash-point-file-system.xml";

    @Override
    public boolean rename(Path src, Path dst) throws IOException {
        if ("temp".equals(src.getName()) && dst.getName().startsWith("checkpoint-")) {
            CrashPoints.reach(CrashPoint.CHECKPOINT_WRITE, batchTime(dst.getName()));
        }
        return super.rename(src, dst);
    }

    private static long batchTime(String checkpointFile) {
        try {
            return Long.parseLong(checkpointFile.substring("checkpoint-".length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
