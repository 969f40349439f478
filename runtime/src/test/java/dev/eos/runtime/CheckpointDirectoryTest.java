package dev.eos.runtime;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.security.AccessControlException;
import org.apache.hadoop.util.Progressable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The checkpoint directory is checked through Hadoop's file system, as the stream will use it. */
class CheckpointDirectoryTest {

    @TempDir
    java.nio.file.Path dir;

    private static final Configuration HADOOP = new Configuration();

    @Test
    void aDirectoryThatCanBeCreatedPassesAndIsNotLeftBehind() {
        java.nio.file.Path fresh = dir.resolve("a/b/checkpoint");

        assertThat(CheckpointDirectory.problem(fresh.toUri().toString(), HADOOP)).isNull();
        assertThat(dir.resolve("a")).doesNotExist();
    }

    @Test
    void anExistingWritableDirectoryPassesAndKeepsNoProbe() throws IOException {
        assertThat(CheckpointDirectory.problem(dir.toString(), HADOOP)).isNull();
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aFileIsNotADirectory() throws IOException {
        java.nio.file.Path file = Files.writeString(dir.resolve("checkpoint"), "x");

        assertThat(CheckpointDirectory.problem(file.toString(), HADOOP)).isEqualTo("it is a file, not a directory");
    }

    @Test
    void aDirectoryUnderAFileCannotBeCreated() throws IOException {
        java.nio.file.Path file = Files.writeString(dir.resolve("file"), "x");

        assertThat(CheckpointDirectory.problem(file.resolve("checkpoint").toString(), HADOOP))
                .isEqualTo("it cannot be created: " + file + " is a file, not a directory");
    }

    @Test
    void aPermissionProblemIsSaidAsSuchWithTheUser() {
        Configuration denying = new Configuration();
        denying.set("fs.file.impl", DenyingFileSystem.class.getName());
        denying.setBoolean("fs.file.impl.disable.cache", true);

        assertThat(CheckpointDirectory.problem(dir.toString(), denying))
                .startsWith("permission denied for user " + System.getProperty("user.name") + ": ")
                .contains("Permission denied: user=eos, access=WRITE");
    }

    @Test
    void anUnknownSchemeSaysNoFileSystemServesIt() {
        assertThat(CheckpointDirectory.problem("nosuchfs://bucket/checkpoint", HADOOP))
                .startsWith("no Hadoop file system for its scheme");
    }

    @Test
    void validateReportsItWithTheKeyAndExitsTwo() throws IOException {
        java.nio.file.Path file = Files.writeString(dir.resolve("checkpoint"), "x");
        java.nio.file.Path config = Files.write(dir.resolve("job.properties"), List.of("eos.source=files",
                "eos.source.files.path=" + dir, "eos.checkpoint.dir=" + file, "eos.sink=memory-double",
                "eos.sink.memory-double.store=s"));
        var err = new java.io.ByteArrayOutputStream();

        int code = Main.execute(new String[] {"validate", config.toString()}, new java.io.PrintStream(
                new java.io.ByteArrayOutputStream()), new java.io.PrintStream(err, true));

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid value " + file + " for configuration \"eos.checkpoint.dir\": "
                + "it is a file, not a directory");
    }

    /** The local file system as HDFS behaves for a user without write permission. */
    public static final class DenyingFileSystem extends RawLocalFileSystem {
        @Override
        public FSDataOutputStream create(Path f, FsPermission permission, boolean overwrite, int bufferSize,
                                         short replication, long blockSize, Progressable progress) throws IOException {
            throw new AccessControlException("Permission denied: user=eos, access=WRITE, inode=\"" + f + "\"");
        }

        @Override
        public FSDataOutputStream create(Path f, boolean overwrite, int bufferSize, short replication, long blockSize,
                                         Progressable progress) throws IOException {
            throw new AccessControlException("Permission denied: user=eos, access=WRITE, inode=\"" + f + "\"");
        }
    }
}
