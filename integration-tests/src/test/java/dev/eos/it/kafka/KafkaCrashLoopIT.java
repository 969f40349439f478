package dev.eos.it.kafka;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import dev.eos.it.AbstractCrashLoopIT;
import dev.eos.runtime.demo.CrashLoop;
import dev.eos.runtime.demo.EventFeeder;
import dev.eos.runtime.demo.FilesSinkStateReader;
import dev.eos.runtime.demo.KafkaEventFeeder;
import dev.eos.runtime.demo.SinkStateReader;
import dev.eos.testing.kafka.EmbeddedKafkaBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The crash loop with the Kafka source: a real broker in the test JVM (it outlives the killed driver), a topic of
 * three partitions read by assignment, the files sink in per-batch mode (one file per Kafka partition per batch,
 * named by its offset range: a replayed batch has the same ranges, so it rewrites the same files with the same
 * content), a batch every 3 seconds of at most 120 records per partition. The driver is SIGKILLed before a write, mid-write, and after the write but before the checkpoint, which for Kafka
 * is also before the batch's offsets reach the consumer group (they are sent with the next batch's fetch);
 * it is restarted from its checkpoint each time. The output must hold every record exactly once.
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
        return KafkaEventFeeder.on(kafka, "crash-loop-" + workDir.getFileName(), 3);
    }

    @Override
    protected Map<String, String> sinkProperties(Path workDir) {
        return Map.of("eos.sink", "files", "eos.sink.files.path", workDir.resolve("output").toString(),
                "eos.sink.files.mode", "per-batch");
    }

    @Override
    protected SinkStateReader sinkState(Path workDir) {
        return FilesSinkStateReader.perBatch(workDir.resolve("output"));
    }

    @Override
    protected Map<String, String> jobProperties() {
        // a bounded batch, as in production: after a restart the backlog spreads over the catch-up batches
        // instead of all landing in the first one (so a batch that writes comes soon after every restart)
        return Map.of("eos.batch.interval", "3s", "eos.source.kafka.max-rate-per-partition", "40");
    }

    /**
     * A restarted driver first runs the batches of its downtime (generated, and checkpointed, at once); a kill
     * after a write and before that batch's checkpoint can only be aimed once it is back in step, so the loop may
     * aim for longer than by default. On a busy machine the JVM alone takes tens of seconds to start.
     */
    @Override
    protected CrashLoop.Builder configure(CrashLoop.Builder loop) {
        return loop.aimTimeout(Duration.ofSeconds(60)).startTimeout(Duration.ofSeconds(180))
                .drainTimeout(Duration.ofSeconds(120));
    }
}
