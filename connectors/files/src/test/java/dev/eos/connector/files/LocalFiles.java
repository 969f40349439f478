package dev.eos.connector.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Reads a directory tree as a Hadoop or Spark reader would: hidden files and directories ('.' or '_') skipped. */
final class LocalFiles {

    private LocalFiles() {
    }

    static List<Path> visibleFiles(Path root) throws IOException {
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> isVisible(root.relativize(p)))
                    .sorted()
                    .toList();
        }
    }

    static List<Path> hiddenFiles(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).filter(p -> !isVisible(root.relativize(p))).toList();
        }
    }

    private static boolean isVisible(Path relative) {
        for (Path segment : relative) {
            String name = segment.toString();
            if (name.startsWith(".") || name.startsWith("_")) {
                return false;
            }
        }
        return true;
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
