package dev.eos.demo.crashloop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The {@code spark-submit} command that {@code bin/eos run --print-submit CONFIG} prints for a user, run as printed:
 * the cluster tests and {@code bin/eos demo --cluster} submit exactly this (after adding {@code --master} and the
 * like, as the printed comment tells a user to), so the printed command is itself under test.
 */
public final class PrintedSubmit {

    private PrintedSubmit() {
    }

    /**
     * Runs {@code <eosHome>/bin/eos run --print-submit --plugins <plugins> <config>} and returns the printed command
     * as its words ({@code spark-submit} first). The checkout must be built ({@code runtime/target/launcher}):
     * {@code bin/eos} would otherwise start a build.
     */
    public static List<String> print(Path eosHome, Path plugins, Path config) throws IOException, InterruptedException {
        Path launcher = eosHome.resolve("runtime/target/launcher/submit-classpath.txt");
        if (!Files.isRegularFile(launcher)) {
            throw new IllegalStateException(launcher + " is missing: build the runtime first (./mvnw package)");
        }
        Files.createDirectories(plugins);
        Path out = Files.createTempFile(config.toAbsolutePath().getParent(), "print-submit-", ".txt");
        Path err = out.resolveSibling(out.getFileName() + ".err");
        Process process = new ProcessBuilder(eosHome.resolve("bin/eos").toString(), "run", "--print-submit",
                "--plugins", plugins.toAbsolutePath().toString(), config.toAbsolutePath().toString())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        process.getOutputStream().close();
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("bin/eos run --print-submit did not finish within 3 minutes");
        }
        String printed = Files.readString(out, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new IllegalStateException("bin/eos run --print-submit exited with " + process.exitValue() + ":\n"
                    + Files.readString(err, StandardCharsets.UTF_8) + printed);
        }
        return words(printed);
    }

    /**
     * The words of a printed command, as a POSIX shell splits them: {@code #} comment lines dropped, a backslash at
     * the end of a line joins it to the next, single quotes (with {@code '\''} for a quote) keep spaces.
     */
    static List<String> words(String printed) {
        StringBuilder text = new StringBuilder();
        for (String line : printed.split("\n")) {
            if (!line.startsWith("#")) {
                text.append(line).append('\n');
            }
        }
        String command = text.toString().replace("\\\n", " ");
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        for (int i = 0; i < command.length(); i++) {
            char c = command.charAt(i);
            if (c == '\'') {
                int end = command.indexOf('\'', i + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("unbalanced quote in: " + command);
                }
                word = word == null ? new StringBuilder() : word;
                word.append(command, i + 1, end);
                i = end;
            } else if (c == '\\' && i + 1 < command.length()) {
                word = word == null ? new StringBuilder() : word;
                word.append(command.charAt(++i));
            } else if (Character.isWhitespace(c)) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
            } else {
                word = word == null ? new StringBuilder() : word;
                word.append(c);
            }
        }
        if (word != null) {
            words.add(word.toString());
        }
        if (words.isEmpty() || !words.get(0).equals("spark-submit")) {
            throw new IllegalArgumentException("not a spark-submit command: " + printed);
        }
        return words;
    }

    /**
     * The drop-in jar of connector {@code name} in the checkout ({@code connectors/<name>/target/eos-connector-
     * <name>-<version>.jar}), as {@code bin/eos plugins install} would copy it.
     */
    public static Path connectorJar(Path eosHome, String name) throws IOException {
        Path target = eosHome.resolve("connectors").resolve(name).resolve("target");
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(p -> {
                String file = p.getFileName().toString();
                return file.startsWith("eos-connector-" + name + "-") && file.endsWith(".jar")
                        && !file.endsWith("-tests.jar") && !file.endsWith("-sources.jar")
                        && !file.endsWith("-javadoc.jar");
            }).findFirst().orElseThrow(() -> new IllegalStateException("connector " + name + " is not built in "
                    + target));
        }
    }
}
