package dev.eos.it.kafka;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.eos.demo.crashloop.EventFeeder;
import dev.eos.testing.kafka.EmbeddedKafkaBroker;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Feeds the {@code kafka} source as an exactly-once upstream does: each group of payloads is one transaction over
 * the topic's partitions (spread in turn), committed; and every other group is preceded by an aborted
 * transaction of decoy payloads ({@code aborted-...}), which the job must never store (the crash loop counts any
 * as an unexpected result). The topic's partitions hold commit and abort markers and aborted records between the
 * events, so the job's batches end on them.
 */
final class TransactionalKafkaEventFeeder implements EventFeeder {

    private final EmbeddedKafkaBroker broker;
    private final String topic;
    private final int partitions;
    private KafkaProducer<String, String> producer;
    private long fed;
    private long groups;

    TransactionalKafkaEventFeeder(EmbeddedKafkaBroker broker, String topic, int partitions) {
        this.broker = broker;
        this.topic = topic;
        this.partitions = partitions;
    }

    @Override
    public Map<String, String> sourceProperties() {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("eos.source", "kafka");
        props.put("eos.source.kafka.bootstrap-servers", broker.bootstrapServers());
        props.put("eos.source.kafka.assign", IntStream.range(0, partitions)
                .mapToObj(p -> topic + ":" + p).collect(Collectors.joining(",")));
        props.put("eos.source.kafka.group-id", "eos-" + topic);
        props.put("eos.source.kafka.starting-offsets", "earliest");
        return props;
    }

    @Override
    public void prepare() {
        broker.createTopic(topic, partitions);
    }

    @Override
    public void feed(List<String> payloads) {
        if (producer == null) {
            producer = broker.transactionalProducer("feeder-" + topic);
        }
        long group = groups++;
        if (group % 2 == 0) {
            producer.beginTransaction();
            for (int p = 0; p < partitions; p++) {
                producer.send(new ProducerRecord<>(topic, p, null, "aborted-" + group + "-" + p));
            }
            producer.flush();
            producer.abortTransaction();
        }
        producer.beginTransaction();
        for (String payload : payloads) {
            producer.send(new ProducerRecord<>(topic, (int) (fed++ % partitions), null, payload));
        }
        producer.commitTransaction();
    }

    @Override
    public void close() {
        if (producer != null) {
            producer.close();
            producer = null;
        }
    }
}
