package dev.eos.runtime.testing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.apache.spark.SparkConf;
import org.apache.spark.io.LZ4CompressionCodec;

/**
 * The files of a Spark Streaming checkpoint directory as tests look at them: whether the stream has written its
 * graph yet ({@code checkpoint-<time>}), and a file's bytes decompressed (Spark writes those files with its IO codec,
 * LZ4). Shipped to other modules in eos-runtime's test-jar.
 */
public final class SparkCheckpointFiles {

    private static final String PREFIX = "checkpoint-";

    private SparkCheckpointFiles() {
    }

    /** Whether {@code dir} holds a checkpoint of the stream's graph ({@code checkpoint-<time>}, not its backup). */
    public static boolean hasCheckpointFile(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(f -> isCheckpointFile(f) && !f.getFileName().toString().endsWith(".bk"));
        }
    }

    /** Whether {@code file} is a checkpoint of the stream's graph or its backup ({@code checkpoint-*}). */
    public static boolean isCheckpointFile(Path file) {
        return file.getFileName().toString().startsWith(PREFIX);
    }

    /** The file's bytes; a checkpoint file's decompressed. */
    public static byte[] readable(Path file) throws IOException {
        byte[] raw = Files.readAllBytes(file);
        if (!isCheckpointFile(file)) {
            return raw;
        }
        try (InputStream in = new LZ4CompressionCodec(new SparkConf())
                .compressedInputStream(new ByteArrayInputStream(raw))) {
            return in.readAllBytes();
        } catch (IOException notCompressed) {
            return raw;
        }
    }
}
