package dev.eos.demo.crashloop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

/**
 * Feeds the {@code files} source: each {@link #feed(List)} writes one new file of lines into the input directory,
 * atomically: the lines go to a hidden temporary file (which the source ignores) that is then renamed into place,
 * so the source never sees a half-written file.
 */
public final class FilesEventFeeder implements EventFeeder {

    private final Path inputDir;
    private int files;

    public FilesEventFeeder(Path inputDir) {
        this.inputDir = inputDir.toAbsolutePath();
    }

    public Path inputDir() {
        return inputDir;
    }

    @Override
    public Map<String, String> sourceProperties() {
        return Map.of("eos.source", "files", "eos.source.files.path", inputDir.toString());
    }

    @Override
    public void prepare() throws IOException {
        Files.createDirectories(inputDir);
    }

    @Override
    public void feed(List<String> payloads) throws IOException {
        files++;
        String name = String.format("events-%06d.txt", files);
        Path temp = inputDir.resolve("." + name + ".tmp");
        StringBuilder text = new StringBuilder();
        for (String payload : payloads) {
            text.append(payload).append('\n');
        }
        Files.writeString(temp, text, StandardCharsets.UTF_8);
        Files.move(temp, inputDir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }
}
