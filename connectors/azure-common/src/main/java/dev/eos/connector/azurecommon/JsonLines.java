package dev.eos.connector.azurecommon;

import dev.eos.connector.support.JsonText;
import dev.eos.spi.SinkRecord;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The per-batch object format: one JSON object per record, one per line, in the order written:
 * {@code {"key":"...","position":"topic/0/42","eventTime":"2026-01-01T00:00:00Z","value":"..."}}. Absent position
 * or event time are left out; a value that is not valid UTF-8 is written as {@code "valueBase64"} instead. The same
 * record always gives the same bytes.
 */
public final class JsonLines {

    private JsonLines() {
    }

    /** The record's line, ending in {@code \n}, as UTF-8 bytes. */
    public static byte[] line(SinkRecord record) {
        StringBuilder out = new StringBuilder(64 + record.valueLength());
        out.append("{\"key\":");
        string(out, record.key());
        record.position().ifPresent(p -> string(out.append(",\"position\":"), p.toString()));
        record.eventTime().ifPresent(t -> string(out.append(",\"eventTime\":"), t.toString()));
        byte[] value = record.value();
        String text = utf8(value);
        if (text != null) {
            string(out.append(",\"value\":"), text);
        } else {
            string(out.append(",\"valueBase64\":"), Base64.getEncoder().encodeToString(value));
        }
        out.append("}\n");
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The bytes as a string when they are well-formed UTF-8 (no overlong forms, no surrogates), else null. */
    private static String utf8(byte[] bytes) {
        int i = 0;
        while (i < bytes.length) {
            int b = bytes[i] & 0xff;
            int extra;
            int min;
            if (b < 0x80) {
                i++;
                continue;
            } else if (b >= 0xc2 && b <= 0xdf) {
                extra = 1;
                min = 0x80;
            } else if (b >= 0xe0 && b <= 0xef) {
                extra = 2;
                min = 0x800;
            } else if (b >= 0xf0 && b <= 0xf4) {
                extra = 3;
                min = 0x10000;
            } else {
                return null;
            }
            if (i + extra >= bytes.length) {
                return null;
            }
            int code = b & (0x3f >> extra);
            for (int k = 1; k <= extra; k++) {
                int c = bytes[i + k] & 0xff;
                if ((c & 0xc0) != 0x80) {
                    return null;
                }
                code = (code << 6) | (c & 0x3f);
            }
            if (code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
                return null;
            }
            i += extra + 1;
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static void string(StringBuilder out, String s) {
        JsonText.string(s, out);
    }
}
