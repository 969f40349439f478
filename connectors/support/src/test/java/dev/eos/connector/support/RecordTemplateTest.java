package dev.eos.connector.support;

import dev.eos.connector.support.RecordExpression.Kind;
import dev.eos.connector.support.RecordTemplate.Expression;
import dev.eos.connector.support.RecordTemplate.Literal;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordTemplateTest {

    @Test
    void aTemplateIsLiteralTextAndExpressionsInBraces() {
        RecordTemplate template = RecordTemplate.parse("{field.customer}#{field.order}", RecordExpression.RECORD);

        assertThat(template.parts()).containsExactly(
                new Expression(RecordExpression.parse("field.customer", RecordExpression.RECORD)),
                new Literal("#"),
                new Expression(RecordExpression.parse("field.order", RecordExpression.RECORD)));
        assertThat(template.expressions()).extracting(RecordExpression::kind).containsExactly(Kind.FIELD, Kind.FIELD);
        assertThat(template.uses(java.util.Set.of(Kind.KEY))).isFalse();
        assertThat(template).hasToString("{field.customer}#{field.order}");
    }

    @Test
    void everyProblemIsReportedJoinedBySemicolons() {
        assertThatThrownBy(() -> RecordTemplate.parse("a}{nope}{range}{key", RecordExpression.RECORD))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'}' at position 1 has no '{'; {nope}: \"nope\" is not a record expression (allowed here: "
                        + RecordExpression.describe(RecordExpression.RECORD) + "); {range}: \"range\" (range) cannot be "
                        + "used here (allowed here: " + RecordExpression.describe(RecordExpression.RECORD)
                        + "); '{' at position 15 is not closed");
        assertThatThrownBy(() -> RecordTemplate.parse("{a{key}", RecordExpression.RECORD))
                .hasMessageContaining("is not closed before the next '{'");
        assertThatThrownBy(() -> RecordTemplate.parse("", RecordExpression.RECORD)).hasMessage("empty template");
    }

    @Test
    void oldSpellingsAreAcceptedOnlyWhereTheCallerAllowsThem() {
        assertThatThrownBy(() -> RecordTemplate.parse("{customer}#{order}", RecordExpression.RECORD))
                .hasMessageContaining("\"customer\" is not a record expression");

        RecordTemplate template = RecordTemplate.parse("{customer}#{key}", RecordExpression.RECORD, "eos.sink.hbase.row-key");

        assertThat(template.expressions()).extracting(Object::toString).containsExactly("field.customer", "key");
    }

    @Test
    void anOldSpellingOfAKindNotAllowedIsStillRefused() {
        assertThatThrownBy(() -> RecordTemplate.parse("{@offset}", List.of(Kind.KEY).stream()
                .collect(java.util.stream.Collectors.toSet()), "k"))
                .hasMessageContaining("allowed here: key");
    }
}
