package dev.eos.connector.hbase;

import dev.eos.spi.SinkDataException;
import dev.eos.spi.SinkRecord;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * How a record's row key is made: its idempotency key, or a template of literal text and {@code {field}}
 * placeholders; then, with salting, a bucket prefix: {@code CRC32(unsalted key bytes) mod buckets}, zero-padded to
 * the width of the largest bucket, and {@code '-'}. A reader computes the same prefix to find a row. Immutable.
 */
public final class RowKeyTemplate {

    private final List<String> literals;
    private final List<String> fields;
    private final int saltBuckets;
    private final String saltFormat;

    private RowKeyTemplate(List<String> literals, List<String> fields, int saltBuckets) {
        this.literals = List.copyOf(literals);
        this.fields = List.copyOf(fields);
        this.saltBuckets = saltBuckets;
        this.saltFormat = "%0" + String.valueOf(Math.max(saltBuckets - 1, 0)).length() + "d-";
    }

    /**
     * Parses {@code record-key} or a template such as {@code {customer}#{order}}.
     *
     * @throws IllegalArgumentException with the reason when the template is malformed
     */
    public static RowKeyTemplate parse(String template, int saltBuckets) {
        List<String> literals = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        if (template.equals(HBaseSinkConfig.RECORD_KEY)) {
            return new RowKeyTemplate(List.of(), List.of(), saltBuckets);
        }
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c == '{') {
                int end = template.indexOf('}', i);
                if (end < 0) {
                    throw new IllegalArgumentException("'{' at " + i + " is not closed");
                }
                String field = template.substring(i + 1, end).trim();
                if (field.isEmpty() || field.contains("{")) {
                    throw new IllegalArgumentException("empty or nested placeholder at " + i);
                }
                literals.add(literal.toString());
                literal.setLength(0);
                fields.add(field);
                i = end + 1;
            } else if (c == '}') {
                throw new IllegalArgumentException("'}' at " + i + " has no '{'");
            } else {
                literal.append(c);
                i++;
            }
        }
        if (fields.isEmpty()) {
            throw new IllegalArgumentException("use record-key, or a template with at least one {field} placeholder");
        }
        literals.add(literal.toString());
        return new RowKeyTemplate(literals, fields, saltBuckets);
    }

    /** The fields the template reads; empty for the record key. */
    public List<String> fields() {
        return fields;
    }

    /**
     * The record's row key.
     *
     * @throws SinkDataException when a field the template needs is missing or null, or the key is empty
     */
    public byte[] rowKey(SinkRecord record) {
        String unsalted;
        if (fields.isEmpty()) {
            unsalted = record.key();
        } else {
            StringBuilder key = new StringBuilder(literals.get(0));
            for (int i = 0; i < fields.size(); i++) {
                Object value = record.fields().get(fields.get(i));
                if (value == null) {
                    throw new SinkDataException(record, "row-key field \"" + fields.get(i) + "\" is missing or null");
                }
                key.append(CellValues.text(value)).append(literals.get(i + 1));
            }
            unsalted = key.toString();
        }
        byte[] bytes = unsalted.getBytes(StandardCharsets.UTF_8);
        if (bytes.length == 0) {
            throw new SinkDataException(record, "the row key is empty");
        }
        return saltBuckets > 0 ? salted(bytes) : bytes;
    }

    /** The salt prefix of bucket {@code bucket}, such as {@code 07-}; the split points of a pre-split table. */
    public byte[] prefix(int bucket) {
        return String.format(saltFormat, bucket).getBytes(StandardCharsets.US_ASCII);
    }

    public int saltBuckets() {
        return saltBuckets;
    }

    private byte[] salted(byte[] key) {
        CRC32 crc = new CRC32();
        crc.update(key);
        byte[] prefix = prefix((int) (crc.getValue() % saltBuckets));
        byte[] out = new byte[prefix.length + key.length];
        System.arraycopy(prefix, 0, out, 0, prefix.length);
        System.arraycopy(key, 0, out, prefix.length, key.length);
        return out;
    }
}
