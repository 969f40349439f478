package dev.eos.connector.support;

import dev.eos.connector.support.RecordExpression.Kind;
import dev.eos.spi.OffsetRange;
import dev.eos.spi.SinkRecord;
import dev.eos.spi.SourcePosition;
import dev.eos.spi.WriteContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordExpressionTest {

    private static final WriteContext CONTEXT = new WriteContext(Instant.parse("2026-03-04T05:06:07Z"), 3, 0,
            List.of(new OffsetRange("orders", 2, 100, 150)));
    private static final SinkRecord RECORD = SinkRecord.builder("order-42")
            .value("payload")
            .field("id", 42L)
            .field("a.b", "dotted")
            .field("tags", List.of("x", "y"))
            .header("tenant", "acme")
            .eventTime(Instant.parse("2026-03-03T23:59:59Z"))
            .position(new SourcePosition("orders", 2, 117))
            .build();

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "key                    | KEY                | order-42",
            "value                  | VALUE              | payload",
            "event-time             | EVENT_TIME         | 2026-03-03T23:59:59Z",
            "event-time:yyyy-MM-dd  | EVENT_TIME         | 2026-03-03",
            "field.id               | FIELD              | 42",
            "field.a.b              | FIELD              | dotted",
            "field.tags             | FIELD              | [\"x\",\"y\"]",
            "header.tenant          | HEADER             | acme",
            "position               | POSITION           | orders/2/117",
            "position.source        | POSITION_SOURCE    | orders",
            "position.partition     | POSITION_PARTITION | 2",
            "position.offset        | POSITION_OFFSET    | 117",
            "batch-time:HH          | BATCH_TIME         | 05",
            "partition              | PARTITION          | 3",
            "range                  | RANGE              | orders-2-100-150",
    })
    void everyFormNamesItsPartOfTheRecordOrBatch(String text, Kind kind, String rendered) {
        RecordExpression expression = RecordExpression.parse(text, RecordExpression.ALL);

        assertThat(expression.kind()).isEqualTo(kind);
        assertThat(expression.text(RECORD, CONTEXT)).isEqualTo(rendered);
        assertThat(expression.toString()).isEqualTo(text);
    }

    @Test
    void valuesKeepTheirTypes() {
        assertThat(RecordExpression.parse("value", RecordExpression.RECORD).value(RECORD, CONTEXT)).isEqualTo("payload".getBytes());
        assertThat(RecordExpression.parse("position.offset", RecordExpression.RECORD).value(RECORD, CONTEXT)).isEqualTo(117L);
        assertThat(RecordExpression.parse("position.partition", RecordExpression.RECORD).value(RECORD, CONTEXT)).isEqualTo(2L);
        assertThat(RecordExpression.parse("event-time", RecordExpression.RECORD).value(RECORD, CONTEXT))
                .isEqualTo(Instant.parse("2026-03-03T23:59:59Z"));
        assertThat(RecordExpression.parse("field.id", RecordExpression.RECORD).value(RECORD, CONTEXT)).isEqualTo(42L);
    }

    @Test
    void anAbsentPartIsNullAndSaysWhy() {
        SinkRecord bare = SinkRecord.builder("k").build();

        for (String text : List.of("event-time", "field.id", "header.tenant", "position", "position.offset")) {
            RecordExpression expression = RecordExpression.parse(text, RecordExpression.RECORD);
            assertThat(expression.value(bare, CONTEXT)).as(text).isNull();
        }
        assertThat(RecordExpression.parse("field.id", RecordExpression.RECORD).absence())
                .isEqualTo("the record has no field \"id\" (or it is null)");
        assertThat(RecordExpression.parse("header.tenant", RecordExpression.RECORD).absence())
                .isEqualTo("the record has no header \"tenant\"");
        assertThat(RecordExpression.parse("position.source", RecordExpression.RECORD).absence())
                .isEqualTo("the record has no source position");
        assertThat(RecordExpression.parse("event-time", RecordExpression.RECORD).absence())
                .isEqualTo("the record has no event time");
    }

    @Test
    void anUnknownExpressionSaysWhatIsAllowedHere() {
        assertThatThrownBy(() -> RecordExpression.parse("nope", Set.of(Kind.POSITION, Kind.FIELD)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("\"nope\" is not a record expression (allowed here: field.<name> or position)");
        assertThatThrownBy(() -> RecordExpression.parse("field.", RecordExpression.RECORD))
                .hasMessageContaining("is not a record expression");
        assertThatThrownBy(() -> RecordExpression.parse("", RecordExpression.RECORD))
                .hasMessageContaining("is not a record expression");
    }

    @Test
    void aKindNotAllowedHereIsRefusedWithWhatIsAllowed() {
        assertThatThrownBy(() -> RecordExpression.parse("range", RecordExpression.RECORD))
                .hasMessage("\"range\" (range) cannot be used here (allowed here: key, value, event-time[:<pattern>], "
                        + "field.<name>, header.<name>, position, position.source, position.partition or position.offset)");
        assertThatThrownBy(() -> RecordExpression.parse("key", RecordExpression.BATCH))
                .hasMessageContaining("allowed here: batch-time[:<pattern>], partition or range");
    }

    @Test
    void onlyTimesTakeAPatternAndItMustBeValid() {
        assertThatThrownBy(() -> RecordExpression.parse("key:yyyy", RecordExpression.ALL))
                .hasMessageContaining("is not a record expression");
        assertThatThrownBy(() -> RecordExpression.parse("event-time:", RecordExpression.ALL))
                .hasMessageContaining("is not a record expression");
        assertThatThrownBy(() -> RecordExpression.parse("event-time:qqqqqqq", RecordExpression.ALL))
                .hasMessageContaining("has an invalid date-time pattern");
    }

    @Test
    void aFieldOrHeaderNameIsEverythingAfterTheFirstDot() {
        RecordExpression expression = RecordExpression.parse("field.x:y.z", RecordExpression.RECORD);

        assertThat(expression.kind()).isEqualTo(Kind.FIELD);
        assertThat(expression.name()).isEqualTo("x:y.z");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "@key           | key",
            "@VALUE         | value",
            "@event-time    | event-time",
            "@source        | position.source",
            "@partition     | position.partition",
            "@offset        | position.offset",
            "@header.Trace  | header.Trace",
            "field:id       | field.id",
            "customer_id    | field.customer_id",
    })
    void oldSpellingsHaveOneNewSpelling(String old, String renewed) {
        assertThat(RecordExpression.newSpelling(old)).contains(renewed);
        assertThat(RecordExpression.parse(old, RecordExpression.RECORD, "eos.sink.x.columns").toString()).isEqualTo(renewed);
    }

    @Test
    void currentSpellingsAndNonsenseHaveNoNewSpelling() {
        assertThat(RecordExpression.newSpelling("key")).isEmpty();
        assertThat(RecordExpression.newSpelling("field.id")).isEmpty();
        assertThat(RecordExpression.newSpelling("@nope")).isEmpty();
        assertThat(RecordExpression.newSpelling("a b")).isEmpty();
        assertThatThrownBy(() -> RecordExpression.parse("@nope", RecordExpression.RECORD, "eos.sink.x.columns"))
                .hasMessageContaining("\"@nope\" is not a record expression");
    }

    @Test
    void anOldSpellingStillHasToBeAllowedHere() {
        assertThatThrownBy(() -> RecordExpression.parse("@value", Set.of(Kind.FIELD), "eos.key"))
                .hasMessageContaining("allowed here: field.<name>");
    }

    @Test
    void theDeprecationWarningNamesTheKeyTheOldAndTheNewSpelling() {
        assertThat(Deprecations.message("eos.key", "field:id", "field.id")).isEqualTo("Configuration \"eos.key\": "
                + "\"field:id\" is an old spelling and still accepted; write \"field.id\" (see docs/record-expressions.md)");
    }

    @Test
    void anOldSpellingIsWarnedAboutOncePerKey() {
        assertThat(Deprecations.warnOnce("test.once", "@key", "key")).isTrue();
        assertThat(Deprecations.warnOnce("test.once", "@key", "key")).isFalse();
        assertThat(Deprecations.warnOnce("test.other", "@key", "key")).isTrue();
    }

    @Test
    void survivesSerializationWithItsPattern() throws Exception {
        RecordExpression expression = RecordExpression.parse("event-time:yyyy", RecordExpression.RECORD);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(expression);
        }
        RecordExpression copy = (RecordExpression) new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray())).readObject();

        assertThat(copy).isEqualTo(expression);
        assertThat(copy.text(RECORD, CONTEXT)).isEqualTo("2026");
    }

    @Test
    void describeListsKindsInOneOrder() {
        assertThat(RecordExpression.describe(Set.of(Kind.FIELD, Kind.POSITION, Kind.HEADER)))
                .isEqualTo("field.<name>, header.<name> or position");
        assertThat(RecordExpression.describe(Set.of(Kind.KEY))).isEqualTo("key");
        assertThat(Map.of()).isEmpty();
    }
}
