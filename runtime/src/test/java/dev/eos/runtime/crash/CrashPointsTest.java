package dev.eos.runtime.crash;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.execution.streaming.checkpointing.CheckpointFileManager;
import org.apache.spark.sql.execution.streaming.checkpointing.CheckpointFileManager$;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Crash points in a child JVM ({@link Child}): armed, the JVM halts with status 137 at the aimed occurrence and says
 * so on stderr; unarmed, nothing happens.
 */
class CrashPointsTest {

    @TempDir
    java.nio.file.Path dir;

    @Test
    void anArmedPointHaltsTheJvmAtTheAimedOccurrenceWithoutShutdownHooks() throws Exception {
        Result r = run("-D" + CrashPoints.CRASH + "=before-commit@2", "points");

        assertThat(r.status).isEqualTo(CrashPoints.EXIT_STATUS);
        assertThat(r.stdout).contains("reached before-commit partition 0")
                .doesNotContain("reached before-commit partition 1").doesNotContain("shutdown hook ran");
        assertThat(r.stderr).contains("EOS crash point before-commit reached, halting (batch 1000, partition 1, "
                + "attempt 0)");
    }

    @Test
    void theEnvironmentVariableArmsAPointToo() throws Exception {
        Result r = runWith(Map.of("EOS_TEST_CRASH", "after-commit"), null, "points");

        assertThat(r.status).isEqualTo(CrashPoints.EXIT_STATUS);
        assertThat(r.stderr).contains("EOS crash point after-commit reached, halting");
    }

    @Test
    void unarmedPointsDoNothing() throws Exception {
        Result r = run(null, "points");

        assertThat(r.status).isZero();
        assertThat(r.stdout).contains("after-commit done", "shutdown hook ran");
        assertThat(r.stderr).doesNotContain("EOS crash point");
    }

    @Test
    void aDelayPointSleepsAndTheJobGoesOn() throws Exception {
        Result r = run("-D" + CrashPoints.DELAY + "=after-commit:50", "points");

        assertThat(r.status).isZero();
        assertThat(r.stderr).contains("EOS delay point after-commit reached, sleeping 50 ms");
        assertThat(r.stdout).contains("after-commit done");
    }

    @Test
    void checkpointWriteHaltsBetweenTheTempFileAndItsRenameEvenWithAFileSystemCachedBefore() throws Exception {
        Result r = run("-D" + CrashPoints.CRASH + "=checkpoint-write", "checkpoint", dir.toString());

        assertThat(r.status).isEqualTo(CrashPoints.EXIT_STATUS);
        assertThat(r.stdout).contains("file system " + CrashPointFileSystem.class.getName());
        assertThat(r.stderr).contains("EOS crash point checkpoint-write reached, halting (batch 5000)");
        assertThat(dir.resolve("temp")).exists();
        assertThat(dir.resolve("checkpoint-5000")).doesNotExist();
    }

    @Test
    void unarmedTheCheckpointWriteIsThePlainLocalFileSystems() throws Exception {
        Result r = run(null, "checkpoint", dir.toString());

        assertThat(r.status).isZero();
        assertThat(r.stdout).contains("file system org.apache.hadoop.fs.LocalFileSystem");
        assertThat(dir.resolve("checkpoint-5000")).exists();
    }

    @Test
    void checkpointWriteHaltsInAStructuredCommitLogEntryBetweenItsTempFileAndItsRename() throws Exception {
        Result r = run("-D" + CrashPoints.CRASH + "=checkpoint-write", "structured", dir.toString());

        assertThat(r.status).isEqualTo(CrashPoints.EXIT_STATUS);
        assertThat(r.stdout).contains("file manager " + CrashPointCheckpointFileManager.class.getName(),
                "wrote offsets/5").doesNotContain("wrote commits/5");
        assertThat(r.stderr).contains("EOS crash point checkpoint-write reached, halting (batch 5)");
        assertThat(dir.resolve("offsets/5")).exists();
        assertThat(dir.resolve("commits/5")).doesNotExist();
        try (var temp = Files.list(dir.resolve("commits"))) {
            assertThat(temp.map(f -> f.getFileName().toString())).anyMatch(n -> n.startsWith(".5.") && n.endsWith(".tmp"));
        }
    }

    @Test
    void beforeCheckpointHaltsRightAfterAStructuredCommitLogEntryIsInPlace() throws Exception {
        Result r = run("-D" + CrashPoints.CRASH + "=before-checkpoint", "structured", dir.toString());

        assertThat(r.status).isEqualTo(CrashPoints.EXIT_STATUS);
        assertThat(r.stderr).contains("EOS crash point before-checkpoint reached, halting (batch 5)");
        assertThat(r.stdout).doesNotContain("wrote commits/5");
        assertThat(dir.resolve("commits/5")).exists();
    }

    @Test
    void unarmedAStructuredCheckpointIsWrittenBySparksOwnFileManager() throws Exception {
        Result r = run(null, "structured", dir.toString());

        assertThat(r.status).isZero();
        assertThat(r.stdout).contains("file manager org.apache.spark.sql.execution.streaming.checkpointing."
                + "FileContextBasedCheckpointFileManager", "wrote commits/5");
        assertThat(dir.resolve("commits/5")).exists();
    }

    private record Result(int status, String stdout, String stderr) {
    }

    private Result run(String property, String... args) throws Exception {
        return runWith(Map.of(), property, args);
    }

    private Result runWith(Map<String, String> env, String property, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        if (property != null) {
            command.add(property);
        }
        command.add(Child.class.getName());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(k -> k.startsWith("EOS_TEST_"));
        builder.environment().putAll(env);
        java.nio.file.Path out = dir.resolve("stdout-" + System.nanoTime());
        java.nio.file.Path err = dir.resolve("stderr-" + System.nanoTime());
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the child JVM ended").isTrue();
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    /** The child JVM: reaches points the way the job does. */
    public static final class Child {
        public static void main(String[] args) throws Exception {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("shutdown hook ran")));
            if (args[0].equals("points")) {
                for (int partition = 0; partition < 2; partition++) {
                    CrashPoints.reach(CrashPoint.BEFORE_COMMIT, 1000, partition, 0);
                    System.out.println("reached before-commit partition " + partition);
                }
                CrashPoints.reach(CrashPoint.AFTER_COMMIT, 1000, 0, 0);
                System.out.println("after-commit done");
                return;
            }
            if (args[0].equals("structured")) {
                writeStructuredLogEntries(new Path(new File(args[1]).toURI()));
                return;
            }
            Configuration conf = new Configuration();
            Path checkpointDir = new Path(new File(args[1]).toURI());
            FileSystem.get(checkpointDir.toUri(), conf);
            CrashPoints.init();
            FileSystem fs = checkpointDir.getFileSystem(conf);
            System.out.println("file system " + fs.getClass().getName());
            Path temp = new Path(checkpointDir, "temp");
            try (var out = fs.create(temp)) {
                out.write(new byte[] {1, 2, 3});
            }
            fs.rename(temp, new Path(checkpointDir, "checkpoint-5000"));
        }

        /** As a micro-batch query writes an epoch's offsets and commit-log entries, through Spark's file manager. */
        private static void writeStructuredLogEntries(Path checkpointDir) throws Exception {
            CrashPoints.init();
            CheckpointFileManager manager = CheckpointFileManager$.MODULE$.create(checkpointDir, new Configuration());
            System.out.println("file manager " + manager.getClass().getName());
            for (String entry : List.of("offsets/5", "commits/5")) {
                Path file = new Path(checkpointDir, entry);
                manager.mkdirs(file.getParent());
                try (var out = manager.createAtomic(file, false)) {
                    out.write(new byte[] {1, 2, 3});
                }
                System.out.println("wrote " + entry);
            }
        }
    }
}
