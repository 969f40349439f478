package dev.eos.it;

import dev.eos.demo.crashloop.Events;
import dev.eos.demo.crashloop.FilesSinkStateReader;
import dev.eos.demo.crashloop.JobJvm;
import dev.eos.demo.crashloop.JobLauncher;
import dev.eos.demo.crashloop.JobProcess;
import dev.eos.runtime.Progress;
import dev.eos.runtime.testing.SparkCheckpointFiles;
import org.apache.spark.streaming.scheduler.BlockAdditionEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The receiver write-ahead log keeps what a receiver took in: lines a socket sent once (and never resends) are in
 * the log under the checkpoint directory when the driver is SIGKILLed before any batch processed them; the driver
 * restarted from its checkpoint writes every one of them, once.
 */
class ReceiverWriteAheadLogIT {

    private static final int LINES = 300;

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    void linesReceivedBeforeADriverKillAreWrittenFromTheWriteAheadLogAfterTheRestart() throws Exception {
        List<String> lines = new Events(7).next(LINES);
        Path output = dir.resolve("output");
        Path checkpoint = dir.resolve("checkpoint");
        FilesSinkStateReader sink = FilesSinkStateReader.perRecord(output);

        List<JobProcess> runs = new ArrayList<>();
        try (OneShotLineServer server = new OneShotLineServer();
             JobLauncher launcher = JobLauncher.open(dir, JobJvm.defaults())) {
            Path config = writeConfig(server, output, checkpoint);
            JobProcess first = launcher.start(config);
            runs.add(first);
            await("first run up, checkpointed and connected").atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> !first.isAlive()
                            || (first.progressCount() > 0 && server.connections() > 0
                                    && SparkCheckpointFiles.hasCheckpointFile(checkpoint)));
            assertThat(first.isAlive()).as("first run alive; see %s", launcher.log()).isTrue();

            server.sendOnce(lines);
            await("every line recorded in the write-ahead log").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> recordsInWriteAheadLog(checkpoint) >= LINES);
            int exitCode = first.kill(Duration.ofSeconds(30));

            assertThat(exitCode).as("killed by SIGKILL").isEqualTo(JobProcess.SIGKILL_EXIT);
            assertThat(first.progress()).as("no batch processed the lines before the kill")
                    .extracting(Progress.Line::records).containsOnly(0L);
            assertThat(sink.storedPayloads()).as("nothing written before the kill").isEmpty();

            JobProcess second = launcher.start(config);
            runs.add(second);
            await("the restarted job writes every line").atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> !second.isAlive() || sink.storedPayloads().size() >= LINES);
            int seen = second.progressCount();
            await("one more batch after that").atMost(Duration.ofSeconds(30))
                    .until(() -> !second.isAlive() || second.progressCount() > seen);
            assertThat(second.isAlive()).as("second run alive; see %s", launcher.log()).isTrue();
            second.terminate(Duration.ofSeconds(30));

            assertThat(server.sent()).as("the server sent each line once").isEqualTo(LINES);
            assertThat(server.connections()).as("the restarted receiver reconnected, and got nothing")
                    .isGreaterThanOrEqualTo(2);
            assertThat(sink.storedPayloads()).as("every line exactly once")
                    .hasSize(LINES).containsExactlyInAnyOrderElementsOf(lines);
        } finally {
            for (JobProcess run : runs) {
                if (run.isAlive()) {
                    run.kill(Duration.ofSeconds(30)); // a failed assertion must not leave a job running
                }
            }
        }
    }

    private static long blockRecords(Object entry) throws IOException {
        if (entry instanceof byte[][] batch) {
            long records = 0;
            for (byte[] event : batch) {
                records += blockRecords(deserialize(event));
            }
            return records;
        }
        if (entry instanceof BlockAdditionEvent added && added.receivedBlockInfo().numRecords().isDefined()) {
            return (Long) added.receivedBlockInfo().numRecords().get();
        }
        return 0;
    }

    private static Object deserialize(byte[] bytes) throws IOException {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            return in.readObject();
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    private Path writeConfig(OneShotLineServer server, Path output, Path checkpoint) throws IOException {
        Properties job = new Properties();
        job.setProperty("eos.source", "socket");
        job.setProperty("eos.source.socket.host", server.host());
        job.setProperty("eos.source.socket.port", String.valueOf(server.port()));
        job.setProperty("eos.sink", "files");
        job.setProperty("eos.sink.files.path", output.toString());
        job.setProperty("eos.checkpoint.dir", checkpoint.toString());
        // long enough that the lines sent right after a batch are in the log well before the next one is cut
        job.setProperty("eos.batch.interval", "4s");
        Path config = dir.resolve("job.properties");
        try (Writer out = Files.newBufferedWriter(config, StandardCharsets.UTF_8)) {
            job.store(out, "receiver write-ahead log test");
        }
        return config;
    }

    /**
     * The records of the blocks the driver's block tracker has logged as received: the sum of the record counts of
     * the {@code BlockAdditionEvent}s in {@code receivedBlockMetadata/}, Spark's write-ahead log of block metadata
     * (each entry a 4-byte length and a Java-serialised event, or a serialised array of serialised events when the
     * driver batches its log writes, as it does by default). A block is recovered on restart only once it is there,
     * and its data is in {@code receivedData/} by then.
     */
    private static long recordsInWriteAheadLog(Path checkpoint) throws IOException {
        Path metadata = checkpoint.resolve("receivedBlockMetadata");
        if (!Files.isDirectory(metadata)) {
            return 0;
        }
        long records = 0;
        List<Path> logs;
        try (Stream<Path> files = Files.list(metadata)) {
            logs = files.filter(p -> p.getFileName().toString().startsWith("log-")).toList();
        }
        for (Path log : logs) {
            byte[] bytes = Files.readAllBytes(log);
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
                while (in.available() >= 4) {
                    int length = in.readInt();
                    if (length <= 0 || in.available() < length) {
                        break;
                    }
                    records += blockRecords(deserialize(in.readNBytes(length)));
                }
            } catch (EOFException partial) {
                // an entry being written: counted on the next look
            }
        }
        return records;
    }
}
