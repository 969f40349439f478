package dev.eos.connector.azurecommon;

import dev.eos.spi.SinkRecord;
import dev.eos.spi.SourcePosition;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class JsonLinesTest {

    @Test
    void aRecordIsOneEscapedJsonObjectOnOneLine() {
        SinkRecord record = SinkRecord.builder("k\"1")
                .value("{\"a\":\"line1\nline2\"}")
                .eventTime(Instant.parse("2026-01-01T00:00:00Z"))
                .position(new SourcePosition("t", 1, 9))
                .build();

        assertThat(new String(JsonLines.line(record), StandardCharsets.UTF_8)).isEqualTo(
                "{\"key\":\"k\\\"1\",\"position\":\"t/1/9\",\"eventTime\":\"2026-01-01T00:00:00Z\","
                        + "\"value\":\"{\\\"a\\\":\\\"line1\\nline2\\\"}\"}\n");
    }

    @Test
    void aValueThatIsNotUtf8IsWrittenAsBase64() {
        SinkRecord record = SinkRecord.builder("k").value(new byte[] {(byte) 0xff, 0x00}).build();

        assertThat(new String(JsonLines.line(record), StandardCharsets.UTF_8))
                .isEqualTo("{\"key\":\"k\",\"valueBase64\":\"/wA=\"}\n");
    }

    @Test
    void wellFormedMultiByteUtf8StaysTextAndMalformedSequencesAreBase64() {
        String text = "caf\u00e9 \u20ac \ud83d\ude00";
        assertThat(new String(JsonLines.line(SinkRecord.builder("k").value(text).build()), StandardCharsets.UTF_8))
                .isEqualTo("{\"key\":\"k\",\"value\":\"" + text + "\"}\n");
        for (byte[] bad : new byte[][] {{(byte) 0xc0, (byte) 0x80}, {(byte) 0xe2, (byte) 0x82}, {(byte) 0xed, (byte) 0xa0, (byte) 0x80}}) {
            assertThat(new String(JsonLines.line(SinkRecord.builder("k").value(bad).build()), StandardCharsets.UTF_8))
                    .contains("valueBase64");
        }
    }

    @Test
    void theSameRecordGivesTheSameBytes() {
        SinkRecord record = SinkRecord.builder("k").value("v").build();

        assertThat(JsonLines.line(record)).isEqualTo(JsonLines.line(SinkRecord.builder("k").value("v").build()));
    }
}
