package dev.eos.runtime.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Greps what a job wrote for planted secrets: every regular file under a directory (standard output and error
 * captured to files, logs, the checkpoint, the sink's output, Spark's scratch directory), a Spark checkpoint file
 * decompressed first ({@link SparkCheckpointFiles#readable}). The tests' one home for this; shipped to other
 * modules in eos-runtime's test-jar ({@code dev/eos/runtime/testing/**} only).
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
                String content = new String(SparkCheckpointFiles.readable(file), StandardCharsets.ISO_8859_1);
                planted.forEach((secret, where) -> {
                    if (content.contains(secret)) {
                        leaks.add(where + " in " + dir.relativize(file));
                    }
                });
            }
        }
        return leaks;
    }
}
