package dev.eos.demo.crashloop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a log file another process is writing: its lines so far, and the lines that match a pattern. */
final class LogFile {

    private LogFile() {
    }

    /** Every complete line so far; none when the file does not exist yet. */
    static List<String> lines(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.ISO_8859_1);
            int end = text.lastIndexOf('\n');
            return end < 0 ? List.of() : List.of(text.substring(0, end).split("\n"));
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static long count(Path file, String text) {
        return lines(file).stream().filter(l -> l.contains(text)).count();
    }

    /** The matchers of the lines that {@code pattern} finds something in, in order. */
    static List<Matcher> matches(Path file, Pattern pattern) {
        return lines(file).stream().map(pattern::matcher).filter(Matcher::find).toList();
    }
}
