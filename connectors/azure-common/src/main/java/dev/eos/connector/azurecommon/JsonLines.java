package dev.eos.connector.azurecommon;

import dev.eos.spi.SinkRecord;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
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

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static void string(StringBuilder out, String s) {
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
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
