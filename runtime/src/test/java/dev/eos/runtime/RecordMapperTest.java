package dev.eos.runtime;

import dev.eos.runtime.config.JobOptions;
import dev.eos.runtime.config.JobOptions.Format;
import dev.eos.runtime.source.SourceEvent;
import dev.eos.spi.SourcePosition;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** eos.key is a record expression: the position (default), a field of a JSON event, or a header. */
class RecordMapperTest {

    private static final SourcePosition POSITION = new SourcePosition("orders", 1, 7);

    private static SourceEvent event(String json, Map<String, String> headers) {
        return new SourceEvent(json.getBytes(StandardCharsets.UTF_8), POSITION, headers, null);
    }

    @Test
    void theDefaultKeyIsTheSourcePosition() {
        RecordOrError prepared = RecordMapper.of(Format.RAW, "position").map(event("x", Map.of()));

        assertThat(prepared.record().key()).isEqualTo("orders/1/7");
    }

    @Test
    void aFieldOrAHeaderKeysTheRecord() {
        assertThat(RecordMapper.of(Format.JSON, "field.id").map(event("{\"id\":42}", Map.of())).record().key())
                .isEqualTo("42");
        assertThat(RecordMapper.of(Format.RAW, "header.trace").map(event("x", Map.of("trace", "t-1"))).record().key())
                .isEqualTo("t-1");
    }

    @Test
    void aMissingKeyFieldOrHeaderMakesABadRecord() {
        assertThat(RecordMapper.of(Format.JSON, "field.id").map(event("{}", Map.of())).errorReason())
                .isEqualTo("missing key field \"id\"");
        assertThat(RecordMapper.of(Format.RAW, "header.trace").map(event("x", Map.of())).errorReason())
                .isEqualTo("missing key header \"trace\"");
    }

    @Test
    void theOldFieldSpellingIsStillAccepted() {
        assertThat(RecordMapper.of(Format.JSON, "field:id").map(event("{\"id\":\"a\"}", Map.of())).record().key())
                .isEqualTo("a");
    }

    @Test
    void otherExpressionsAreRefusedWithWhatIsAllowed() {
        assertThatThrownBy(() -> JobOptions.key("position.offset"))
                .hasMessageContaining("allowed here: field.<name>, header.<name> or position");
        assertThatThrownBy(() -> JobOptions.SPEC.parse("eos.", Map.of("eos.key", "value")))
                .hasMessageContaining("Invalid value value for configuration \"eos.key\": must be a record expression "
                        + "among field.<name>, header.<name> or position");
    }
}
