package dev.eos.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eos.spi.SinkRecord;
import dev.eos.spi.SourcePosition;
import dev.eos.spi.WriteContext;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A dead letter carries its reason in its value (a JSON envelope), its fields and its headers, whatever the sink. */
class DeadLetterTest {

    private static final WriteContext CONTEXT = new WriteContext(Instant.parse("2026-12-01T10:00:00Z"), 3, 7, List.of());
    private static final byte[] ORIGINAL = {'{', 'n', 'o', 't', (byte) 0xff, '\n', 'j', 's', 'o', 'n'};
    private static final SinkRecord BAD = SinkRecord.builder("orders/1/42")
            .value(ORIGINAL)
            .position(new SourcePosition("orders", 1, 42))
            .eventTime(Instant.parse("2026-12-01T09:59:58Z"))
            .header("trace", "t-1")
            .build();

    /** The original bytes of a dead letter's envelope. */
    static byte[] originalBytes(SinkRecord deadLetter) throws IOException {
        return Base64.getDecoder().decode(envelope(deadLetter).get("value-base64").asText());
    }

    static JsonNode envelope(SinkRecord deadLetter) throws IOException {
        return new ObjectMapper().readTree(deadLetter.value());
    }

    @Test
    void theValueIsADocumentedJsonEnvelopeWithTheOriginalBytesBase64Encoded() throws IOException {
        SinkRecord dead = DeadLetter.of(BAD, "not a JSON object: Unexpected character", "java.lang.IllegalArgumentException",
                CONTEXT);

        assertThat(dead.valueAsString()).isEqualTo("{\"eos-dead-letter\":1,\"key\":\"orders/1/42\","
                + "\"reason\":\"not a JSON object: Unexpected character\","
                + "\"error-class\":\"java.lang.IllegalArgumentException\",\"position\":\"orders/1/42\","
                + "\"source\":\"orders\",\"source-partition\":1,\"offset\":42,\"event-time\":\"2026-12-01T09:59:58Z\","
                + "\"batch-time\":\"2026-12-01T10:00:00Z\",\"partition\":3,\"attempt\":7,\"headers\":{\"trace\":\"t-1\"},"
                + "\"value-base64\":\"" + Base64.getEncoder().encodeToString(ORIGINAL) + "\"}");
        assertThat(originalBytes(dead)).isEqualTo(ORIGINAL);
        assertThat(dead.valueAsString()).as("one line, whatever the original holds").doesNotContain("\n");
    }

    @Test
    void theKeyStaysTheRecordsSoAReplayedDeadLetterIsStoredOnce() {
        SinkRecord dead = DeadLetter.of(BAD, "r", "c", CONTEXT);

        assertThat(dead.key()).isEqualTo("orders/1/42");
        assertThat(dead.position()).isEqualTo(BAD.position());
        assertThat(dead.eventTime()).isEqualTo(BAD.eventTime());
        assertThat(DeadLetter.of(BAD, "r", "c", CONTEXT)).isEqualTo(dead);
    }

    @Test
    void structuredSinksGetTheEnvelopesMembersAsFieldsAndTheReasonAsHeaders() {
        SinkRecord dead = DeadLetter.of(BAD, "missing key field \"id\"", "java.lang.IllegalArgumentException", CONTEXT);

        assertThat(dead.fields())
                .containsEntry("reason", "missing key field \"id\"")
                .containsEntry("error-class", "java.lang.IllegalArgumentException")
                .containsEntry("position", "orders/1/42")
                .containsEntry("offset", 42L)
                .containsEntry("batch-time", "2026-12-01T10:00:00Z")
                .containsEntry("attempt", 7)
                .containsEntry("headers", Map.of("trace", "t-1"))
                .containsEntry("value-base64", Base64.getEncoder().encodeToString(ORIGINAL));
        assertThat(dead.headers())
                .containsEntry("trace", "t-1")
                .containsEntry("eos.error.reason", "missing key field \"id\"")
                .containsEntry("eos.error.class", "java.lang.IllegalArgumentException")
                .containsEntry("eos.error.position", "orders/1/42");
    }

    @Test
    void aRecordWithoutPositionHasNullPositionMembers() throws IOException {
        SinkRecord noPosition = SinkRecord.builder("sha256:ab").value("x").build();

        JsonNode envelope = envelope(DeadLetter.of(noPosition, "r", "c", CONTEXT));

        assertThat(envelope.get("position").isNull()).isTrue();
        assertThat(envelope.get("offset").isNull()).isTrue();
        assertThat(envelope.get("event-time").isNull()).isTrue();
    }

    @Test
    void theLogLineHasReasonAndPositionButNeverTheBytes() {
        SinkRecord secret = SinkRecord.builder("orders/1/42").value("card=4111111111111111".getBytes(StandardCharsets.UTF_8))
                .position(new SourcePosition("orders", 1, 42)).build();

        String line = DeadLetter.describe(secret, "not a JSON object", "java.lang.IllegalArgumentException", CONTEXT);

        assertThat(line).isEqualTo("Dead-lettered record \"orders/1/42\" at orders/1/42 of batch 2026-12-01T10:00:00Z "
                + "partition 3 attempt 7: not a JSON object (java.lang.IllegalArgumentException)");
        assertThat(line).doesNotContain("4111");
    }
}
