package dev.eos.spi;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A record is immutable, whatever happens later to the builder or to the maps and bytes it was given. */
class SinkRecordTest {

    @Test
    void aRecordKeepsItsContentWhenItsBuilderGoesOnChanging() {
        SinkRecord.Builder builder = SinkRecord.builder("k").value("v").field("a", 1L).header("h", "x");
        SinkRecord first = builder.build();

        SinkRecord second = builder.field("b", 2L).fields(Map.of("c", 3L)).header("i", "y").build();

        assertThat(first.fields()).containsExactly(Map.entry("a", 1L));
        assertThat(first.headers()).containsExactly(Map.entry("h", "x"));
        assertThat(second.fields()).containsExactly(Map.entry("a", 1L), Map.entry("b", 2L), Map.entry("c", 3L));
        assertThat(second.headers()).containsExactly(Map.entry("h", "x"), Map.entry("i", "y"));
    }

    @Test
    void aRecordKeepsItsContentWhenTheMapsAndBytesItWasGivenChange() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("a", 1L);
        fields.put("missing", null);
        byte[] value = {1, 2};
        SinkRecord record = SinkRecord.builder("k").value(value).fields(fields).build();

        fields.put("b", 2L);
        value[0] = 9;

        Map<String, Object> expected = new HashMap<>();
        expected.put("a", 1L);
        expected.put("missing", null);
        assertThat(record.fields()).isEqualTo(expected);
        assertThat(record.value()).containsExactly(1, 2);
        assertThatThrownBy(() -> record.fields().put("c", 3L)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> record.headers().put("c", "3")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aCopyMadeWithToBuilderEqualsTheRecordAndChangesApart() {
        SinkRecord record = SinkRecord.builder("k").value("v").field("a", 1L).header("h", "x").build();

        SinkRecord copy = record.toBuilder().build();
        SinkRecord changed = record.toBuilder().field("b", 2L).build();

        assertThat(copy).isEqualTo(record).hasSameHashCodeAs(record);
        assertThat(changed.fields()).containsOnlyKeys("a", "b");
        assertThat(record.fields()).containsOnlyKeys("a");
        assertThat(SinkRecord.builder("e").build()).isEqualTo(SinkRecord.builder("e").fields(Map.of()).build());
    }
}
