package dev.eos.connector.support;

import dev.eos.connector.support.RecordMapping.OldForm;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordMappingTest {

    private static final String KEY = "eos.sink.x.columns";

    private static Map<String, String> parse(OldForm oldForm, String... entries) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        RecordMapping.parse(List.of(entries), RecordExpression.RECORD, KEY, oldForm).forEach((k, v) -> out.put(k, v.toString()));
        return out;
    }

    @Test
    void theTargetIsOnTheLeftAndTheExpressionOnTheRight() {
        assertThat(parse(OldForm.TARGET_EQUALS_SOURCE, "order_id=field.id", " received = event-time ", "k=key"))
                .containsExactly(Map.entry("order_id", "field.id"), Map.entry("received", "event-time"), Map.entry("k", "key"));
    }

    @Test
    void aBareNameIsTheFieldOfThatName() {
        assertThat(parse(OldForm.FIELD_EQUALS_TARGET, "amount")).containsExactly(Map.entry("amount", "field.amount"));
        assertThat(parse(OldForm.TARGET_EQUALS_SOURCE, "amount")).containsExactly(Map.entry("amount", "field.amount"));
    }

    @Test
    void oldJdbcSourcesAreAccepted() {
        assertThat(parse(OldForm.TARGET_EQUALS_SOURCE, "k=@key", "o=@offset", "c=customer"))
                .containsExactly(Map.entry("k", "key"), Map.entry("o", "position.offset"), Map.entry("c", "field.customer"));
    }

    @Test
    void oldHBaseFieldEqualsQualifierIsTurnedAround() {
        assertThat(parse(OldForm.FIELD_EQUALS_TARGET, "amount=a", "q=field.customer"))
                .containsExactly(Map.entry("a", "field.amount"), Map.entry("q", "field.customer"));
    }

    @Test
    void everyBadEntryIsReported() {
        assertThatThrownBy(() -> parse(OldForm.TARGET_EQUALS_SOURCE, "=x", "a=@nope", "b=range", "c=key", "c=value"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("entry \"=x\" is not target=expression")
                .hasMessageContaining("entry \"a=@nope\": \"@nope\" is not a record expression (allowed here: key")
                .hasMessageContaining("entry \"b=range\": \"range\" (range) cannot be used here")
                .hasMessageContaining("target c is mapped twice");
        assertThatThrownBy(() -> parse(OldForm.FIELD_EQUALS_TARGET, "a=b c"))
                .hasMessageContaining("entry \"a=b c\": \"b c\" is not a record expression");
    }
}
