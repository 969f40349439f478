package dev.eos.runtime.source.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import dev.eos.runtime.source.RddLineage;
import dev.eos.runtime.source.SourceContext;
import dev.eos.runtime.source.SourceStream;
import dev.eos.runtime.testing.SecretScan;
import dev.eos.runtime.testing.SparkCheckpointFiles;
import dev.eos.spi.Config;
import dev.eos.spi.Secret;
import org.apache.spark.SparkConf;
import org.apache.spark.streaming.Durations;
import org.apache.spark.streaming.api.java.JavaStreamingContext;
import org.apache.spark.streaming.dstream.InputDStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * No secret of the Kafka consumer settings in the checkpoint: a stream with a planted truststore password and SASL
 * JAAS password (both ignored on the broker's PLAINTEXT listener) runs until it checkpointed, is recovered from the
 * checkpoint with the registry emptied and filled again as a new JVM's job does, reads on, and no checkpoint file
 * (LZ4 decompressed) holds either secret, while the recovered driver's consumer and the batches' readers got them.
 */
class KafkaCheckpointSecretsTest {

    private static final String TOPIC = "checkpoint-secrets";
    private static final String PREFIX = "eos.source.kafka.";
    private static final String TRUSTSTORE_PASSWORD = "Planted-Truststore-7c1e9a";
    private static final String JAAS_PASSWORD = "Planted-Jaas-4b2f80";
    private static final ConcurrentLinkedQueue<String> SEEN = new ConcurrentLinkedQueue<>();
    /** The truststore password each batch's reader got, as "batch time=value". */
    private static final ConcurrentLinkedQueue<String> READER_PASSWORDS = new ConcurrentLinkedQueue<>();

    @RegisterExtension
    static final KafkaTopicExtension KAFKA = new KafkaTopicExtension("kafka-checkpoint-secrets", TOPIC, 1);

    @AfterAll
    static void forgetTheSecrets() {
        KafkaSecrets.clear();
    }

    @Test
    void theCheckpointHoldsTheSettingsMaskedAndARecoveredStreamReadsWithTheRealOnes() throws Exception {
        Path checkpointDir = KAFKA.work().resolve("checkpoint");
        String checkpoint = checkpointDir.toString();
        KAFKA.broker().send(TOPIC, 0, KafkaTopicExtension.values("a", 5));

        JavaStreamingContext first = JavaStreamingContext.getOrCreate(checkpoint, () -> newContext(checkpoint));
        first.start();
        try {
            await().atMost(60, TimeUnit.SECONDS)
                    .until(() -> SEEN.size() >= 5 && SparkCheckpointFiles.hasCheckpointFile(checkpointDir));
        } finally {
            first.stop(true, true);
        }
        assertThat(READER_PASSWORDS).isNotEmpty().allMatch(p -> p.equals(TRUSTSTORE_PASSWORD));

        // a new JVM's job: nothing registered until the job registers its current configuration, then recovers
        KafkaSecrets.clear();
        new KafkaSource().prepare(options());
        SEEN.clear();
        READER_PASSWORDS.clear();
        KAFKA.broker().send(TOPIC, 0, KafkaTopicExtension.values("b", 3));
        AtomicBoolean createdAgain = new AtomicBoolean();
        JavaStreamingContext second = JavaStreamingContext.getOrCreate(checkpoint, () -> {
            createdAgain.set(true);
            return newContext(checkpoint);
        });
        Map<String, Object> driverParams;
        try {
            second.start();
            await().atMost(60, TimeUnit.SECONDS).until(() -> SEEN.size() >= 3);
            driverParams = driverConsumerParams(second);
        } finally {
            second.stop(true, false);
        }

        assertThat(createdAgain).as("recovered from the checkpoint, not created anew").isFalse();
        assertThat(SEEN).containsExactlyInAnyOrder("b0", "b1", "b2");
        assertThat(driverParams).containsEntry("ssl.truststore.password", TRUSTSTORE_PASSWORD);
        assertThat((String) driverParams.get("sasl.jaas.config")).contains(JAAS_PASSWORD);
        assertThat(READER_PASSWORDS).isNotEmpty().allMatch(p -> p.equals(TRUSTSTORE_PASSWORD));

        List<String> leaks = SecretScan.leaks(checkpointDir,
                Map.of(TRUSTSTORE_PASSWORD, "truststore password", JAAS_PASSWORD, "JAAS password"), file -> false);
        boolean masked = false;
        try (Stream<Path> files = Files.walk(checkpointDir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                masked |= SparkCheckpointFiles.isCheckpointFile(file) && new String(
                        SparkCheckpointFiles.readable(file), StandardCharsets.ISO_8859_1).contains(Secret.HIDDEN);
            }
        }
        assertThat(leaks).as("secrets in the checkpoint").isEmpty();
        assertThat(masked).as("a checkpoint file holds the masked settings (the scan reads decompressed files)")
                .isTrue();
    }

    @Test
    void anEventHubsConnectionStringIsMasked() {
        String key = "Planted-SharedAccessKey-91d3";
        KafkaSettings settings = EventHubsSourceOptions.settings("eos.source.eventhubs.", Map.of(
                "eos.source.eventhubs.connection-string", "Endpoint=sb://ns.servicebus.windows.net/;"
                        + "SharedAccessKeyName=listen;SharedAccessKey=" + key + "=",
                "eos.source.eventhubs.event-hub", "events"));
        assertThat(settings.kafkaParams().toString()).contains(key);

        Map<String, Object> masked = KafkaSecrets.masked(settings.kafkaParams());
        Map<String, Object> executors = KafkaSecrets.masked(settings.executorKafkaParams());
        assertThat(masked.toString()).doesNotContain(key);
        assertThat(executors.toString()).doesNotContain(key);

        KafkaSecrets.register("eos.source.eventhubs.", settings.kafkaParams());
        assertThat(KafkaSecrets.resolve("eos.source.eventhubs.", masked)).isEqualTo(settings.kafkaParams());
        KafkaSecrets.clear();
        assertThat(KafkaSecrets.resolve("eos.source.eventhubs.", masked)).isEqualTo(masked);
    }

    private static Config options() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(PREFIX + "bootstrap-servers", KAFKA.broker().bootstrapServers());
        properties.put(PREFIX + "assign", TOPIC + ":0");
        properties.put(PREFIX + "group-id", "eos-checkpoint-secrets");
        properties.put(PREFIX + "ssl.truststore.password", TRUSTSTORE_PASSWORD);
        properties.put(PREFIX + "sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule "
                + "required username=\"app\" password=\"" + JAAS_PASSWORD + "\";");
        return KafkaSourceOptions.SPEC.parse(PREFIX, properties);
    }

    private static JavaStreamingContext newContext(String checkpoint) {
        JavaStreamingContext ssc = new JavaStreamingContext(KAFKA.sparkConf("kafka-checkpoint-secrets-test"),
                Durations.milliseconds(500));
        ssc.checkpoint(checkpoint);
        SourceStream stream = new KafkaSource().createStream(ssc, new SourceContext(options(), Map.of()));
        stream.events().foreachRDD((rdd, time) -> {
            RddLineage.find(rdd.rdd(), KafkaRangeRDD.class).ifPresent(range ->
                    READER_PASSWORDS.add(String.valueOf(range.consumerParams().get("ssl.truststore.password"))));
            SEEN.addAll(rdd.map(e -> new String(e.value(), StandardCharsets.UTF_8)).collect());
            stream.afterBatchCommitted(rdd, time);
        });
        return ssc;
    }

    /** The settings the recovered driver's consumer is started with: those its consumer strategy resolves. */
    private static Map<String, Object> driverConsumerParams(JavaStreamingContext ssc) throws Exception {
        InputDStream<?>[] inputs = ssc.ssc().graph().getInputStreams();
        assertThat(inputs).hasSize(1);
        Field field = inputs[0].getClass().getDeclaredField("consumerStrategy");
        field.setAccessible(true);
        return ((MaskedConsumerStrategy) field.get(inputs[0])).resolvedParams();
    }

}
