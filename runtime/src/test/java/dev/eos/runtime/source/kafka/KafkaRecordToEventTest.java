package dev.eos.runtime.source.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

import dev.eos.runtime.source.SourceEvent;
import dev.eos.spi.SourcePosition;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class KafkaRecordToEventTest {

    @Test
    void positionIsTopicPartitionOffsetAndHeadersAndTimestampComeAlong() {
        RecordHeaders headers = new RecordHeaders();
        headers.add(new RecordHeader("trace", "t-1".getBytes(StandardCharsets.UTF_8)));
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("orders", 3, 42L, 1_700_000_000_000L,
                TimestampType.CREATE_TIME, 0, 5, "key".getBytes(StandardCharsets.UTF_8),
                "{\"id\":1}".getBytes(StandardCharsets.UTF_8), headers, Optional.empty());

        SourceEvent event = KafkaSourceStream.toEvent(record);

        assertThat(event.position()).isEqualTo(new SourcePosition("orders", 3, 42L));
        assertThat(event.position().toString()).isEqualTo("orders/3/42");
        assertThat(new String(event.value(), StandardCharsets.UTF_8)).isEqualTo("{\"id\":1}");
        assertThat(event.headers()).containsEntry("trace", "t-1");
        assertThat(event.eventTime()).isEqualTo(Instant.ofEpochMilli(1_700_000_000_000L));
    }

    @Test
    void aTombstoneIsAnEmptyEventNotADroppedOne() {
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("orders", 0, 7L, null, null);

        SourceEvent event = KafkaSourceStream.toEvent(record);

        assertThat(event.value()).isEmpty();
        assertThat(event.position()).isEqualTo(new SourcePosition("orders", 0, 7L));
    }
}
