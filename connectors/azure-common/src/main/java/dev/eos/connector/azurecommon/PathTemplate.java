package dev.eos.connector.azurecommon;

import dev.eos.spi.SinkRecord;
import dev.eos.spi.SourcePosition;
import dev.eos.spi.WriteContext;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * An object path computed from a record or from a batch partition, such as
 * {@code events/{event-time:yyyy/MM/dd}/{key}.json} or {@code batches/{batch-time:yyyy-MM-dd}/{range}.jsonl}.
 *
 * <p>Placeholders over the record (per-record mode only): {@code {key}}, {@code {position}}
 * ({@code source/partition/offset}), {@code {source}}, {@code {source-partition}}, {@code {offset}},
 * {@code {event-time:PATTERN}}, {@code {field:NAME}}. Over the batch (both modes): {@code {batch-time:PATTERN}}
 * (a {@link DateTimeFormatter} pattern, UTC; without a pattern the epoch milliseconds), {@code {partition}} (the
 * Spark partition index) and, in per-batch mode, {@code {range}} (the partition's source offset ranges, such as
 * {@code orders-3-1200-1450}; {@code batch-<millis>-part-<n>} when the source gives none).
 *
 * <p>{@link #parse(String, WriteMode)} checks the template when the sink is created: unknown placeholders, bad
 * patterns, and a template that does not name something unique (per record: {@code {key}} or
 * {@code {position}}; per batch: {@code {range}}). Rendering checks the result: no empty, {@code .} or {@code ..}
 * segment, no control character or backslash, at most 1024 characters. Immutable and thread-safe.
 */
public final class PathTemplate {

    static final int MAX_LENGTH = 1024;
    private static final Set<String> RECORD_PLACEHOLDERS =
            Set.of("key", "position", "source", "source-partition", "offset", "event-time", "field");

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
            int close = text.indexOf('}', i);
            if (close >= 0 && (open < 0 || close < open)) {
                problems.add("'}' at " + close + " closes nothing");
                break;
            }
            if (open < 0) {
                parts.add(new Literal(text.substring(i)));
                break;
            }
            if (open > i) {
                parts.add(new Literal(text.substring(i, open)));
            }
            if (close < 0) {
                problems.add("'{' at " + open + " is not closed");
                break;
            }
            String inside = text.substring(open + 1, close);
            try {
                parts.add(placeholder(inside, mode));
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
            i = close + 1;
        }
        if (text.isBlank()) {
            problems.add("the template is empty");
        } else if (text.startsWith("/")) {
            problems.add("a path does not start with '/'");
        }
        List<String> names = parts.stream().filter(p -> p instanceof Placeholder).map(p -> ((Placeholder) p).name).toList();
        if (mode == WriteMode.PER_RECORD && !names.contains("key") && !names.contains("position")) {
            problems.add("per-record mode needs {key} or {position} in the template, or two records would share one object");
        }
        if (mode == WriteMode.PER_BATCH && !names.contains("range")) {
            problems.add("per-batch mode needs {range} in the template, or two partitions would share one object");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return new PathTemplate(text, mode, parts);
    }

    private static Part placeholder(String inside, WriteMode mode) {
        int colon = inside.indexOf(':');
        String name = colon < 0 ? inside : inside.substring(0, colon);
        String arg = colon < 0 ? null : inside.substring(colon + 1);
        if (mode == WriteMode.PER_BATCH && RECORD_PLACEHOLDERS.contains(name)) {
            throw new IllegalArgumentException("{" + inside + "} names a record, but per-batch mode names one object per partition");
        }
        switch (name) {
            case "key", "position", "source", "source-partition", "offset", "partition" -> {
                if (arg != null) {
                    throw new IllegalArgumentException("{" + name + "} takes no argument");
                }
                return new Placeholder(name, null, null);
            }
            case "range" -> {
                if (mode != WriteMode.PER_BATCH) {
                    throw new IllegalArgumentException("{range} is for per-batch mode");
                }
                if (arg != null) {
                    throw new IllegalArgumentException("{range} takes no argument");
                }
                return new Placeholder(name, null, null);
            }
            case "event-time", "batch-time" -> {
                if (arg == null && name.equals("event-time")) {
                    throw new IllegalArgumentException("{event-time} needs a pattern, such as {event-time:yyyy/MM/dd}");
                }
                DateTimeFormatter format = null;
                if (arg != null) {
                    try {
                        format = DateTimeFormatter.ofPattern(arg, Locale.ROOT).withZone(ZoneOffset.UTC);
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("{" + inside + "} has a bad date pattern: " + e.getMessage());
                    }
                }
                return new Placeholder(name, arg, format);
            }
            case "field" -> {
                if (arg == null || arg.isEmpty()) {
                    throw new IllegalArgumentException("{field} needs a field name, such as {field:customer}");
                }
                return new Placeholder(name, arg, null);
            }
            default -> throw new IllegalArgumentException("unknown placeholder {" + inside + "}");
        }
    }

    public WriteMode mode() {
        return mode;
    }

    /**
     * The path of one record's object (per-record mode).
     *
     * @throws InvalidPathException when the record lacks what the template needs, or the result is not a valid path
     */
    public String render(SinkRecord record, WriteContext context) {
        StringBuilder out = new StringBuilder();
        for (Part part : parts) {
            if (part instanceof Literal literal) {
                out.append(literal.text);
            } else {
                out.append(value((Placeholder) part, record, context));
            }
        }
        return checked(out.toString());
    }

    /**
     * The path of a partition's object (per-batch mode).
     *
     * @throws InvalidPathException when the result is not a valid path
     */
    public String render(WriteContext context) {
        if (mode != WriteMode.PER_BATCH) {
            throw new IllegalStateException("a per-record template needs a record");
        }
        return render(null, context);
    }

    private static String value(Placeholder p, SinkRecord record, WriteContext context) {
        return switch (p.name) {
            case "key" -> record.key();
            case "position" -> position(record).map(pos -> safe(pos.source()) + "/" + pos.partition() + "/" + pos.offset())
                    .orElseThrow(() -> new InvalidPathException("the record has no source position for {position}"));
            case "source" -> position(record).map(pos -> safe(pos.source()))
                    .orElseThrow(() -> new InvalidPathException("the record has no source position for {source}"));
            case "source-partition" -> position(record).map(pos -> String.valueOf(pos.partition()))
                    .orElseThrow(() -> new InvalidPathException("the record has no source position for {source-partition}"));
            case "offset" -> position(record).map(pos -> String.valueOf(pos.offset()))
                    .orElseThrow(() -> new InvalidPathException("the record has no source position for {offset}"));
            case "event-time" -> p.format.format(record.eventTime()
                    .orElseThrow(() -> new InvalidPathException("the record has no event time for {event-time:" + p.arg + "}")));
            case "field" -> record.field(p.arg).map(String::valueOf)
                    .orElseThrow(() -> new InvalidPathException("the record has no field \"" + p.arg + "\" for {field:" + p.arg + "}"));
            case "batch-time" -> p.format == null ? String.valueOf(context.batchTime().toEpochMilli())
                    : p.format.format(context.batchTime());
            case "partition" -> String.valueOf(context.partition());
            case "range" -> range(context);
            default -> throw new IllegalStateException(p.name);
        };
    }

    private static Optional<SourcePosition> position(SinkRecord record) {
        return record.position();
    }

    /** The partition's offset ranges as one path segment, stable across replays of the batch. */
    static String range(WriteContext context) {
        if (context.offsetRanges().isEmpty()) {
            return "batch-" + context.batchTime().toEpochMilli() + "-part-" + context.partition();
        }
        return context.offsetRanges().stream()
                .map(r -> safe(r.source()) + "-" + r.partition() + "-" + r.from() + "-" + r.until())
                .collect(Collectors.joining("+"));
    }

    /** A source name (a topic, a file URI) as one path segment: characters other than letters, digits, '.', '_', '-' become '_'. */
    static String safe(String source) {
        StringBuilder out = new StringBuilder(source.length());
        for (int i = 0; i < source.length(); i++) {
            char c = source.charAt(i);
            out.append(Character.isLetterOrDigit(c) && c < 128 || c == '.' || c == '_' || c == '-' ? c : '_');
        }
        return out.toString();
    }

    private static String checked(String path) {
        if (path.length() > MAX_LENGTH) {
            throw new InvalidPathException("the path has " + path.length() + " characters; at most " + MAX_LENGTH + " are allowed");
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\\') {
                throw new InvalidPathException("the path contains a control character or a backslash at " + i);
            }
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new InvalidPathException("the path has an empty, '.' or '..' segment");
            }
        }
        return path;
    }

    @Override
    public String toString() {
        return text;
    }

    private interface Part {
    }

    private record Literal(String text) implements Part {
    }

    private record Placeholder(String name, String arg, DateTimeFormatter format) implements Part {
    }

    /** The path computed for a record is not valid; the record cannot be stored (a data error). */
    public static final class InvalidPathException extends RuntimeException {
        public InvalidPathException(String message) {
            super(message);
        }
    }
}
