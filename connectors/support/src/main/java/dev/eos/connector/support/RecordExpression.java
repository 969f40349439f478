package dev.eos.connector.support;

import dev.eos.spi.SinkRecord;
import dev.eos.spi.SourcePosition;
import dev.eos.spi.WriteContext;

import java.io.Serializable;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One part of a record, or of its batch, named the same way wherever a user names one (see
 * {@code docs/record-expressions.md}):
 * <ul>
 *   <li>of the record: {@code key}, {@code value}, {@code event-time}, {@code field.<name>}, {@code header.<name>},
 *       {@code position} ({@code source/partition/offset}), {@code position.source}, {@code position.partition},
 *       {@code position.offset};</li>
 *   <li>of the batch partition: {@code batch-time}, {@code partition} (the Spark partition index), {@code range}
 *       (the partition's source offset ranges).</li>
 * </ul>
 * {@code event-time} and {@code batch-time} take a {@link DateTimeFormatter} pattern applied in UTC after a colon:
 * {@code event-time:yyyy-MM-dd}. A field or header name is everything after the first dot, as it is.
 *
 * <p>Each place that reads an expression says which kinds it allows; an expression of another kind, or an unknown
 * one, is refused with the list of what is allowed. Old spellings ({@code @key}, {@code field:x}, a bare field name)
 * are accepted by {@link #parse(String, Set, String)} with a warning naming the key. Immutable and thread-safe.
 */
public final class RecordExpression implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final Instant SAMPLE_TIME = Instant.parse("2026-12-31T23:59:58.123Z");

    /** The kinds of expression. */
    public enum Kind {
        KEY("key"),
        VALUE("value"),
        EVENT_TIME("event-time"),
        FIELD("field.<name>"),
        HEADER("header.<name>"),
        POSITION("position"),
        POSITION_SOURCE("position.source"),
        POSITION_PARTITION("position.partition"),
        POSITION_OFFSET("position.offset"),
        BATCH_TIME("batch-time"),
        PARTITION("partition"),
        RANGE("range");

        private final String syntax;

        Kind(String syntax) {
            this.syntax = syntax;
        }

        /** How the kind is written, such as {@code field.<name>}. */
        public String syntax() {
            return syntax;
        }

        /** Whether the kind reads the record (as opposed to the batch partition). */
        public boolean ofRecord() {
            return ordinal() < BATCH_TIME.ordinal();
        }

        boolean isTime() {
            return this == EVENT_TIME || this == BATCH_TIME;
        }
    }

    /** Every part of a record. */
    public static final Set<Kind> RECORD = Collections.unmodifiableSet(EnumSet.range(Kind.KEY, Kind.POSITION_OFFSET));
    /** Every part of a batch partition. */
    public static final Set<Kind> BATCH = Collections.unmodifiableSet(EnumSet.range(Kind.BATCH_TIME, Kind.RANGE));
    /** Every kind. */
    public static final Set<Kind> ALL = Collections.unmodifiableSet(EnumSet.allOf(Kind.class));

    private final Kind kind;
    private final String name;
    private final String pattern;
    private transient DateTimeFormatter format;

    private RecordExpression(Kind kind, String name, String pattern) {
        this.kind = kind;
        this.name = name;
        this.pattern = pattern;
    }

    /**
     * Parses an expression in its current spelling.
     *
     * @param allowed the kinds this place accepts
     * @throws IllegalArgumentException saying what is wrong and what is allowed
     */
    public static RecordExpression parse(String text, Set<Kind> allowed) {
        RecordExpression expression = read(text.trim());
        if (expression == null) {
            throw new IllegalArgumentException("\"" + text + "\" is not a record expression (allowed here: "
                    + describe(allowed) + ")");
        }
        if (!allowed.contains(expression.kind)) {
            throw new IllegalArgumentException("\"" + text + "\" (" + expression.kind.syntax() + ") cannot be used here"
                    + " (allowed here: " + describe(allowed) + ")");
        }
        if (expression.pattern != null) {
            try {
                expression.format().format(SAMPLE_TIME);
            } catch (IllegalArgumentException | DateTimeException e) {
                throw new IllegalArgumentException("\"" + text + "\" has an invalid date-time pattern: " + e.getMessage());
            }
        }
        return expression;
    }

    /**
     * Parses an expression, accepting an old spelling (see {@link #newSpelling(String)}) with a warning, logged once,
     * that names {@code key}, the old and the new spelling.
     *
     * @throws IllegalArgumentException saying what is wrong and what is allowed
     */
    public static RecordExpression parse(String text, Set<Kind> allowed, String key) {
        try {
            return parse(text, allowed);
        } catch (IllegalArgumentException e) {
            Optional<String> renewed = newSpelling(text.trim());
            if (renewed.isEmpty()) {
                throw e;
            }
            RecordExpression expression = parse(renewed.get(), allowed);
            Deprecations.warnOnce(key, text.trim(), renewed.get());
            return expression;
        }
    }

    /**
     * The current spelling of an old one, if {@code text} is one: {@code @key}, {@code @value}, {@code @event-time},
     * {@code @source}, {@code @partition}, {@code @offset}, {@code @header.<name>} (JDBC columns), {@code field:<name>}
     * (the job key), or a bare field name (JDBC columns, HBase row keys and columns) becoming {@code field.<name>}.
     */
    public static Optional<String> newSpelling(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.startsWith("@header.") && text.length() > "@header.".length()) {
            return Optional.of("header." + text.substring("@header.".length()));
        }
        switch (lower) {
            case "@key", "@value", "@event-time" -> {
                return Optional.of(lower.substring(1));
            }
            case "@source", "@partition", "@offset" -> {
                return Optional.of("position." + lower.substring(1));
            }
            default -> {
            }
        }
        if (text.startsWith("field:") && text.length() > "field:".length()) {
            return Optional.of("field." + text.substring("field:".length()));
        }
        if (!text.isEmpty() && !text.startsWith("@") && text.chars().noneMatch(c -> "{}=,: ".indexOf(c) >= 0)
                && read(text) == null) {
            return Optional.of("field." + text);
        }
        return Optional.empty();
    }

    /** {@code a, b or c} of the kinds' syntax, in declaration order. */
    public static String describe(Set<Kind> kinds) {
        String[] names = kinds.stream().sorted().map(k -> k.isTime() ? k.syntax() + "[:<pattern>]" : k.syntax())
                .toArray(String[]::new);
        if (names.length == 1) {
            return names[0];
        }
        return Arrays.stream(names, 0, names.length - 1).collect(Collectors.joining(", ")) + " or " + names[names.length - 1];
    }

    private static RecordExpression read(String text) {
        for (Kind prefixed : new Kind[] {Kind.FIELD, Kind.HEADER}) {
            String prefix = prefixed == Kind.FIELD ? "field." : "header.";
            if (text.startsWith(prefix) && text.length() > prefix.length()) {
                return new RecordExpression(prefixed, text.substring(prefix.length()), null);
            }
        }
        int colon = text.indexOf(':');
        String head = colon < 0 ? text : text.substring(0, colon);
        String pattern = colon < 0 ? null : text.substring(colon + 1);
        for (Kind kind : Kind.values()) {
            if (kind != Kind.FIELD && kind != Kind.HEADER && kind.syntax().equals(head)) {
                if (pattern != null && (!kind.isTime() || pattern.isEmpty())) {
                    return null;
                }
                return new RecordExpression(kind, null, pattern);
            }
        }
        return null;
    }

    public Kind kind() {
        return kind;
    }

    /** The field's or header's name; null for other kinds. */
    public String name() {
        return name;
    }

    /** The date-time pattern of a time expression; null when none was given. */
    public String pattern() {
        return pattern;
    }

    /** The formatter of {@link #pattern()}, in UTC; null when none was given. */
    public DateTimeFormatter format() {
        if (pattern != null && format == null) {
            format = DateTimeFormatter.ofPattern(pattern, Locale.ROOT).withZone(ZoneOffset.UTC);
        }
        return format;
    }

    /**
     * The expression's value: the key (String), value (byte[]), event or batch time (Instant, or the formatted
     * String when a pattern is given), a field's value as parsed, a header (String), the position (String), its
     * source (String), partition and offset (Long), the batch partition (Integer) or its ranges (String, see
     * {@link #rangeName(WriteContext)}).
     *
     * @param record the record; may be null for batch kinds
     * @return the value, or null when the record lacks it (see {@link #absence()})
     */
    public Object value(SinkRecord record, WriteContext context) {
        Optional<SourcePosition> position = kind.name().startsWith("POSITION") ? record.position() : Optional.empty();
        return switch (kind) {
            case KEY -> record.key();
            case VALUE -> record.value();
            case EVENT_TIME -> record.eventTime().map(this::time).orElse(null);
            case FIELD -> record.fields().get(name);
            case HEADER -> record.headers().get(name);
            case POSITION -> position.map(SourcePosition::toString).orElse(null);
            case POSITION_SOURCE -> position.map(SourcePosition::source).orElse(null);
            case POSITION_PARTITION -> position.map(p -> (long) p.partition()).orElse(null);
            case POSITION_OFFSET -> position.map(SourcePosition::offset).orElse(null);
            case BATCH_TIME -> time(context.batchTime());
            case PARTITION -> context.partition();
            case RANGE -> rangeName(context);
        };
    }

    /** The value as text ({@link JsonText#text(Object)}), or null when the record lacks it. */
    public String text(SinkRecord record, WriteContext context) {
        Object value = value(record, context);
        return value == null ? null : JsonText.text(value);
    }

    /** Why {@link #value} gave null, such as {@code the record has no field "x" (or it is null)}. */
    public String absence() {
        return switch (kind) {
            case EVENT_TIME -> "the record has no event time";
            case FIELD -> "the record has no field \"" + name + "\" (or it is null)";
            case HEADER -> "the record has no header \"" + name + "\"";
            case POSITION, POSITION_SOURCE, POSITION_PARTITION, POSITION_OFFSET -> "the record has no source position";
            default -> "the record has no " + kind.syntax();
        };
    }

    /**
     * The partition's source offset ranges as one stable name: {@code source-partition-from-until} per range (the
     * source escaped with {@link PathTemplate#escape(String)}), joined by {@code +};
     * {@code batch-<millis>-partition-<n>} when the source gives none.
     */
    public static String rangeName(WriteContext context) {
        if (context.offsetRanges().isEmpty()) {
            return "batch-" + context.batchTime().toEpochMilli() + "-partition-" + context.partition();
        }
        return context.offsetRanges().stream()
                .map(r -> PathTemplate.escape(r.source()) + "-" + r.partition() + "-" + r.from() + "-" + r.until())
                .collect(Collectors.joining("+"));
    }

    private Object time(Instant time) {
        return pattern == null ? time : format().format(time);
    }

    /** The expression as written in its current spelling. */
    @Override
    public String toString() {
        return switch (kind) {
            case FIELD -> "field." + name;
            case HEADER -> "header." + name;
            default -> kind.syntax() + (pattern == null ? "" : ":" + pattern);
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RecordExpression e && e.toString().equals(toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }
}
