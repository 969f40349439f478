package dev.eos.connector.support;

import dev.eos.connector.support.RecordExpression.Kind;
import dev.eos.connector.support.RecordTemplate.Expression;
import dev.eos.connector.support.RecordTemplate.Literal;
import dev.eos.connector.support.RecordTemplate.Part;
import dev.eos.spi.SinkRecord;
import dev.eos.spi.WriteContext;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A relative path computed from a record or from a batch partition, such as
 * {@code {batch-time:yyyy-MM-dd}/{key}.json} or {@code batches/{batch-time:yyyy-MM-dd}/{range}.jsonl}: a
 * {@link RecordTemplate} whose expressions are record expressions (per-record mode) or batch expressions (both
 * modes). The files, Azure Blob and ADLS sinks share it, so they lay data out alike.
 *
 * <p>Every value is escaped so that it stays inside one path segment and does not look hidden: bytes other than
 * ASCII letters, digits, {@code -}, {@code _} and {@code .} become {@code %XX} (UTF-8), and so does a leading
 * {@code .} or {@code _}. A key can therefore neither create directories nor climb out of the base. Only the
 * template's own {@code /}, and a time pattern's, separate directories.
 *
 * <p>{@link #parse} checks the template when the sink is created: unknown expressions, bad patterns, characters
 * outside an expression other than letters, digits and {@code - _ . = /}, empty or hidden segments, and a template
 * that does not name something unique (per record: {@code {key}}, {@code {position}} or {@code {position.offset}};
 * per batch: {@code {range}}). Every problem is reported, one sentence each, joined by {@code "; "}. A rendered path
 * longer than the caller's maximum is refused. Immutable and thread-safe.
 */
public final class PathTemplate {

    /** No limit on a rendered path's length. */
    public static final int UNLIMITED = Integer.MAX_VALUE;

    private static final String LITERAL_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.=/";
    private static final Instant SAMPLE_TIME = Instant.parse("2026-12-31T23:59:58.123Z");
    private static final Set<Kind> UNIQUE_PER_RECORD = Set.of(Kind.KEY, Kind.POSITION, Kind.POSITION_OFFSET);

    private final RecordTemplate template;
    private final WriteMode mode;
    private final int maxLength;

    private PathTemplate(RecordTemplate template, WriteMode mode, int maxLength) {
        this.template = template;
        this.mode = mode;
        this.maxLength = maxLength;
    }

    /**
     * Parses a template for a mode.
     *
     * @param maxLength the longest rendered path allowed, in characters ({@link #UNLIMITED} for none)
     * @throws IllegalArgumentException with every problem found, one sentence each, joined by "; "
     */
    public static PathTemplate parse(String text, WriteMode mode, int maxLength) {
        List<String> problems = new ArrayList<>();
        RecordTemplate template = null;
        try {
            template = RecordTemplate.parse(text, RecordExpression.ALL);
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        outsideExpressions(text).chars().filter(c -> LITERAL_CHARS.indexOf(c) < 0).findFirst().ifPresent(c -> problems.add(
                "character '" + (char) c + "' is not allowed outside an expression (use letters, digits, - _ . = /)"));
        if (template != null) {
            if (problems.isEmpty()) {
                checkSegments(template, problems);
            }
            checkMode(template, mode, problems);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return new PathTemplate(template, mode, maxLength);
    }

    private static String outsideExpressions(String text) {
        StringBuilder out = new StringBuilder();
        int depth = 0;
        for (char c : text.toCharArray()) {
            if (c == '{') {
                depth++;
            } else if (c == '}' && depth > 0) {
                depth--;
            } else if (depth == 0 && c != '}') {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Checks the segments of a sample path in which every expression stands for a plain value. */
    private static void checkSegments(RecordTemplate template, List<String> problems) {
        String sample = template.parts().stream().map(p -> p instanceof Literal l ? l.text()
                        : ((Expression) p).expression().format() != null
                        ? escapeTime(((Expression) p).expression().format().format(SAMPLE_TIME)) : "x")
                .collect(Collectors.joining());
        if (sample.startsWith("/") || sample.endsWith("/") || sample.contains("//")) {
            problems.add("a path segment is empty (the template is relative to the base: no leading, trailing or double '/')");
        }
        for (String segment : sample.split("/")) {
            if (segment.startsWith(".") || segment.startsWith("_")) {
                problems.add("segment \"" + segment + "\" starts with '.' or '_': readers would skip it as hidden, "
                        + "or it would leave its directory");
            }
        }
    }

    private static void checkMode(RecordTemplate template, WriteMode mode, List<String> problems) {
        List<RecordExpression> expressions = template.expressions();
        if (mode == WriteMode.PER_RECORD) {
            if (!template.uses(UNIQUE_PER_RECORD)) {
                problems.add("a per-record template must contain {key}, {position} or {position.offset}, or records "
                        + "overwrite each other");
            }
            if (template.uses(Set.of(Kind.RANGE))) {
                problems.add("{range} is for per-batch paths");
            }
        } else {
            if (!template.uses(Set.of(Kind.RANGE))) {
                problems.add("a per-batch template must contain {range}, or partitions overwrite each other");
            }
            expressions.stream().filter(e -> e.kind().ofRecord()).map(e -> e.kind().syntax()).distinct()
                    .forEach(s -> problems.add("{" + s + "} is a record expression and cannot name a per-batch path "
                            + "(allowed: " + RecordExpression.describe(RecordExpression.BATCH) + ")"));
        }
    }

    public WriteMode mode() {
        return mode;
    }

    /**
     * The path of one record's file or object (per-record mode).
     *
     * @throws InvalidPathException when the record lacks what an expression needs, or the path is too long
     */
    public String render(SinkRecord record, WriteContext context) {
        StringBuilder out = new StringBuilder();
        for (Part part : template.parts()) {
            if (part instanceof Literal l) {
                out.append(l.text());
            } else {
                out.append(render(((Expression) part).expression(), record, context));
            }
        }
        if (out.length() > maxLength) {
            throw new InvalidPathException("the path has " + out.length() + " characters; at most " + maxLength
                    + " are allowed");
        }
        return out.toString();
    }

    /** The path of a batch partition's file or object (per-batch mode). */
    public String render(WriteContext context) {
        if (mode != WriteMode.PER_BATCH) {
            throw new IllegalStateException("a per-record template needs a record");
        }
        return render(null, context);
    }

    private static String render(RecordExpression expression, SinkRecord record, WriteContext context) {
        Object value = expression.value(record, context);
        if (value == null) {
            throw new InvalidPathException("the path template needs {" + expression + "}: " + expression.absence());
        }
        return switch (expression.kind()) {
            case RANGE -> (String) value;
            case PARTITION, POSITION_PARTITION, POSITION_OFFSET -> value.toString();
            case EVENT_TIME, BATCH_TIME -> expression.format() != null ? escapeTime((String) value) : escape(value.toString());
            default -> {
                if (value instanceof Map || value instanceof Collection) {
                    throw new InvalidPathException("{" + expression + "} is not a single value and cannot name a path");
                }
                String text = JsonText.text(value);
                if (text.isEmpty()) {
                    throw new InvalidPathException("{" + expression + "} is empty and cannot name a path");
                }
                yield escape(text);
            }
        };
    }

    /**
     * Escapes one value: bytes other than ASCII letters, digits, {@code -_.} become {@code %XX}, and so does a
     * leading {@code .} or {@code _}. Never contains {@code /}; never empty for a non-empty value.
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
        return Arrays.stream(formatted.split("/", -1)).map(s -> s.isEmpty() ? s : escape(s)).collect(Collectors.joining("/"));
    }

    /** The template as written. */
    @Override
    public String toString() {
        return template.toString();
    }

    /** The path computed for a record or batch is not valid; for a record, the record cannot be stored (a data error). */
    public static final class InvalidPathException extends RuntimeException {
        public InvalidPathException(String message) {
            super(message);
        }
    }
}
