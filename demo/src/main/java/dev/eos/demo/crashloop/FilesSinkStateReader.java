package dev.eos.demo.crashloop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.FileVisitResult;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

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
        List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(outputDir)) {
            return files;
        }
        Files.walkFileTree(outputDir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                return dir.equals(outputDir) || isVisible(dir) ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile() && isVisible(file)) {
                    files.add(file);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE; // a temporary file renamed away while listing
                }
                throw e;
            }
        });
        return files;
    }

    private static boolean isVisible(Path path) {
        String name = path.getFileName().toString();
        return !(name.startsWith(".") || name.startsWith("_"));
    }
}
