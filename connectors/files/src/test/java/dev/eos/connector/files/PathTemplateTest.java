package dev.eos.connector.files;

import dev.eos.spi.OffsetRange;
import dev.eos.spi.SinkDataException;
import dev.eos.spi.SinkRecord;
import dev.eos.spi.SourcePosition;
import dev.eos.spi.WriteContext;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static dev.eos.connector.files.PathTemplate.Use.PER_BATCH;
import static dev.eos.connector.files.PathTemplate.Use.PER_RECORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PathTemplateTest {

    private static final WriteContext CONTEXT = new WriteContext(Instant.parse("2026-03-04T05:06:07Z"), 3, 0,
            List.of(new OffsetRange("orders", 2, 100, 150)));
    private static final SinkRecord RECORD = SinkRecord.builder("order-42")
            .value("{}")
            .field("country", "NL")
            .field("amount", 12.5)
            .field("nested", Map.of("a", 1))
            .eventTime(Instant.parse("2026-03-03T23:59:59Z"))
            .position(new SourcePosition("orders", 2, 117))
            .build();

    @Test
    void everyRecordTokenIsReplaced() {
        PathTemplate template = PathTemplate.parse("{position.source}/p{position.partition}/{field.country}/"
                + "{event-time:yyyy-MM-dd}/{batch-time:HH}/{partition}-{position.offset}-{key}.json", PER_RECORD);

        assertThat(template.render(RECORD, CONTEXT)).isEqualTo("orders/p2/NL/2026-03-03/05/3-117-order-42.json");
    }

    @Test
    void timePatternsMaySeparateDirectories() {
        assertThat(PathTemplate.parse("{batch-time:yyyy/MM/dd}/{key}", PER_RECORD).render(RECORD, CONTEXT))
                .isEqualTo("2026/03/04/order-42");
    }

    @Test
    void perBatchTemplateNamesTheFileByItsOffsetRanges() {
        assertThat(PathTemplate.parse("{batch-time:yyyy-MM-dd}/{range}.txt", PER_BATCH).render(CONTEXT))
                .isEqualTo("2026-03-04/orders-2-100-150.txt");
        WriteContext twoRanges = new WriteContext(CONTEXT.batchTime(), 0, 1,
                List.of(new OffsetRange("a/b", 0, 1, 2), new OffsetRange("a/b", 1, 5, 9)));
        assertThat(PathTemplate.parse("{range}", PER_BATCH).render(twoRanges)).isEqualTo("a%2Fb-0-1-2+a%2Fb-1-5-9");
    }

    @Test
    void perBatchFileWithoutOffsetRangesIsNamedByBatchTimeAndPartition() {
        WriteContext noRanges = new WriteContext(CONTEXT.batchTime(), 7, 0, List.of());

        assertThat(PathTemplate.parse("{range}", PER_BATCH).render(noRanges))
                .isEqualTo("batch-" + CONTEXT.batchTime().toEpochMilli() + "-partition-7");
    }

    @Test
    void keysCannotCreateDirectoriesClimbOutOrHide() {
        PathTemplate template = PathTemplate.parse("{key}", PER_RECORD);

        assertThat(render(template, "../../etc/passwd")).isEqualTo("%2E.%2F..%2Fetc%2Fpasswd");
        assertThat(render(template, "..")).isEqualTo("%2E.");
        assertThat(render(template, "_SUCCESS")).isEqualTo("%5FSUCCESS");
        assertThat(render(template, ".hidden")).isEqualTo("%2Ehidden");
        assertThat(render(template, "a b:c\\d%")).isEqualTo("a%20b%3Ac%5Cd%25");
        assertThat(render(template, "clé")).isEqualTo("cl%C3%A9");
        assertThat(render(template, "ok_name.v1")).isEqualTo("ok_name.v1");
    }

    @Test
    void escapingIsInjective() {
        assertThat(PathTemplate.escape("a/b")).isNotEqualTo(PathTemplate.escape("a%2Fb"));
    }

    @Test
    void missingFieldPositionOrEventTimeIsADataError() {
        SinkRecord bare = SinkRecord.builder("k").value("v").build();

        assertThatThrownBy(() -> PathTemplate.parse("{field.country}/{key}", PER_RECORD).render(bare, CONTEXT))
                .isInstanceOf(SinkDataException.class).hasMessageContaining("field \"country\"");
        assertThatThrownBy(() -> PathTemplate.parse("{position.offset}", PER_RECORD).render(bare, CONTEXT))
                .isInstanceOf(SinkDataException.class).hasMessageContaining("source position");
        assertThatThrownBy(() -> PathTemplate.parse("{event-time:yyyy}/{key}", PER_RECORD).render(bare, CONTEXT))
                .isInstanceOf(SinkDataException.class).hasMessageContaining("event time");
        assertThatThrownBy(() -> PathTemplate.parse("{field.nested}/{key}", PER_RECORD).render(RECORD, CONTEXT))
                .isInstanceOf(SinkDataException.class).hasMessageContaining("not a single value");
    }

    @Test
    void perRecordTemplateMustIdentifyTheRecord() {
        assertThatThrownBy(() -> PathTemplate.parse("{batch-time:yyyy}/{field.country}", PER_RECORD))
                .hasMessageContaining("must contain {key} or {position.offset}");
        assertThatThrownBy(() -> PathTemplate.parse("{range}/{key}", PER_RECORD)).hasMessageContaining("{range} is for per-batch");
    }

    @Test
    void perBatchTemplateMustContainRangeAndNoRecordToken() {
        assertThatThrownBy(() -> PathTemplate.parse("{batch-time:yyyy}", PER_BATCH)).hasMessageContaining("must contain {range}");
        assertThatThrownBy(() -> PathTemplate.parse("{range}-{key}", PER_BATCH)).hasMessageContaining("{key} is a per-record token");
    }

    @Test
    void malformedTemplatesAreRejectedWithEveryProblem() {
        assertThatThrownBy(() -> PathTemplate.parse("{nope}/{batch-time:qqqqqqq}/x y", PER_RECORD))
                .hasMessageContaining("unknown token {nope}")
                .hasMessageContaining("invalid date-time pattern")
                .hasMessageContaining("character ' '")
                .hasMessageContaining("must contain {key}");
        assertThatThrownBy(() -> PathTemplate.parse("{key", PER_RECORD)).hasMessageContaining("not closed");
        assertThatThrownBy(() -> PathTemplate.parse("/{key}", PER_RECORD)).hasMessageContaining("empty");
        assertThatThrownBy(() -> PathTemplate.parse("a//{key}", PER_RECORD)).hasMessageContaining("empty");
        assertThatThrownBy(() -> PathTemplate.parse("../{key}", PER_RECORD)).hasMessageContaining("hidden");
        assertThatThrownBy(() -> PathTemplate.parse("_tmp/{key}", PER_RECORD)).hasMessageContaining("hidden");
        assertThatThrownBy(() -> PathTemplate.parse("", PER_RECORD)).hasMessageContaining("empty template");
    }

    private static String render(PathTemplate template, String key) {
        return template.render(SinkRecord.builder(key).build(), CONTEXT);
    }
}
