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
    void aStringOverJacksonsDefaultLimitMakesABadRecordNamingTheLimit() {
        String event = "{\"id\":1,\"body\":\"" + "x".repeat(20_000_001) + "\"}";

        RecordOrError prepared = RecordMapper.of(Format.JSON, "field.id").map(event(event, Map.of()));

        assertThat(prepared.errorReason()).startsWith("not a JSON object: String value length (20000001) exceeds the "
                + "maximum allowed (20000000, from `StreamReadConstraints.getMaxStringLength()`)");
    }

    @Test
    void aFiftyMegabyteEventIsAcceptedWhenTheStringLimitIsRaised() {
        Map<String, String> job = Map.of("eos.source", "files", "eos.sink", "files", "eos.checkpoint.dir", "/c",
                "eos.format", "json", "eos.json.max-string-length", "60000000");
        JsonLimits limits = JsonLimits.of(JobOptions.SPEC.parse("eos.", job));
        String body = "x".repeat(50_000_000);

        RecordOrError prepared = RecordMapper.of(Format.JSON, "field.id", limits)
                .map(event("{\"id\":1,\"body\":\"" + body + "\"}", Map.of()));

        assertThat(prepared.isBad()).as(prepared.errorReason()).isFalse();
        assertThat((String) prepared.record().fields().get("body")).hasSize(50_000_000);
    }

    @Test
    void theJsonLimitsDefaultToJacksonsAndMustBePositive() {
        JsonLimits defaults = JsonLimits.of(JobOptions.SPEC.parse("eos.",
                Map.of("eos.source", "files", "eos.sink", "files", "eos.checkpoint.dir", "/c")));

        assertThat(defaults).isEqualTo(new JsonLimits(20_000_000, 1000, 1000, 50_000)).isEqualTo(JsonLimits.DEFAULTS);
        assertThatThrownBy(() -> JobOptions.SPEC.parse("eos.", Map.of("eos.source", "files", "eos.sink", "files",
                "eos.checkpoint.dir", "/c", "eos.json.max-nesting-depth", "0")))
                .hasMessageContaining("Invalid value 0 for configuration \"eos.json.max-nesting-depth\": must be at "
                        + "least 1");
    }

    @Test
    void theNestingLimitApplies() {
        JsonLimits shallow = new JsonLimits(20_000_000, 1000, 2, 50_000);

        assertThat(RecordMapper.of(Format.JSON, "field.id", shallow).map(event("{\"id\":1,\"a\":{\"b\":{}}}",
                Map.of())).errorReason()).contains("Document nesting depth (3) exceeds the maximum allowed (2");
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
