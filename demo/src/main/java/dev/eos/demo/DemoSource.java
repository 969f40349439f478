package dev.eos.demo;

import dev.eos.demo.crashloop.EventFeeder;
import dev.eos.demo.crashloop.FilesEventFeeder;
import dev.eos.demo.crashloop.KafkaEventFeeder;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The sources the demo can feed ({@code --source NAME}): each describes itself and makes its feeder. */
enum DemoSource {

    FILES {
        @Override
        String describe(Path dir) {
            return "files source (" + dir.resolve("input") + ")";
        }

        @Override
        EventFeeder feeder(Path dir) {
            return new FilesEventFeeder(dir.resolve("input"));
        }
    },

    KAFKA {
        @Override
        String describe(Path dir) {
            return "kafka source (a real broker embedded in this JVM, which outlives the killed driver; "
                    + "topic " + KAFKA_TOPIC + ", " + KAFKA_PARTITIONS + " partitions)";
        }

        @Override
        EventFeeder feeder(Path dir) {
            return KafkaEventFeeder.withOwnBroker(dir.resolve("kafka"), KAFKA_TOPIC, KAFKA_PARTITIONS);
        }
    };

    private static final String KAFKA_TOPIC = "events";
    private static final int KAFKA_PARTITIONS = 3;

    /** One line for the demo's header. */
    abstract String describe(Path dir);

    /** The feeder that produces the demo's events (and starts what it needs, such as a broker). */
    abstract EventFeeder feeder(Path dir) throws Exception;

    /** How {@code --source} names it. */
    String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<DemoSource> named(String name) {
        return Arrays.stream(values()).filter(s -> s.cliName().equals(name)).findFirst();
    }

    static List<String> names() {
        return Arrays.stream(values()).map(DemoSource::cliName).toList();
    }
}
