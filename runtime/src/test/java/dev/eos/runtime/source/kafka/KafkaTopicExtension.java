package dev.eos.runtime.source.kafka;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

import dev.eos.testing.kafka.EmbeddedKafkaBroker;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What the Kafka stream tests of a class share: a real broker with one topic, started before the class in a work
 * directory of its own under {@code target/} and stopped after it, and a local Spark configuration that keeps its
 * scratch files there. Register it as a static field with {@code @RegisterExtension}.
 */
final class KafkaTopicExtension implements BeforeAllCallback, AfterAllCallback {

    private final String name;
    private final String topic;
    private final int partitions;
    private Path work;
    private EmbeddedKafkaBroker broker;

    KafkaTopicExtension(String name, String topic, int partitions) {
        this.name = name;
        this.topic = topic;
        this.partitions = partitions;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        work = Files.createTempDirectory(Path.of("target"), name + "-");
        broker = EmbeddedKafkaBroker.start(work.resolve("broker"));
        broker.createTopic(topic, partitions);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (broker != null) {
            broker.close();
        }
    }

    EmbeddedKafkaBroker broker() {
        return broker;
    }

    Path work() {
        return work;
    }

    /** Spark on {@code local[2]} without its UI, its scratch files in the work directory. */
    SparkConf sparkConf(String appName) {
        return new SparkConf()
                .setMaster("local[2]")
                .setAppName(appName)
                .set("spark.ui.enabled", "false")
                .set("spark.local.dir", work.resolve("spark-local").toString());
    }

    /** {@code prefix0}, {@code prefix1}, ...: {@code count} record values. */
    static List<String> values(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> prefix + i).toList();
    }
}
