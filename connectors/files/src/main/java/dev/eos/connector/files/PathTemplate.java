package dev.eos.connector.files;

import dev.eos.spi.OffsetRange;
import dev.eos.spi.SinkDataException;
import dev.eos.spi.SinkRecord;
import dev.eos.spi.SourcePosition;
import dev.eos.spi.WriteContext;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A relative file path computed from a record and its batch, such as {@code {batch-time:yyyy-MM-dd}/{key}.json}.
 *
 * <p>Tokens: {@code {key}}, {@code {position.source}}, {@code {position.partition}}, {@code {position.offset}},
 * {@code {event-time:<pattern>}}, {@code {field.<name>}} (from the record); {@code {batch-time:<pattern>}},
 * {@code {partition}} (the batch partition's index) and {@code {range}} (the partition's source offset ranges, for
 * one file per partition per batch). Patterns are {@link DateTimeFormatter} patterns, applied in UTC.
 *
 * <p>Every value is escaped so that it stays inside one path segment and is not a hidden file: bytes other than
 * ASCII letters, digits, {@code -}, {@code _} and {@code .} become {@code %XX} (UTF-8), and so does a leading
 * {@code .} or {@code _}. A key can therefore neither create directories nor climb out of the base directory. Only a
 * time pattern's own {@code /} separates directories. Immutable and thread-safe.
 */
public final class PathTemplate {

    /** Where a template is used: per-record files need a per-record token, per-batch files need {@code {range}}. */
    public enum Use { PER_RECORD, PER_BATCH }

    private static final String LITERAL_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.=/";
    private static final Instant SAMPLE_TIME = Instant.parse("2026-12-31T23:59:58.123Z");

    private final String text;
    private final List<Part> parts;

    private PathTemplate(String text, List<Part> parts) {
        this.text = text;
        this.parts = List.copyOf(parts);
    }

    /**
     * Parses and checks a template for one use.
     *
     * @throws IllegalArgumentException with every problem found, one per line
     */
    public static PathTemplate parse(String text, Use use) {
        List<String> problems = new ArrayList<>();
        List<Part> parts = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            int open = text.indexOf('{', i);
            int literalEnd = open < 0 ? text.length() : open;
            if (literalEnd > i) {
                String literal = text.substring(i, literalEnd);
                checkLiteral(literal, problems);
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
            parts.add(token(text.substring(open + 1, close), problems));
            i = close + 1;
        }
        if (text.isEmpty()) {
            problems.add("empty template");
        } else if (problems.isEmpty()) {
            checkSegments(parts, problems);
        }
        checkUse(parts, use, problems);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return new PathTemplate(text, parts);
    }

    /** Checks the segments of a sample path, in which every token stands for a plain value. */
    private static void checkSegments(List<Part> parts, List<String> problems) {
        String sample = parts.stream().map(p -> p instanceof Token t && t.format() != null
                ? escapeTime(t.format().format(SAMPLE_TIME)) : p instanceof Literal l ? l.text() : "x")
                .collect(Collectors.joining());
        if (sample.startsWith("/") || sample.endsWith("/") || sample.contains("//")) {
            problems.add("a path segment is empty (the template is relative to the base path: no leading, trailing or double '/')");
        }
        for (String segment : sample.split("/")) {
            if (segment.startsWith(".") || segment.startsWith("_")) {
                problems.add("segment \"" + segment + "\" starts with '.' or '_': readers would skip it as hidden, or it would leave its directory");
            }
        }
    }

    private static void checkLiteral(String literal, List<String> problems) {
        for (char c : literal.toCharArray()) {
            if (LITERAL_CHARS.indexOf(c) < 0) {
                problems.add("character '" + c + "' is not allowed outside a token (use letters, digits, - _ . = /)");
                return;
            }
        }
    }

    private static Part token(String name, List<String> problems) {
        switch (name) {
            case "key", "position.source", "position.partition", "position.offset", "partition", "range":
                return new Token(name, null, null);
            default:
                break;
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
                } catch (IllegalArgumentException | java.time.DateTimeException e) {
                    problems.add("{" + name + "} has an invalid date-time pattern: " + e.getMessage());
                    return new Literal("");
                }
            }
        }
        problems.add("unknown token {" + name + "} (known: {key}, {position.source}, {position.partition}, "
                + "{position.offset}, {event-time:<pattern>}, {field.<name>}, {batch-time:<pattern>}, {partition}, {range})");
        return new Literal("");
    }

    private static void checkUse(List<Part> parts, Use use, List<String> problems) {
        List<String> names = parts.stream().filter(Token.class::isInstance).map(p -> ((Token) p).name()).toList();
        if (use == Use.PER_RECORD) {
            if (!names.contains("key") && !names.contains("position.offset")) {
                problems.add("a per-record template must contain {key} or {position.offset}, or records overwrite each other");
            }
            if (names.contains("range")) {
                problems.add("{range} is for per-batch files");
            }
        } else {
            if (!names.contains("range")) {
                problems.add("a per-batch template must contain {range}, or partitions overwrite each other");
            }
            names.stream().filter(n -> !n.equals("range") && !n.equals("partition") && !n.equals("batch-time"))
                    .distinct()
                    .forEach(n -> problems.add("{" + n + (n.equals("field") ? ".<name>" : "")
                            + "} is a per-record token and cannot name a per-batch file"));
        }
    }

    /**
     * The path of one record's file, relative to the base path.
     *
     * @throws SinkDataException when the record lacks what a token needs (a field, a position, an event time)
     */
    public String render(SinkRecord record, WriteContext context) {
        StringBuilder out = new StringBuilder();
        for (Part part : parts) {
            out.append(part.render(record, context));
        }
        return out.toString();
    }

    /** The path of a batch partition's file, relative to the base path (for templates of {@link Use#PER_BATCH}). */
    public String render(WriteContext context) {
        return render(null, context);
    }

    /** The template's text. */
    @Override
    public String toString() {
        return text;
    }

    /**
     * Escapes one value: bytes other than ASCII letters, digits, {@code -_.} become {@code %XX}, and so does a
     * leading {@code .} or {@code _}. The result is never empty for a non-empty value and never contains {@code /}.
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
                out.append('%').append(Character.toUpperCase(Character.forDigit(b >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        return out.toString();
    }

    private static String escapeTime(String formatted) {
        return java.util.Arrays.stream(formatted.split("/", -1)).map(s -> s.isEmpty() ? s : escape(s))
                .collect(Collectors.joining("/"));
    }

    /** {@code source-partition-from-until} per range, joined by {@code +}; a stable name when the source gives none. */
    static String rangeName(WriteContext context) {
        if (context.offsetRanges().isEmpty()) {
            return "batch-" + context.batchTime().toEpochMilli() + "-partition-" + context.partition();
        }
        return context.offsetRanges().stream()
                .map((OffsetRange r) -> escape(r.source()) + "-" + r.partition() + "-" + r.from() + "-" + r.until())
                .collect(Collectors.joining("+"));
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
                case "range" -> rangeName(context);
                case "key" -> escape(record.key());
                case "position.source" -> escape(position(record).source());
                case "position.partition" -> Integer.toString(position(record).partition());
                case "position.offset" -> Long.toString(position(record).offset());
                case "event-time" -> escapeTime(format.format(record.eventTime().orElseThrow(
                        () -> new SinkDataException(record, "the path template needs an event time and the record has none"))));
                case "field" -> escape(field(record));
                default -> throw new IllegalStateException(name);
            };
        }

        private SourcePosition position(SinkRecord record) {
            return record.position().orElseThrow(
                    () -> new SinkDataException(record, "the path template needs a source position and the record has none"));
        }

        private String field(SinkRecord record) {
            Object value = record.field(argument).orElseThrow(() -> new SinkDataException(record,
                    "the path template needs field \"" + argument + "\" and the record has none (or it is null)"));
            if (value instanceof java.util.Map || value instanceof java.util.Collection) {
                throw new SinkDataException(record, "field \"" + argument + "\" is not a single value and cannot name a file");
            }
            String text = String.valueOf(value);
            if (text.isEmpty()) {
                throw new SinkDataException(record, "field \"" + argument + "\" is empty and cannot name a file");
            }
            return text;
        }
    }
}
