package dev.eos.runtime.source.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.eos.spi.ConfigException;
import org.junit.jupiter.api.Test;

class EventHubsSourceOptionsTest {

    private static final String PREFIX = "eos.source.eventhubs.";
    private static final String KEY = "c2VjcmV0LWtleS1zaG91bGQtbmV2ZXItYmUtc2hvd24=";
    private static final String CONNECTION = "Endpoint=sb://orders-ns.servicebus.windows.net/;"
            + "SharedAccessKeyName=listen;SharedAccessKey=" + KEY;

    private static KafkaSettings settings(Map<String, String> given) {
        Map<String, String> props = new HashMap<>();
        given.forEach((k, v) -> props.put(PREFIX + k, v));
        return EventHubsSourceOptions.settings(PREFIX, props);
    }

    @Test
    void connectionStringBecomesTheNamespacesKafkaEndpointWithSaslPlainOverTls() {
        KafkaSettings settings = settings(Map.of("connection-string", CONNECTION, "event-hub", "orders"));

        Map<String, Object> params = settings.kafkaParams();
        assertThat(params).containsEntry("bootstrap.servers", "orders-ns.servicebus.windows.net:9093")
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "PLAIN")
                .containsEntry("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required "
                        + "username=\"$ConnectionString\" password=\"" + CONNECTION + "\";")
                .containsEntry("group.id", "$Default")
                .containsEntry("enable.auto.commit", "false")
                .containsEntry("auto.offset.reset", "earliest")
                .containsEntry("isolation.level", "read_committed");
        assertThat(settings.executorKafkaParams()).containsEntry("isolation.level", "read_committed")
                .containsEntry("security.protocol", "SASL_SSL");
        assertThat(settings.topics()).containsExactly("orders");
        assertThat(settings.isAssign()).isFalse();
    }

    @Test
    void anEndpointWithAPortIsReachedOnThatPort() {
        String local = "Endpoint=sb://127.0.0.1:19093/;SharedAccessKeyName=listen;SharedAccessKey=" + KEY;

        KafkaSettings settings = settings(Map.of("connection-string", local, "event-hub", "orders"));

        assertThat(settings.bootstrapServers()).isEqualTo("127.0.0.1:19093");
        assertThat(settings.kafkaParams()).containsEntry("security.protocol", "SASL_SSL");
    }

    @Test
    void aTrustStoreForAPrivateCertificateAuthorityIsPassedToTheConsumerAndItsPasswordHidden() {
        KafkaSettings settings = settings(Map.of("connection-string", CONNECTION, "event-hub", "orders",
                "ssl.truststore.location", "/etc/eos/namespace-ca.p12", "ssl.truststore.password", "Tr4stPass"));

        assertThat(settings.kafkaParams()).containsEntry("ssl.truststore.location", "/etc/eos/namespace-ca.p12")
                .containsEntry("ssl.truststore.password", "Tr4stPass");
        assertThat(settings.executorKafkaParams()).containsEntry("ssl.truststore.password", "Tr4stPass");
        assertThat(settings.toString()).contains("ssl.truststore.location=/etc/eos/namespace-ca.p12")
                .doesNotContain("Tr4stPass");
        assertThat(KafkaSecrets.masked(settings.kafkaParams()).toString()).doesNotContain("Tr4stPass")
                .doesNotContain(KEY);
    }

    @Test
    void readUncommittedOnlyWhenSetExplicitly() {
        KafkaSettings settings = settings(Map.of("connection-string", CONNECTION, "event-hub", "orders",
                "isolation-level", "read-uncommitted"));

        assertThat(settings.kafkaParams()).containsEntry("isolation.level", "read_uncommitted");
        assertThat(settings.executorKafkaParams()).containsEntry("isolation.level", "read_uncommitted");
    }

    @Test
    void microsoftsRecommendedTimeoutsApplyUnlessGiven() {
        Map<String, Object> defaults = settings(Map.of("connection-string", CONNECTION, "event-hub", "orders"))
                .kafkaParams();
        assertThat(defaults).containsEntry("request.timeout.ms", "60000")
                .containsEntry("session.timeout.ms", "30000")
                .containsEntry("heartbeat.interval.ms", "3000")
                .containsEntry("metadata.max.age.ms", "180000")
                .containsEntry("connections.max.idle.ms", "180000");

        Map<String, Object> tuned = settings(Map.of("connection-string", CONNECTION, "event-hub", "orders",
                "session.timeout.ms", "45000", "max.poll.records", "200")).kafkaParams();
        assertThat(tuned).containsEntry("session.timeout.ms", "45000").containsEntry("max.poll.records", "200");
    }

    @Test
    void eventHubComesFromEntityPathWhenNotGiven() {
        KafkaSettings settings = settings(Map.of("connection-string", CONNECTION + ";EntityPath=payments",
                "consumer-group", "eos-payments", "starting-offsets", "latest"));

        assertThat(settings.topics()).containsExactly("payments");
        assertThat(settings.groupId()).isEqualTo("eos-payments");
        assertThat(settings.kafkaParams()).containsEntry("auto.offset.reset", "latest");
    }

    @Test
    void rateLimitsBecomeSparkSettings() {
        KafkaSettings settings = settings(Map.of("connection-string", CONNECTION, "event-hub", "orders",
                "max-rate-per-partition", "500", "backpressure", "true"));

        assertThat(settings.sparkConf()).containsEntry("spark.streaming.kafka.maxRatePerPartition", "500")
                .containsEntry("spark.streaming.backpressure.enabled", "true");
    }

    @Test
    void theConnectionStringNeverAppearsInToStringOrErrors() {
        KafkaSettings settings = settings(Map.of("connection-string", CONNECTION, "event-hub", "orders"));
        assertThat(settings.toString()).doesNotContain(KEY).contains("sasl.jaas.config=[hidden]");

        String broken = "Endpoint=https://orders-ns.servicebus.windows.net/;SharedAccessKeyName=listen;SharedAccessKey=" + KEY;
        assertThatThrownBy(() -> settings(Map.of("connection-string", broken, "event-hub", "orders")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(PREFIX + "connection-string")
                .hasMessageContaining("[hidden]")
                .hasMessageNotContaining(KEY);
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        assertThatThrownBy(() -> settings(Map.of("connection-string", "Endpoint=sb://ns.servicebus.windows.net/",
                "session.timeout.ms", "1000", "sasl.mechanism", "SCRAM-SHA-512", "fetch.max.bytez", "1")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).hasSize(5))
                .hasMessageContaining("has neither SharedAccessKeyName and SharedAccessKey nor SharedAccessSignature")
                .hasMessageContaining("Invalid value 1000 for configuration \"" + PREFIX + "session.timeout.ms\"")
                .hasMessageContaining("\"" + PREFIX + "sasl.mechanism\" is set by EOS")
                .hasMessageContaining("Unknown configuration \"" + PREFIX + "fetch.max.bytez\"")
                .hasMessageContaining("Missing required configuration \"" + PREFIX + "event-hub\"");
    }

    @Test
    void eventHubContradictingEntityPathIsRejected() {
        assertThatThrownBy(() -> settings(Map.of("connection-string", CONNECTION + ";EntityPath=payments",
                "event-hub", "orders")))
                .hasMessageContaining("Invalid value orders for configuration \"" + PREFIX + "event-hub\"")
                .hasMessageContaining("event hub payments");
    }

    @Test
    void missingConnectionStringIsNamed() {
        assertThatThrownBy(() -> settings(Map.of("event-hub", "orders")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Missing required configuration \"" + PREFIX + "connection-string\"");
    }

    @Test
    void jaasPasswordEscapesQuotesAndBackslashes() {
        String jaas = EventHubsSourceOptions.jaasConfig(new dev.eos.spi.Secret("a\"b\\c"));
        assertThat(jaas).endsWith("password=\"a\\\"b\\\\c\";");
        assertThat(List.of(jaas)).hasSize(1);
    }
}
