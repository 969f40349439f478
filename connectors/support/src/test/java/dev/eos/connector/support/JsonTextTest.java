package dev.eos.connector.support;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class JsonTextTest {

    @Test
    void stringsEscapeQuotesBackslashControlsAndTheJavaScriptLineSeparators() {
        StringBuilder out = new StringBuilder();
        JsonText.string("a\"b\\c\nd\re\tf\u0001g\u2028h\u2029i\u00e9", out);

        assertThat(out).hasToString("\"a\\\"b\\\\c\\nd\\re\\tf\\u0001g\\u2028h\\u2029i\u00e9\"");
    }

    @Test
    void nestedValuesBecomeJsonAndScalarsStayAsWritten() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("n", 1L);
        map.put("d", 2.5);
        map.put("b", true);
        map.put("z", null);
        map.put("l", List.of("x", Map.of("k", "v")));
        map.put("t", Instant.parse("2026-01-01T00:00:00Z"));

        assertThat(JsonText.text(map))
                .isEqualTo("{\"n\":1,\"d\":2.5,\"b\":true,\"z\":null,\"l\":[\"x\",{\"k\":\"v\"}],\"t\":\"2026-01-01T00:00:00Z\"}");
    }

    @Test
    void textOfAScalarIsItsPlainForm() {
        assertThat(JsonText.text("a\"b")).isEqualTo("a\"b");
        assertThat(JsonText.text(42L)).isEqualTo("42");
        assertThat(JsonText.text("é".getBytes(StandardCharsets.UTF_8))).isEqualTo("é");
        assertThat(JsonText.text(List.of("\u2028"))).isEqualTo("[\"\\u2028\"]");
    }
}
