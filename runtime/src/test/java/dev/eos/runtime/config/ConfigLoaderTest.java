package dev.eos.runtime.config;

import dev.eos.spi.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** How the CONFIG file is read: what is refused, and each refusal in one line naming the file (and line). */
class ConfigLoaderTest {

    private static final Map<String, String> CLUSTER = Map.of(ConfigLoader.DEPLOY_MODE, "cluster");

    @TempDir
    Path dir;

    private Path file(String... lines) throws IOException {
        return Files.write(dir.resolve("job.properties"), List.of(lines));
    }

    private static List<String> problems(Path file, Map<String, String> sparkConf) {
        return catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(file, List.of(), sparkConf))
                .problems();
    }

    @Test
    void aKeyGivenTwiceIsAProblemNamingTheKeyAndBothLines() throws IOException {
        Path file = file("# job", "eos.sink=files", "", "eos.source=files", "eos.sink = jdbc");

        assertThat(problems(file, Map.of())).containsExactly("Configuration \"eos.sink\" is given twice in file "
                + file + ", on lines 2 and 5; keep one");
    }

    @Test
    void continuationLinesCommentsAndEscapesAreReadAsPropertiesAreAndCountedInLines() throws IOException {
        Path file = file("! comment", "eos.source.files.path=/a,\\", "    /b", "eos.app.name : my\\u0020job",
                "eos.source.files.path=/c");

        assertThat(problems(file, Map.of())).containsExactly("Configuration \"eos.source.files.path\" is given twice "
                + "in file " + file + ", on lines 2 and 5; keep one");
        Path fixed = file("eos.source.files.path=/a,\\", "    /b", "eos.app.name : my\\u0020job");
        assertThat(ConfigLoader.load(fixed, List.of(), Map.of()))
                .containsEntry("eos.source.files.path", "/a,/b").containsEntry("eos.app.name", "my job");
    }

    @Test
    void aUtf8ByteOrderMarkIsSkipped() throws IOException {
        Path file = dir.resolve("bom.properties");
        Files.write(file, ("\uFEFFeos.sink=files\neos.source=files\n").getBytes(StandardCharsets.UTF_8));

        assertThat(ConfigLoader.load(file, List.of(), Map.of())).containsEntry("eos.sink", "files")
                .containsEntry("eos.source", "files");
    }

    @Test
    void aDirectoryIsNotAPropertiesFile() {
        assertThat(problems(dir, Map.of())).containsExactly("Configuration file " + dir
                + " is a directory, not a properties file");
    }

    @Test
    void aBinaryFileIsNotATextFile() throws IOException {
        Path notUtf8 = Files.write(dir.resolve("job.bin"), new byte[] {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE});
        Path withNul = Files.write(dir.resolve("job.nul"), new byte[] {'e', 'o', 's', 0, '=', '1'});

        assertThat(problems(notUtf8, Map.of())).containsExactly("Configuration file " + notUtf8
                + " is not a text file (not valid UTF-8); a properties file is UTF-8 text");
        assertThat(problems(withNul, Map.of())).containsExactly("Configuration file " + withNul
                + " is not a text file (it holds NUL bytes); a properties file is UTF-8 text");
    }

    @Test
    void aFileThisUserMayNotReadSaysPermissionDenied() throws IOException {
        Path file = file("eos.sink=files");
        // a double for the read of a file without read permission (root, as CI runs, reads any file)
        ConfigLoader.FileBytes permissionDeniedDouble = f -> {
            throw new AccessDeniedException(f.toString());
        };

        ConfigLoader.Loaded loaded = ConfigLoader.read(file, List.of(), Map.of(), permissionDeniedDouble);

        assertThat(loaded.problems()).containsExactly("Configuration file " + file + " cannot be read: permission denied");
        assertThat(loaded.fileRead()).isFalse();
    }

    @Test
    void aMissingFileIsAProblemEvenWhenTheWorkingDirectoryHoldsOneOfTheSameNameOutsideClusterMode() throws IOException {
        Path local = Path.of("eos-test-shipped-" + System.nanoTime() + ".properties");
        Files.write(local, List.of("eos.sink=shipped"));
        Path missing = Path.of("/nowhere/on/this/host").resolve(local);
        try {
            assertThat(problems(missing, Map.of())).containsExactly("Configuration file " + missing + " not found");
            assertThat(problems(missing, Map.of(ConfigLoader.DEPLOY_MODE, "client")))
                    .containsExactly("Configuration file " + missing + " not found");
        } finally {
            Files.delete(local);
        }
    }

    @Test
    void inClusterModeTheCopySparkSubmitFilesPutInTheDriversWorkingDirectoryIsRead() throws IOException {
        Path local = Path.of("eos-test-shipped-" + System.nanoTime() + ".properties");
        Files.write(local, List.of("eos.sink=shipped"));
        try {
            Map<String, String> merged = ConfigLoader.load(Path.of("/nowhere/on/this/host").resolve(local), List.of(),
                    CLUSTER);
            assertThat(merged).containsEntry("eos.sink", "shipped");
        } finally {
            Files.delete(local);
        }
    }

    @Test
    void inClusterModeAFileInNeitherPlaceNamesBoth() {
        Path missing = Path.of("/nowhere/on/this/host/absent-" + System.nanoTime() + ".properties");

        assertThat(problems(missing, CLUSTER)).singleElement().asString()
                .startsWith("Configuration file " + missing + " not found (nor in the driver's working directory "
                        + Path.of("").toAbsolutePath())
                .endsWith("where spark-submit --files puts it in cluster mode)");
    }
}
