package dev.eos.connector.azurecommon;

import dev.eos.spi.OffsetRange;
import dev.eos.spi.SinkRecord;
import dev.eos.spi.SourcePosition;
import dev.eos.spi.WriteContext;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PathTemplateTest {

    private static final WriteContext CONTEXT = new WriteContext(Instant.parse("2026-03-04T05:06:07Z"), 3, 0,
            List.of(new OffsetRange("orders", 2, 100, 250)));
    private static final SinkRecord RECORD = SinkRecord.builder("order-17")
            .value("{}")
            .field("customer", "c42")
            .eventTime(Instant.parse("2026-01-02T03:04:05Z"))
            .position(new SourcePosition("file:/data/in.txt", 0, 7))
            .build();

    @Test
    void rendersEveryRecordTokenEscapingValuesIntoOneSegment() {
        PathTemplate template = PathTemplate.parse("{field.customer}/{event-time:yyyy/MM/dd}/{batch-time:HH}/{partition}/"
                + "{key}-{position.source}-{position.partition}-{position.offset}.json", WriteMode.PER_RECORD);

        assertThat(template.render(RECORD, CONTEXT))
                .isEqualTo("c42/2026/01/02/05/3/order-17-file%3A%2Fdata%2Fin.txt-0-7.json");
    }

    @Test
    void aKeyCannotClimbOutOfItsDirectoryOrHideItself() {
        PathTemplate byKey = PathTemplate.parse("data/{key}", WriteMode.PER_RECORD);

        assertThat(byKey.render(SinkRecord.builder("../escape").build(), CONTEXT)).isEqualTo("data/%2E.%2Fescape");
        assertThat(byKey.render(SinkRecord.builder("_tmp").build(), CONTEXT)).isEqualTo("data/%5Ftmp");
    }

    @Test
    void perBatchPathIsNamedByTheOffsetRangesOrByBatchAndPartitionWithout() {
        PathTemplate template = PathTemplate.parse("out/{batch-time:yyyy-MM-dd}/{range}.jsonl", WriteMode.PER_BATCH);

        assertThat(template.render(CONTEXT)).isEqualTo("out/2026-03-04/orders-2-100-250.jsonl");
        assertThat(template.render(new WriteContext(CONTEXT.batchTime(), 5, 2, List.of())))
                .isEqualTo("out/2026-03-04/batch-" + CONTEXT.batchTime().toEpochMilli() + "-partition-5.jsonl");
    }

    @Test
    void perRecordTemplateWithoutKeyOrOffsetIsRefused() {
        assertThatThrownBy(() -> PathTemplate.parse("{field.customer}.json", WriteMode.PER_RECORD))
                .hasMessageContaining("must contain {key} or {position.offset}");
    }

    @Test
    void perBatchTemplateRefusesRecordTokensAndNeedsRange() {
        assertThatThrownBy(() -> PathTemplate.parse("{key}/{batch-time:yyyy}", WriteMode.PER_BATCH))
                .hasMessageContaining("{key} is a per-record token")
                .hasMessageContaining("must contain {range}");
    }

    @Test
    void everyProblemOfATemplateIsReportedAtOnce() {
        assertThatThrownBy(() -> PathTemplate.parse("a b/{nope}/{event-time:qqqqqqq}/{key", WriteMode.PER_RECORD))
                .hasMessageContaining("character ' ' is not allowed")
                .hasMessageContaining("unknown token {nope}")
                .hasMessageContaining("invalid date-time pattern")
                .hasMessageContaining("is not closed");
        assertThatThrownBy(() -> PathTemplate.parse("/x//.hidden/{key}", WriteMode.PER_RECORD))
                .hasMessageContaining("a path segment is empty")
                .hasMessageContaining("segment \".hidden\" starts with '.'");
    }

    @Test
    void aRecordWithoutWhatTheTemplateNeedsOrGivingATooLongPathIsAnInvalidPath() {
        PathTemplate byField = PathTemplate.parse("{field.region}/{key}", WriteMode.PER_RECORD);
        PathTemplate byKey = PathTemplate.parse("data/{key}", WriteMode.PER_RECORD);

        assertThatThrownBy(() -> byField.render(RECORD, CONTEXT))
                .isInstanceOf(PathTemplate.InvalidPathException.class).hasMessageContaining("field \"region\"");
        assertThatThrownBy(() -> byKey.render(SinkRecord.builder("x".repeat(1100)).build(), CONTEXT))
                .isInstanceOf(PathTemplate.InvalidPathException.class).hasMessageContaining("at most 1024");
    }
}
