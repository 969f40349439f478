package dev.eos.runtime.testing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.apache.spark.SparkConf;
import org.apache.spark.io.LZ4CompressionCodec;

/**
 * Greps what a job wrote for planted secrets: every regular file under a directory (standard output and error
 * captured to files, logs, the checkpoint, the sink's output, Spark's scratch directory), a Spark checkpoint file
 * ({@code checkpoint-*}) decompressed first since Spark writes it with its IO codec (LZ4). The tests' one home for
 * this; shipped to other modules in eos-runtime's test-jar ({@code dev/eos/runtime/testing/**} only).
 */
public final class SecretScan {

    private SecretScan() {
    }

    /**
     * {@code "<where> in <file relative to dir>"} for each planted secret found in a file under {@code dir} that
     * {@code skip} does not exclude (such as the configuration files the secrets were given in).
     *
     * @param planted each secret and a description of where it was planted, for the report
     */
    public static List<String> leaks(Path dir, Map<String, String> planted, Predicate<Path> skip) throws IOException {
        List<String> leaks = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).filter(skip.negate()).toList()) {
                String content = new String(readable(file), StandardCharsets.ISO_8859_1);
                planted.forEach((secret, where) -> {
                    if (content.contains(secret)) {
                        leaks.add(where + " in " + dir.relativize(file));
                    }
                });
            }
        }
        return leaks;
    }

    /** The file's bytes; a Spark checkpoint file's decompressed (Spark writes them with its IO codec, LZ4). */
    public static byte[] readable(Path file) throws IOException {
        byte[] raw = Files.readAllBytes(file);
        if (!file.getFileName().toString().startsWith("checkpoint-")) {
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
