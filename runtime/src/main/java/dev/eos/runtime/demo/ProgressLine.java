package dev.eos.runtime.demo;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The line the job's driver prints on stdout after every batch:
 * {@code eos batch time=<epoch-millis> records=<n> written=<n> duplicates=<n> dead-lettered=<n> millis=<n>}.
 */
public record ProgressLine(long time, long records, long written, long duplicates, long deadLettered, long millis) {

    private static final Pattern LINE = Pattern.compile(
            "eos batch time=(\\d+) records=(\\d+) written=(\\d+) duplicates=(\\d+) dead-lettered=(\\d+) millis=(\\d+)");

    /** The progress line in {@code line}, if it holds one. */
    public static Optional<ProgressLine> parse(String line) {
        if (!line.contains("eos batch ")) {
            return Optional.empty();
        }
        Matcher m = LINE.matcher(line);
        if (!m.find()) {
            return Optional.empty();
        }
        return Optional.of(new ProgressLine(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)),
                Long.parseLong(m.group(3)), Long.parseLong(m.group(4)), Long.parseLong(m.group(5)),
                Long.parseLong(m.group(6))));
    }
}
