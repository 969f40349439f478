package dev.eos.connector.hbase;

import dev.eos.connector.support.Deprecations;
import dev.eos.connector.support.RecordExpression;
import dev.eos.connector.support.RecordTemplate;
import dev.eos.spi.SinkDataException;
import dev.eos.spi.SinkRecord;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * How a record's row key is made: a {@link RecordTemplate} over the record, such as {@code {key}} or
 * {@code {field.customer}#{field.order}}; then, with salting, a bucket prefix: {@code CRC32(unsalted key bytes) mod
 * buckets}, zero-padded to the width of the largest bucket, and {@code '-'}. A reader computes the same prefix to
 * find a row. Immutable.
 */
public final class RowKeyTemplate {

    /** The old spelling of {@code {key}}. */
    static final String OLD_RECORD_KEY = "record-key";

    private final RecordTemplate template;
    private final int saltBuckets;
    private final String saltFormat;

    private RowKeyTemplate(RecordTemplate template, int saltBuckets) {
        this.template = template;
        this.saltBuckets = saltBuckets;
        this.saltFormat = "%0" + String.valueOf(Math.max(saltBuckets - 1, 0)).length() + "d-";
    }

    /**
     * Parses a template such as {@code {field.customer}#{field.order}}; the old spellings {@code record-key} and
     * {@code {customer}} are accepted with a warning naming {@code key}.
     *
     * @throws IllegalArgumentException with the reasons when the template is malformed
     */
    public static RowKeyTemplate parse(String text, int saltBuckets, String key) {
        if (text.equals(OLD_RECORD_KEY)) {
            Deprecations.warnOnce(key, OLD_RECORD_KEY, "{key}");
            text = "{key}";
        }
        RecordTemplate template = RecordTemplate.parse(text, RecordExpression.RECORD, key);
        if (template.expressions().isEmpty()) {
            throw new IllegalArgumentException("a row key template needs at least one {expression}, such as {key} "
                    + "or {field.<name>}, or every record gets the same row");
        }
        return new RowKeyTemplate(template, saltBuckets);
    }

    /**
     * The record's row key.
     *
     * @throws SinkDataException when a part the template needs is missing, or the key is empty
     */
    public byte[] rowKey(SinkRecord record) {
        StringBuilder key = new StringBuilder();
        for (RecordTemplate.Part part : template.parts()) {
            if (part instanceof RecordTemplate.Literal l) {
                key.append(l.text());
            } else {
                RecordExpression expression = ((RecordTemplate.Expression) part).expression();
                String text = expression.text(record, null);
                if (text == null) {
                    throw new SinkDataException(record, "row key {" + expression + "}: " + expression.absence());
                }
                key.append(text);
            }
        }
        byte[] bytes = key.toString().getBytes(StandardCharsets.UTF_8);
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

    @Override
    public String toString() {
        return template.toString();
    }
}
