package dev.eos.connector.jdbc;

import dev.eos.spi.SinkRecord;
import dev.eos.spi.SourcePosition;

import java.util.Locale;
import java.util.Map;

/** Where a column's value comes from in a record: a field, or one of the record's own parts ({@code @key}...). */
sealed interface ValueSource {

    Object extract(SinkRecord record);

    /** How the source is written in {@code columns}. */
    String text();

    /** Parses {@code @key}, {@code @value}, {@code @event-time}, {@code @source}, {@code @partition}, {@code @offset}, {@code @header.x} or a field name. */
    static ValueSource parse(String text) {
        if (!text.startsWith("@")) {
            return new Field(text);
        }
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.startsWith("@header.") && lower.length() > "@header.".length()) {
            return new Header(text.substring("@header.".length()));
        }
        for (Part part : Part.values()) {
            if (part.text().equals(lower)) {
                return part;
            }
        }
        throw new IllegalArgumentException("unknown source " + text
                + " (use a field name, @key, @value, @event-time, @source, @partition, @offset or @header.<name>)");
    }

    enum Part implements ValueSource {
        KEY("@key"),
        VALUE("@value"),
        EVENT_TIME("@event-time"),
        SOURCE("@source"),
        PARTITION("@partition"),
        OFFSET("@offset");

        private final String text;

        Part(String text) {
            this.text = text;
        }

        @Override
        public String text() {
            return text;
        }

        @Override
        public Object extract(SinkRecord record) {
            return switch (this) {
                case KEY -> record.key();
                case VALUE -> record.value();
                case EVENT_TIME -> record.eventTime().orElse(null);
                case SOURCE -> record.position().map(SourcePosition::source).orElse(null);
                case PARTITION -> record.position().map(p -> (long) p.partition()).orElse(null);
                case OFFSET -> record.position().map(SourcePosition::offset).orElse(null);
            };
        }

        /** Whether a column of this type can hold this part. */
        boolean fits(TargetColumn column) {
            return switch (this) {
                case KEY, SOURCE -> column.isText();
                case VALUE -> column.isText() || column.isBinary() || column.jdbcType() == java.sql.Types.OTHER;
                case EVENT_TIME -> column.isTemporal() || column.isText() || column.isIntegral();
                case PARTITION, OFFSET -> column.isNumeric() || column.isText();
            };
        }
    }

    record Header(String name) implements ValueSource {
        @Override
        public Object extract(SinkRecord record) {
            return record.headers().get(name);
        }

        @Override
        public String text() {
            return "@header." + name;
        }
    }

    /** A record field; matched exactly, then ignoring case. */
    record Field(String name) implements ValueSource {
        @Override
        public Object extract(SinkRecord record) {
            Map<String, Object> fields = record.fields();
            Object value = fields.get(name);
            if (value != null || fields.containsKey(name)) {
                return value;
            }
            for (Map.Entry<String, Object> e : fields.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue();
                }
            }
            return null;
        }

        @Override
        public String text() {
            return name;
        }
    }
}
