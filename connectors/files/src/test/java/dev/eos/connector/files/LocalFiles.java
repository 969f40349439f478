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

    /**
     * The visible files under {@code root}, sorted. A hidden temporary file that a writer renames or deletes while
     * the tree is walked is skipped, as a reader running next to the job skips it.
     */
    static List<Path> visibleFiles(Path root) throws IOException {
        if (!Files.exists(root)) {
            return List.of();
        }
        List<Path> found = new java.util.ArrayList<>();
        Files.walkFileTree(root, new java.nio.file.SimpleFileVisitor<>() {
            @Override
            public java.nio.file.FileVisitResult visitFile(Path file, java.nio.file.attribute.BasicFileAttributes attrs) {
                if (attrs.isRegularFile() && isVisible(root.relativize(file))) {
                    found.add(file);
                }
                return java.nio.file.FileVisitResult.CONTINUE;
            }

            @Override
            public java.nio.file.FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof java.nio.file.NoSuchFileException) {
                    return java.nio.file.FileVisitResult.CONTINUE;
                }
                throw e;
            }
        });
        found.sort(null);
        return found;
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
