package dev.eos.connector.support;

import dev.eos.connector.support.PathTemplate.InvalidPathException;
import dev.eos.spi.OffsetRange;
import dev.eos.spi.SinkRecord;
import dev.eos.spi.SourcePosition;
import dev.eos.spi.WriteContext;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static dev.eos.connector.support.WriteMode.PER_BATCH;
import static dev.eos.connector.support.WriteMode.PER_RECORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PathTemplateTest {

    private static final int NO_LIMIT = PathTemplate.UNLIMITED;
    private static final WriteContext CONTEXT = new WriteContext(Instant.parse("2026-03-04T05:06:07Z"), 3, 0,
            List.of(new OffsetRange("orders", 2, 100, 150)));
    private static final SinkRecord RECORD = SinkRecord.builder("order-42")
            .value("{}")
            .field("country", "NL")
            .field("amount", 12.5)
            .field("nested", Map.of("a", 1))
            .header("tenant", "t/1")
            .eventTime(Instant.parse("2026-03-03T23:59:59Z"))
            .position(new SourcePosition("orders", 2, 117))
            .build();

    @Test
    void everyRecordExpressionIsReplaced() {
        PathTemplate template = PathTemplate.parse("{position.source}/p{position.partition}/{field.country}/"
                + "{event-time:yyyy-MM-dd}/{batch-time:HH}/{partition}-{position.offset}-{key}.json", PER_RECORD, NO_LIMIT);

        assertThat(template.render(RECORD, CONTEXT)).isEqualTo("orders/p2/NL/2026-03-03/05/3-117-order-42.json");
    }

    @Test
    void headersTheWholePositionAndUnformattedTimesAreEscapedIntoOneSegment() {
        PathTemplate template = PathTemplate.parse("{header.tenant}/{event-time}/{position}", PER_RECORD, NO_LIMIT);

        assertThat(template.render(RECORD, CONTEXT)).isEqualTo("t%2F1/2026-03-03T23%3A59%3A59Z/orders%2F2%2F117");
    }

    @Test
    void valuesAreEscapedIntoOneSegment() {
        SinkRecord record = SinkRecord.builder("order-17").field("customer", "c42")
                .eventTime(Instant.parse("2026-01-02T03:04:05Z"))
                .position(new SourcePosition("file:/data/in.txt", 0, 7)).build();

        assertThat(PathTemplate.parse("{field.customer}/{event-time:yyyy/MM/dd}/{key}-{position.source}.json",
                PER_RECORD, NO_LIMIT).render(record, CONTEXT)).isEqualTo("c42/2026/01/02/order-17-file%3A%2Fdata%2Fin.txt.json");
    }

    @Test
    void timePatternsMaySeparateDirectories() {
        assertThat(PathTemplate.parse("{batch-time:yyyy/MM/dd}/{key}", PER_RECORD, NO_LIMIT).render(RECORD, CONTEXT))
                .isEqualTo("2026/03/04/order-42");
    }

    @Test
    void perBatchTemplateNamesTheFileByItsOffsetRanges() {
        assertThat(PathTemplate.parse("{batch-time:yyyy-MM-dd}/{range}.txt", PER_BATCH, NO_LIMIT).render(CONTEXT))
                .isEqualTo("2026-03-04/orders-2-100-150.txt");
        WriteContext twoRanges = new WriteContext(CONTEXT.batchTime(), 0, 1,
                List.of(new OffsetRange("a/b", 0, 1, 2), new OffsetRange("a/b", 1, 5, 9)));
        assertThat(PathTemplate.parse("{range}", PER_BATCH, NO_LIMIT).render(twoRanges)).isEqualTo("a%2Fb-0-1-2+a%2Fb-1-5-9");
    }

    @Test
    void perBatchFileWithoutOffsetRangesIsNamedByBatchTimeAndPartition() {
        WriteContext noRanges = new WriteContext(CONTEXT.batchTime(), 7, 0, List.of());

        assertThat(PathTemplate.parse("{range}", PER_BATCH, NO_LIMIT).render(noRanges))
                .isEqualTo("batch-" + CONTEXT.batchTime().toEpochMilli() + "-partition-7");
    }

    @Test
    void keysCannotCreateDirectoriesClimbOutOrHide() {
        PathTemplate template = PathTemplate.parse("{key}", PER_RECORD, NO_LIMIT);

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
    void missingFieldPositionOrEventTimeIsAnInvalidPath() {
        SinkRecord bare = SinkRecord.builder("k").value("v").build();

        assertThatThrownBy(() -> PathTemplate.parse("{field.country}/{key}", PER_RECORD, NO_LIMIT).render(bare, CONTEXT))
                .isInstanceOf(InvalidPathException.class).hasMessageContaining("field \"country\"");
        assertThatThrownBy(() -> PathTemplate.parse("{position.offset}", PER_RECORD, NO_LIMIT).render(bare, CONTEXT))
                .isInstanceOf(InvalidPathException.class).hasMessageContaining("source position");
        assertThatThrownBy(() -> PathTemplate.parse("{event-time:yyyy}/{key}", PER_RECORD, NO_LIMIT).render(bare, CONTEXT))
                .isInstanceOf(InvalidPathException.class).hasMessageContaining("event time");
        assertThatThrownBy(() -> PathTemplate.parse("{field.nested}/{key}", PER_RECORD, NO_LIMIT).render(RECORD, CONTEXT))
                .isInstanceOf(InvalidPathException.class).hasMessageContaining("not a single value");
    }

    @Test
    void theCallerChoosesTheLongestPath() {
        SinkRecord longKey = SinkRecord.builder("x".repeat(1100)).build();

        assertThatThrownBy(() -> PathTemplate.parse("data/{key}", PER_RECORD, 1024).render(longKey, CONTEXT))
                .isInstanceOf(InvalidPathException.class).hasMessageContaining("at most 1024");
        assertThat(PathTemplate.parse("data/{key}", PER_RECORD, NO_LIMIT).render(longKey, CONTEXT)).hasSize(1105);
    }

    @Test
    void perRecordTemplateMustIdentifyTheRecord() {
        assertThatThrownBy(() -> PathTemplate.parse("{batch-time:yyyy}/{field.country}", PER_RECORD, NO_LIMIT))
                .hasMessageContaining("must contain {key}, {position} or {position.offset}");
        assertThatThrownBy(() -> PathTemplate.parse("{range}/{key}", PER_RECORD, NO_LIMIT))
                .hasMessageContaining("{range} is for per-batch");
        assertThat(PathTemplate.parse("{position}", PER_RECORD, NO_LIMIT).render(RECORD, CONTEXT)).isEqualTo("orders%2F2%2F117");
    }

    @Test
    void perBatchTemplateMustContainRangeAndNoRecordExpression() {
        assertThatThrownBy(() -> PathTemplate.parse("{batch-time:yyyy}", PER_BATCH, NO_LIMIT))
                .hasMessageContaining("must contain {range}");
        assertThatThrownBy(() -> PathTemplate.parse("{range}-{key}", PER_BATCH, NO_LIMIT))
                .hasMessageContaining("{key} is a record expression and cannot name a per-batch path")
                .hasMessageContaining("allowed: batch-time[:<pattern>], partition or range");
    }

    @Test
    void malformedTemplatesAreRejectedWithEveryProblemJoinedBySemicolons() {
        assertThatThrownBy(() -> PathTemplate.parse("a b/{nope}/{batch-time:qqqqqqq}/{key", PER_RECORD, NO_LIMIT))
                .hasMessageContaining("{nope}: \"nope\" is not a record expression (allowed here: key, value")
                .hasMessageContaining("; {batch-time:qqqqqqq}: \"batch-time:qqqqqqq\" has an invalid date-time pattern")
                .hasMessageContaining("is not closed")
                .hasMessageContaining("character ' '");
        assertThatThrownBy(() -> PathTemplate.parse("{batch-time:yyyy}/x y", PER_RECORD, NO_LIMIT))
                .hasMessageContaining("character ' '")
                .hasMessageContaining("must contain {key}");
        assertThatThrownBy(() -> PathTemplate.parse("{key", PER_RECORD, NO_LIMIT)).hasMessageContaining("not closed");
        assertThatThrownBy(() -> PathTemplate.parse("/{key}", PER_RECORD, NO_LIMIT)).hasMessageContaining("empty");
        assertThatThrownBy(() -> PathTemplate.parse("a//{key}", PER_RECORD, NO_LIMIT)).hasMessageContaining("empty");
        assertThatThrownBy(() -> PathTemplate.parse("../{key}", PER_RECORD, NO_LIMIT)).hasMessageContaining("hidden");
        assertThatThrownBy(() -> PathTemplate.parse("_tmp/{key}", PER_RECORD, NO_LIMIT)).hasMessageContaining("hidden");
        assertThatThrownBy(() -> PathTemplate.parse("/x//.hidden/{key}", PER_RECORD, NO_LIMIT))
                .hasMessageContaining("a path segment is empty")
                .hasMessageContaining("segment \".hidden\" starts with '.'");
        assertThatThrownBy(() -> PathTemplate.parse("", PER_RECORD, NO_LIMIT)).hasMessageContaining("empty template");
    }

    @Test
    void oldSpellingsAreNotPathTemplateSyntax() {
        assertThatThrownBy(() -> PathTemplate.parse("{customer}/{key}", PER_RECORD, NO_LIMIT))
                .hasMessageContaining("\"customer\" is not a record expression");
    }

    private static String render(PathTemplate template, String key) {
        return template.render(SinkRecord.builder(key).build(), CONTEXT);
    }
}
