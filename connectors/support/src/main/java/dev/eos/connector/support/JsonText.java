package dev.eos.connector.support;

import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The one JSON text encoding of EOS connectors: how a record's value (String, Long, Double, Boolean, Instant,
 * byte[], nested {@code Map}/{@code List}, null) becomes text. Strings are escaped as RFC 8259 requires, and
 * U+2028/U+2029 as well, so the text is also valid JavaScript and survives line-oriented tools. Stateless.
 */
public final class JsonText {

    private JsonText() {
    }

    /**
     * A value as plain text: a string as it is, bytes decoded as UTF-8, a map or list as JSON, anything else by
     * {@link String#valueOf(Object)}.
     */
    public static String text(Object value) {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof byte[] b) {
            return new String(b, StandardCharsets.UTF_8);
        }
        if (value instanceof Map<?, ?> || value instanceof List<?>) {
            StringBuilder out = new StringBuilder();
            value(value, out);
            return out.toString();
        }
        return String.valueOf(value);
    }

    /** Appends a value as JSON: numbers, booleans and null as they are; maps and lists nested; anything else quoted text. */
    public static void value(Object value, StringBuilder out) {
        if (value == null || value instanceof Number || value instanceof Boolean) {
            out.append(value);
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            Iterator<? extends Map.Entry<?, ?>> it = map.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<?, ?> e = it.next();
                string(String.valueOf(e.getKey()), out);
                out.append(':');
                value(e.getValue(), out);
                if (it.hasNext()) {
                    out.append(',');
                }
            }
            out.append('}');
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                value(list.get(i), out);
            }
            out.append(']');
        } else {
            string(text(value), out);
        }
    }

    /** Appends a JSON string literal: quotes, backslash, control characters, U+2028 and U+2029 escaped. */
    public static void string(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        out.append("\\u").append(HEX[c >> 12 & 0xf]).append(HEX[c >> 8 & 0xf])
                                .append(HEX[c >> 4 & 0xf]).append(HEX[c & 0xf]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();
}
