package dev.eos.it.kafka;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import dev.eos.demo.crashloop.CrashLoopOptions;
import dev.eos.demo.crashloop.EventFeeder;
import dev.eos.demo.crashloop.FilesSinkStateReader;
import dev.eos.demo.crashloop.KafkaEventFeeder;
import dev.eos.demo.crashloop.SinkStateReader;
import dev.eos.it.AbstractCrashLoopIT;
import dev.eos.testing.kafka.EmbeddedKafkaBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

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
class KafkaCrashLoopIT extends AbstractCrashLoopIT {

    private static EmbeddedKafkaBroker kafka;

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

    @Override
    protected EventFeeder feeder(Path workDir) {
        String topic = "crash-loop-" + workDir.getFileName();
        return Boolean.parseBoolean(System.getProperty("eos.it.kafka.transactional", "true"))
                ? new TransactionalKafkaEventFeeder(kafka, topic, 3)
                : KafkaEventFeeder.on(kafka, topic, 3);
    }

    @Override
    protected Map<String, String> sinkProperties(Path workDir) {
        return Map.of("eos.sink", "files",
                "eos.sink.files.path", workDir.resolve("output").toString(),
                "eos.sink.files.mode", "per-batch");
    }

    @Override
    protected Map<String, String> jobProperties() {
        return Map.of("eos.batch.interval", "2s",
                // bounded batches, as in production: after a restart the backlog spreads over the catch-up batches
                "eos.source.kafka.max-rate-per-partition", "50",
                "spark.streaming.gracefulStopTimeout", "15000");
    }

    @Override
    protected SinkStateReader sinkState(Path workDir) {
        return FilesSinkStateReader.perBatch(workDir.resolve("output"));
    }

    @Override
    protected CrashLoopOptions configure(CrashLoopOptions loop) {
        return loop.drainTimeout(Duration.ofSeconds(120));
    }
}
