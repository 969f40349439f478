package dev.eos.connector.azurecommon;

import dev.eos.spi.SinkRecord;
import dev.eos.spi.SourcePosition;
import dev.eos.spi.WriteContext;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * An object path computed from a record or from a batch partition, such as
 * {@code events/{event-time:yyyy/MM/dd}/{key}.json} or {@code batches/{batch-time:yyyy-MM-dd}/{range}.jsonl}. The
 * tokens and the escaping are those of the {@code files} sink, so the three file-like sinks lay data out alike.
 *
 * <p>Tokens over the record (per-record mode only): {@code {key}}, {@code {position.source}},
 * {@code {position.partition}}, {@code {position.offset}}, {@code {event-time:<pattern>}}, {@code {field.<name>}}.
 * Over the batch (both modes): {@code {batch-time:<pattern>}}, {@code {partition}} (the Spark partition index) and,
 * per batch, {@code {range}} (the partition's source offset ranges, such as {@code orders-3-1200-1450}, joined by
 * {@code +}; {@code batch-<millis>-partition-<n>} when the source gives none). Patterns are
 * {@link DateTimeFormatter} patterns applied in UTC.
 *
 * <p>Every value is escaped to stay inside one path segment and not look hidden: bytes other than ASCII letters,
 * digits, {@code -}, {@code _} and {@code .} become {@code %XX} (UTF-8), and so does a leading {@code .} or
 * {@code _}. Only the template's own {@code /} (and a time pattern's) separate directories.
 *
 * <p>{@link #parse(String, WriteMode)} checks the template when the sink is created: unknown tokens, bad patterns,
 * characters outside a token other than letters, digits and {@code - _ . = /}, empty or hidden segments, and a
 * template that does not name something unique (per record: {@code {key}} or {@code {position.offset}}; per batch:
 * {@code {range}}). A rendered path longer than 1024 characters is refused. Immutable and thread-safe.
 */
public final class PathTemplate {

    static final int MAX_LENGTH = 1024;
    private static final String LITERAL_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.=/";
    private static final Instant SAMPLE_TIME = Instant.parse("2026-12-31T23:59:58.123Z");
    private static final List<String> BATCH_TOKENS = List.of("batch-time", "partition", "range");

    private final String text;
    private final WriteMode mode;
    private final List<Part> parts;

    private PathTemplate(String text, WriteMode mode, List<Part> parts) {
        this.text = text;
        this.mode = mode;
        this.parts = List.copyOf(parts);
    }

    /**
     * Parses a template for a mode.
     *
     * @throws IllegalArgumentException with every problem found, one sentence each, joined by "; "
     */
    public static PathTemplate parse(String text, WriteMode mode) {
        List<String> problems = new ArrayList<>();
        List<Part> parts = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            int open = text.indexOf('{', i);
            int literalEnd = open < 0 ? text.length() : open;
            if (literalEnd > i) {
                String literal = text.substring(i, literalEnd);
                literal.chars().filter(c -> LITERAL_CHARS.indexOf(c) < 0).findFirst().ifPresent(c -> problems.add(
                        "character '" + (char) c + "' is not allowed outside a token (use letters, digits, - _ . = /)"));
                parts.add(new Literal(literal));
            }
            if (open < 0) {
                break;
            }
            int close = text.indexOf('}', open);
            if (close < 0) {
                problems.add("'{' at position " + open + " is not closed");
                break;
            }
            try {
                parts.add(token(text.substring(open + 1, close)));
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
            i = close + 1;
        }
        if (text.isEmpty()) {
            problems.add("empty template");
        } else if (problems.isEmpty()) {
            checkSegments(parts, problems);
        }
        checkMode(parts, mode, problems);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return new PathTemplate(text, mode, parts);
    }

    private static Token token(String name) {
        switch (name) {
            case "key", "position.source", "position.partition", "position.offset", "partition", "range" -> {
                return new Token(name, null, null);
            }
            default -> {
            }
        }
        if (name.startsWith("field.") && name.length() > "field.".length()) {
            return new Token("field", name.substring("field.".length()), null);
        }
        for (String timeToken : List.of("batch-time", "event-time")) {
            if (name.startsWith(timeToken + ":")) {
                String pattern = name.substring(timeToken.length() + 1);
                try {
                    DateTimeFormatter format = DateTimeFormatter.ofPattern(pattern, Locale.ROOT).withZone(ZoneOffset.UTC);
                    format.format(SAMPLE_TIME);
                    return new Token(timeToken, pattern, format);
                } catch (IllegalArgumentException | DateTimeException e) {
                    throw new IllegalArgumentException("{" + name + "} has an invalid date-time pattern: " + e.getMessage());
                }
            }
        }
        throw new IllegalArgumentException("unknown token {" + name + "} (known: {key}, {position.source}, "
                + "{position.partition}, {position.offset}, {event-time:<pattern>}, {field.<name>}, "
                + "{batch-time:<pattern>}, {partition}, {range})");
    }

    /** Checks the segments of a sample path in which every token stands for a plain value. */
    private static void checkSegments(List<Part> parts, List<String> problems) {
        String sample = parts.stream().map(p -> p instanceof Token t && t.format() != null
                        ? escapeTime(t.format().format(SAMPLE_TIME)) : p instanceof Literal l ? l.text() : "x")
                .collect(Collectors.joining());
        if (sample.startsWith("/") || sample.endsWith("/") || sample.contains("//")) {
            problems.add("a path segment is empty (no leading, trailing or double '/')");
        }
        for (String segment : sample.split("/")) {
            if (segment.startsWith(".") || segment.startsWith("_")) {
                problems.add("segment \"" + segment + "\" starts with '.' or '_': readers would skip it as hidden");
            }
        }
    }

    private static void checkMode(List<Part> parts, WriteMode mode, List<String> problems) {
        List<String> names = parts.stream().filter(Token.class::isInstance).map(p -> ((Token) p).name()).toList();
        if (mode == WriteMode.PER_RECORD) {
            if (!names.contains("key") && !names.contains("position.offset")) {
                problems.add("a per-record template must contain {key} or {position.offset}, or records overwrite each other");
            }
            if (names.contains("range")) {
                problems.add("{range} is for per-batch objects");
            }
        } else {
            if (!names.contains("range")) {
                problems.add("a per-batch template must contain {range}, or partitions overwrite each other");
            }
            names.stream().filter(n -> !BATCH_TOKENS.contains(n)).distinct()
                    .forEach(n -> problems.add("{" + n + (n.equals("field") ? ".<name>" : "")
                            + "} is a per-record token and cannot name a per-batch object"));
        }
    }

    public WriteMode mode() {
        return mode;
    }

    /**
     * The path of one record's object (per-record mode).
     *
     * @throws InvalidPathException when the record lacks what a token needs, or the path is too long
     */
    public String render(SinkRecord record, WriteContext context) {
        StringBuilder out = new StringBuilder();
        for (Part part : parts) {
            out.append(part.render(record, context));
        }
        if (out.length() > MAX_LENGTH) {
            throw new InvalidPathException("the path has " + out.length() + " characters; at most " + MAX_LENGTH
                    + " are allowed");
        }
        return out.toString();
    }

    /** The path of a batch partition's object (per-batch mode). */
    public String render(WriteContext context) {
        if (mode != WriteMode.PER_BATCH) {
            throw new IllegalStateException("a per-record template needs a record");
        }
        return render(null, context);
    }

    /**
     * Escapes one value: bytes other than ASCII letters, digits, {@code -_.} become {@code %XX}, and so does a
     * leading {@code .} or {@code _}. Never contains {@code /}.
     */
    public static String escape(String value) {
        StringBuilder out = new StringBuilder(value.length() + 8);
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            boolean safe = (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == '-'
                    || ((b == '.' || b == '_') && i > 0);
            if (safe) {
                out.append((char) b);
            } else {
                out.append(String.format("%%%02X", b));
            }
        }
        return out.toString();
    }

    private static String escapeTime(String formatted) {
        return Arrays.stream(formatted.split("/", -1)).map(s -> s.isEmpty() ? s : escape(s)).collect(Collectors.joining("/"));
    }

    /** The partition's offset ranges as one path segment, stable across replays of the batch. */
    static String range(WriteContext context) {
        if (context.offsetRanges().isEmpty()) {
            return "batch-" + context.batchTime().toEpochMilli() + "-partition-" + context.partition();
        }
        return context.offsetRanges().stream()
                .map(r -> escape(r.source()) + "-" + r.partition() + "-" + r.from() + "-" + r.until())
                .collect(Collectors.joining("+"));
    }

    @Override
    public String toString() {
        return text;
    }

    private interface Part {
        String render(SinkRecord record, WriteContext context);
    }

    private record Literal(String text) implements Part {
        @Override
        public String render(SinkRecord record, WriteContext context) {
            return text;
        }
    }

    private record Token(String name, String argument, DateTimeFormatter format) implements Part {
        @Override
        public String render(SinkRecord record, WriteContext context) {
            return switch (name) {
                case "batch-time" -> escapeTime(format.format(context.batchTime()));
                case "partition" -> Integer.toString(context.partition());
                case "range" -> range(context);
                case "key" -> escape(record.key());
                case "position.source" -> escape(position(record).source());
                case "position.partition" -> Integer.toString(position(record).partition());
                case "position.offset" -> Long.toString(position(record).offset());
                case "event-time" -> escapeTime(format.format(record.eventTime().orElseThrow(
                        () -> new InvalidPathException("the path template needs an event time and the record has none"))));
                case "field" -> escape(field(record));
                default -> throw new IllegalStateException(name);
            };
        }

        private static SourcePosition position(SinkRecord record) {
            return record.position().orElseThrow(
                    () -> new InvalidPathException("the path template needs a source position and the record has none"));
        }

        private String field(SinkRecord record) {
            Object value = record.field(argument).orElseThrow(() -> new InvalidPathException(
                    "the path template needs field \"" + argument + "\" and the record has none (or it is null)"));
            if (value instanceof Map || value instanceof Collection) {
                throw new InvalidPathException("field \"" + argument + "\" is not a single value and cannot name an object");
            }
            String text = String.valueOf(value);
            if (text.isEmpty()) {
                throw new InvalidPathException("field \"" + argument + "\" is empty and cannot name an object");
            }
            return text;
        }
    }

    /** The path computed for a record is not valid; the record cannot be stored (a data error). */
    public static final class InvalidPathException extends RuntimeException {
        public InvalidPathException(String message) {
            super(message);
        }
    }
}
