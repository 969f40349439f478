package dev.eos.connector.files;

import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/**
 * Hadoop's raw local file system, except that file permissions are set through {@code java.nio} instead of a
 * {@code chmod} child process per file (what Hadoop does without its native library, as with
 * {@code hadoop-client-api}): thousands of files per second instead of a few hundred. No {@code .crc} side files,
 * and {@link #rename(Path, Path)} replaces its target atomically (POSIX {@code rename(2)}).
 */
final class LocalFileSystemWithoutForks extends RawLocalFileSystem {

    @Override
    public void setPermission(Path p, FsPermission permission) throws IOException {
        try {
            Files.setPosixFilePermissions(pathToFile(p).toPath(), posix(permission));
        } catch (UnsupportedOperationException e) {
            super.setPermission(p, permission);
        }
    }

    private static Set<PosixFilePermission> posix(FsPermission permission) {
        Set<PosixFilePermission> out = EnumSet.noneOf(PosixFilePermission.class);
        int mode = permission.toShort();
        PosixFilePermission[] bits = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ,
        };
        for (int i = 0; i < bits.length; i++) {
            if ((mode & (1 << i)) != 0) {
                out.add(bits[i]);
            }
        }
        return out;
    }
}
