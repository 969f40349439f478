package dev.eos.testing.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Event Hubs-like listener: SASL PLAIN over TLS, user {@code $ConnectionString} with the connection string as
 * password. Clients with the connection string and the trust store produce (plainly and in transactions) and read;
 * a wrong key, another user name and a client that does not trust the certificate are refused.
 */
class EventHubsEndpointTest {

    private static EmbeddedKafkaBroker kafka;
    private static EventHubsEndpoint endpoint;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafkaBroker.startWithEventHubs(Path.of("target", "kafka-eventhubs-" + System.nanoTime()));
        endpoint = kafka.eventHubs();
        kafka.createTopic("hub", 1);
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @Test
    void theConnectionStringLogsInOverTlsToProduceAndRead() {
        assertThat(endpoint.connectionString()).startsWith("Endpoint=sb://127.0.0.1:" + endpoint.port() + "/;")
                .contains(";SharedAccessKeyName=" + EventHubsEndpoint.KEY_NAME + ";SharedAccessKey=")
                .endsWith(endpoint.sharedAccessKey());
        assertThat(endpoint.port()).isNotEqualTo(kafka.port());

        try (KafkaProducer<String, String> producer = kafka.producer(endpoint.clientProperties())) {
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>("hub", 0, null, "plain")).get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        try (KafkaProducer<String, String> producer = kafka.transactionalProducer("hub-tx",
                endpoint.clientProperties())) {
            EmbeddedKafkaBroker.sendTransaction(producer, "hub", 0, List.of("committed"), true);
            EmbeddedKafkaBroker.sendTransaction(producer, "hub", 0, List.of("aborted"), false);
        }

        assertThat(read(endpoint.clientProperties(), 6)).containsExactly("plain", "committed");
        assertThat(kafka.readCommitted("hub")).as("the same through the PLAINTEXT listener")
                .containsExactly("plain", "committed");
    }

    @Test
    void aWrongKeyIsRefused() {
        Map<String, String> wrong = new LinkedHashMap<>(endpoint.clientProperties());
        wrong.put("sasl.jaas.config", jaas(EventHubsPlainCallbackHandler.USER,
                endpoint.connectionString("V3JvbmdLZXlXcm9uZ0tleVdyb25nS2V5V3JvbmdLZXk=")));

        assertThatThrownBy(() -> read(wrong, 1)).isInstanceOf(SaslAuthenticationException.class)
                .hasMessageNotContaining(endpoint.sharedAccessKey());
    }

    @Test
    void anotherUserNameIsRefusedEvenWithTheRightConnectionString() {
        Map<String, String> wrong = new LinkedHashMap<>(endpoint.clientProperties());
        wrong.put("sasl.jaas.config", jaas("admin", endpoint.connectionString()));

        assertThatThrownBy(() -> read(wrong, 1)).isInstanceOf(SaslAuthenticationException.class);
    }

    @Test
    void aClientThatDoesNotTrustTheCertificateIsRefused() {
        Map<String, String> untrusting = new LinkedHashMap<>(endpoint.clientProperties());
        untrusting.remove("ssl.truststore.location");
        untrusting.remove("ssl.truststore.password");
        untrusting.remove("ssl.truststore.type");

        assertThatThrownBy(() -> read(untrusting, 1)).isInstanceOf(SslAuthenticationException.class);
    }

    private static String jaas(String user, String password) {
        return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
    }

    /** Reads partition 0 of {@code hub} from the beginning, read_committed, until its end. */
    private static List<String> read(Map<String, String> connection, int maxPolls) {
        Properties props = new Properties();
        props.putAll(connection);
        props.put("isolation.level", "read_committed");
        props.put("default.api.timeout.ms", "20000");
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            TopicPartition tp = new TopicPartition("hub", 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = consumer.endOffsets(List.of(tp), Duration.ofSeconds(20)).get(tp);
            List<String> values = new ArrayList<>();
            for (int i = 0; i < maxPolls && consumer.position(tp) < end; i++) {
                consumer.poll(Duration.ofSeconds(2)).forEach(r -> values.add(r.value()));
            }
            return values;
        }
    }
}
