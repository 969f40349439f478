package dev.eos.testing.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaBrokerTest {

    private static EmbeddedKafkaBroker kafka;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafkaBroker.start(Path.of("target", "kafka-" + System.nanoTime()));
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @Test
    void topicWithSeveralPartitionsReceivesAndReturnsEveryRecord() {
        kafka.createTopic("spread", 3);

        kafka.send("spread", 0, List.of("a", "b"));
        kafka.send("spread", 2, List.of("c"));

        assertThat(kafka.endOffsets("spread")).isEqualTo(Map.of(0, 2L, 1, 0L, 2, 1L));
        assertThat(kafka.readAll("spread")).containsExactlyInAnyOrder("a", "b", "c");
    }

    @Test
    void restartKeepsPortAndData() {
        kafka.createTopic("durable", 1);
        kafka.send("durable", List.of("before"));
        String servers = kafka.bootstrapServers();

        kafka.stop();
        assertThat(kafka.isRunning()).isFalse();
        kafka.start();

        assertThat(kafka.bootstrapServers()).isEqualTo(servers);
        kafka.send("durable", List.of("after"));
        assertThat(kafka.readAll("durable")).containsExactly("before", "after");
    }

    @Test
    void creatingAnExistingTopicIsFine() {
        kafka.createTopic("twice", 2);
        kafka.createTopic("twice", 2);

        assertThat(kafka.endOffsets("twice")).containsOnlyKeys(0, 1);
    }
}
