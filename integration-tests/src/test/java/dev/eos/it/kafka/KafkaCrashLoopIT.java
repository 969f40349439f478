package dev.eos.it.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import dev.eos.demo.crashloop.CrashLoop;
import dev.eos.demo.crashloop.EventFeeder;
import dev.eos.demo.crashloop.FilesSinkStateReader;
import dev.eos.demo.crashloop.KafkaEventFeeder;
import dev.eos.demo.crashloop.Verdict;
import dev.eos.runtime.crash.CrashPoint;
import dev.eos.testing.kafka.EmbeddedKafkaBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash loop with the Kafka source: a real broker in the test JVM (it outlives the killed driver), a topic of
 * three partitions read by assignment, the files sink in per-batch mode (one file per Kafka partition per batch,
 * named by its offset range: a replayed batch has the same ranges, so it rewrites the same files with the same
 * content), a batch every 2 seconds of at most 100 records per partition. The job dies at every crash point of the
 * runtime in turn, among them {@code before-offset-commit} (every partition of a batch written, its offsets not yet
 * committed) and {@code partitions-partly-committed} (one Kafka partition's output stored, the others' not), and is
 * SIGKILLed at random moments besides ({@code -Deos.it.crashes=N}, 1 by default); restarted from its checkpoint each
 * time, the job must end with every record stored exactly once.
 *
 * <p>The topic is written as an exactly-once upstream writes it ({@link TransactionalKafkaEventFeeder}): every group
 * of events one committed transaction, every other one preceded by an aborted transaction whose records must never
 * reach the sink; {@code -Deos.it.kafka.transactional=false} feeds plain records instead.
 */
class KafkaCrashLoopIT {

    private static EmbeddedKafkaBroker kafka;

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path workDir;

    @BeforeAll
    static void startBroker() throws Exception {
        Files.createDirectories(Path.of("target"));
        kafka = EmbeddedKafkaBroker.start(Files.createTempDirectory(Path.of("target"), "kafka-crash-loop-"));
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void everyRecordIsStoredExactlyOnceWhileTheJobDiesAtEveryCrashPointIncludingBeforeTheOffsetCommit() throws Exception {
        int randomKills = Integer.getInteger("eos.it.crashes", 1);
        long seed = Long.getLong("eos.it.seed", System.nanoTime() % 1_000_000);
        Path output = workDir.resolve("output");
        String topic = "crash-loop-" + workDir.getFileName();
        EventFeeder feeder = Boolean.parseBoolean(System.getProperty("eos.it.kafka.transactional", "true"))
                ? new TransactionalKafkaEventFeeder(kafka, topic, 3)
                : KafkaEventFeeder.on(kafka, topic, 3);
        Verdict verdict = CrashLoop.builder()
                .workDir(workDir)
                .feeder(feeder)
                .jobProperty("eos.sink", "files")
                .jobProperty("eos.sink.files.path", output.toString())
                .jobProperty("eos.sink.files.mode", "per-batch")
                .jobProperty("eos.batch.interval", "2s")
                // bounded batches, as in production: after a restart the backlog spreads over the catch-up batches
                .jobProperty("eos.source.kafka.max-rate-per-partition", "50")
                .jobProperty("spark.streaming.gracefulStopTimeout", "15000")
                .sinkState(FilesSinkStateReader.perBatch(output))
                .randomKills(randomKills)
                .seed(seed)
                .drainTimeout(Duration.ofSeconds(120))
                .narrator(line -> System.out.println("[crash loop] " + line))
                .build()
                .run();
        System.out.println(verdict.table());

        assertThat(verdict.problems()).as(verdict.table()).isEmpty();
        assertThat(verdict.duplicates()).as("duplicates\n" + verdict.table()).isZero();
        assertThat(verdict.missing()).as("missing\n" + verdict.table()).isZero();
        assertThat(verdict.unexpected()).as("unexpected\n" + verdict.table()).isZero();
        assertThat(verdict.crashesSurvived()).as(verdict.table()).isEqualTo(verdict.crashes().size())
                .isEqualTo(CrashPoint.values().length + randomKills);
        assertThat(verdict.crashPointsHit()).as("crash points hit\n" + verdict.table())
                .containsExactlyInAnyOrder(CrashPoint.values());
        assertThat(verdict.passed()).as(verdict.table()).isTrue();
    }
}
