package dev.eos.demo.crashloop;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.eos.testing.kafka.EmbeddedKafkaBroker;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Feeds the {@code kafka} source: each payload becomes one record of a topic on an embedded broker, spread over
 * the topic's partitions in turn, and counts as produced once the broker acknowledged it (acks=all, idempotent
 * producer). The job reads the partitions by assignment, so a restarted driver reads again at once.
 *
 * <p>The broker lives in this JVM, so it outlives the killed driver: {@link #withOwnBroker} starts one and stops
 * it on {@link #close()} (the demo), {@link #on} uses one the caller runs (tests that stop and restart it).
 */
public final class KafkaEventFeeder implements EventFeeder {

    private final EmbeddedKafkaBroker broker;
    private final boolean ownsBroker;
    private final String topic;
    private final int partitions;
    private final String group;
    private KafkaProducer<String, String> producer;
    private long fed;

    private KafkaEventFeeder(EmbeddedKafkaBroker broker, boolean ownsBroker, String topic, int partitions,
                             String group) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1");
        }
        this.broker = broker;
        this.ownsBroker = ownsBroker;
        this.topic = topic;
        this.partitions = partitions;
        this.group = group;
    }

    /** Starts an embedded broker with its data under {@code brokerDir}; {@link #close()} stops it. */
    public static KafkaEventFeeder withOwnBroker(Path brokerDir, String topic, int partitions) {
        return new KafkaEventFeeder(EmbeddedKafkaBroker.start(brokerDir), true, topic, partitions, "eos-" + topic);
    }

    /** Feeds a broker the caller runs and stops. */
    public static KafkaEventFeeder on(EmbeddedKafkaBroker broker, String topic, int partitions) {
        return new KafkaEventFeeder(broker, false, topic, partitions, "eos-" + topic);
    }

    public EmbeddedKafkaBroker broker() {
        return broker;
    }

    public String topic() {
        return topic;
    }

    public String group() {
        return group;
    }

    @Override
    public Map<String, String> sourceProperties() {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("eos.source", "kafka");
        props.put("eos.source.kafka.bootstrap-servers", broker.bootstrapServers());
        props.put("eos.source.kafka.assign", IntStream.range(0, partitions)
                .mapToObj(p -> topic + ":" + p).collect(Collectors.joining(",")));
        props.put("eos.source.kafka.group-id", group);
        props.put("eos.source.kafka.starting-offsets", "earliest");
        return props;
    }

    @Override
    public void prepare() {
        broker.createTopic(topic, partitions);
    }

    @Override
    public void feed(List<String> payloads) throws Exception {
        if (producer == null) {
            producer = broker.producer();
        }
        List<Future<RecordMetadata>> sent = new ArrayList<>(payloads.size());
        for (String payload : payloads) {
            int partition = (int) (fed++ % partitions);
            sent.add(producer.send(new ProducerRecord<>(topic, partition, null, payload)));
        }
        producer.flush();
        for (Future<RecordMetadata> future : sent) {
            future.get(60, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() {
        if (producer != null) {
            producer.close();
            producer = null;
        }
        if (ownsBroker) {
            broker.close();
        }
    }
}
