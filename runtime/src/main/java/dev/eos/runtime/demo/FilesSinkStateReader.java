package dev.eos.runtime.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads the {@code files} sink's output directory: every visible file under it (recursively; names starting with
 * {@code .} or {@code _} are temporary or bookkeeping files and skipped), one payload per non-empty line. That
 * covers both modes: per-record (one file holding one event) and per-batch (one file holding a partition's events).
 */
public final class FilesSinkStateReader implements SinkStateReader {

    private final Path outputDir;
    private final boolean oneRecordPerFile;

    private FilesSinkStateReader(Path outputDir, boolean oneRecordPerFile) {
        this.outputDir = outputDir.toAbsolutePath();
        this.oneRecordPerFile = oneRecordPerFile;
    }

    /** For {@code eos.sink.files.mode=per-record} (the default): one file per record key. */
    public static FilesSinkStateReader perRecord(Path outputDir) {
        return new FilesSinkStateReader(outputDir, true);
    }

    /** For {@code eos.sink.files.mode=per-batch}: one file per partition per batch. */
    public static FilesSinkStateReader perBatch(Path outputDir) {
        return new FilesSinkStateReader(outputDir, false);
    }

    @Override
    public List<String> storedPayloads() throws IOException {
        List<String> payloads = new ArrayList<>();
        for (Path file : visibleFiles()) {
            String text;
            try {
                text = Files.readString(file, StandardCharsets.UTF_8);
            } catch (NoSuchFileException replacedMeanwhile) {
                continue;
            }
            text.lines().filter(line -> !line.isEmpty()).forEach(payloads::add);
        }
        return payloads;
    }

    @Override
    public long storedCount() throws IOException {
        return oneRecordPerFile ? visibleFiles().size() : storedPayloads().size();
    }

    private List<Path> visibleFiles() throws IOException {
        if (!Files.isDirectory(outputDir)) {
            return List.of();
        }
        try (Stream<Path> all = Files.walk(outputDir)) {
            return all.filter(p -> !p.equals(outputDir))
                    .filter(p -> isVisible(outputDir.relativize(p)))
                    .filter(Files::isRegularFile)
                    .toList();
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof NoSuchFileException) {
                return visibleFiles(); // a temporary file vanished while listing: list again
            }
            throw e.getCause();
        }
    }

    private static boolean isVisible(Path relative) {
        for (Path part : relative) {
            String name = part.toString();
            if (name.startsWith(".") || name.startsWith("_")) {
                return false;
            }
        }
        return true;
    }
}
