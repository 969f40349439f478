package dev.eos.runtime;

import dev.eos.spi.Config;
import dev.eos.spi.ConfigSpec;
import dev.eos.spi.Sink;
import dev.eos.spi.SinkProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

class PluginJarsTest {

    @TempDir
    Path dir;

    /** A provider as a sink author writes one; its class file goes into the jars these tests build. */
    public static final class ForgottenProvider implements SinkProvider {
        public String name() {
            return "forgotten";
        }

        public ConfigSpec configSpec() {
            return ConfigSpec.of();
        }

        public Sink create(Config config) {
            throw new UnsupportedOperationException();
        }
    }

    private Path jar(String name, Map<String, byte[]> entries) throws IOException {
        Path jar = dir.resolve(name);
        try (OutputStream file = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(file)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue());
                zip.closeEntry();
            }
        }
        return jar;
    }

    private static String classFile(Class<?> type) {
        return type.getName().replace('.', '/') + ".class";
    }

    private static byte[] bytesOf(Class<?> type) throws IOException {
        try (InputStream in = type.getClassLoader().getResourceAsStream(classFile(type))) {
            return in.readAllBytes();
        }
    }

    @Test
    void aJarWithTheServiceFileHasNoProblem() throws IOException {
        Path jar = jar("good.jar", Map.of(classFile(ForgottenProvider.class), bytesOf(ForgottenProvider.class),
                PluginJars.SERVICE, (ForgottenProvider.class.getName() + "\n").getBytes(StandardCharsets.UTF_8)));

        assertThat(PluginJars.problem(jar)).isEmpty();
    }

    @Test
    void aProviderClassWithoutTheServiceFileIsNamedWithTheLikelyCause() throws IOException {
        Path jar = jar("x.jar", Map.of(classFile(ForgottenProvider.class), bytesOf(ForgottenProvider.class),
                classFile(PluginJarsTest.class), bytesOf(PluginJarsTest.class)));

        assertThat(PluginJars.problem(jar)).hasValueSatisfying(problem -> assertThat(problem)
                .startsWith(jar + " holds no sink provider: it has no META-INF/services/dev.eos.spi.SinkProvider file")
                .contains("although it holds " + ForgottenProvider.class.getName() + ", which implements "
                        + "dev.eos.spi.SinkProvider")
                .contains("did you forget the annotation processor (@AutoService")
                .doesNotContain(PluginJarsTest.class.getName() + ","));
    }

    @Test
    void aJarWithoutAnyProviderSaysSoToo() throws IOException {
        Path jar = jar("lib.jar", Map.of(classFile(PluginJarsTest.class), bytesOf(PluginJarsTest.class)));

        assertThat(PluginJars.problem(jar)).hasValueSatisfying(problem -> assertThat(problem)
                .startsWith(jar + " holds no sink provider").doesNotContain("although"));
    }

    @Test
    void aFileThatIsNotAJarIsReported() throws IOException {
        Path notAJar = Files.writeString(dir.resolve("notes.jar"), "not a zip");

        assertThat(PluginJars.problem(notAJar)).hasValueSatisfying(problem ->
                assertThat(problem).startsWith(notAJar + " is not a readable jar"));
    }

    @Test
    void theCommandsWarnAboutThePluginJarsTheLauncherPassed() throws IOException {
        Path jar = jar("x.jar", Map.of(classFile(ForgottenProvider.class), bytesOf(ForgottenProvider.class)));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setProperty(PluginJars.PROPERTY, jar.toString());
        try {
            Main.execute(new String[] {"sinks"}, new PrintStream(OutputStream.nullOutputStream()),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
        } finally {
            System.clearProperty(PluginJars.PROPERTY);
        }

        assertThat(err.toString(StandardCharsets.UTF_8)).contains("WARNING: " + jar + " holds no sink provider");
    }

    @Test
    void validateWithoutPreflightChecksTheConfigurationOnly() throws IOException {
        Path config = dir.resolve("job.properties");
        Files.write(config, List.of("eos.source=files", "eos.source.files.path=" + dir, "eos.checkpoint.dir=" + dir,
                "eos.sink=memory-double", "eos.sink.memory-double.store=no-preflight",
                "eos.sink.memory-double.fail-preflight=true"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(OutputStream.nullOutputStream());

        int valid = Main.execute(new String[] {"validate", "--no-preflight", config.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), err);
        int invalid = Main.execute(new String[] {"validate", "--no-preflight", config.toString(), "eos.sink=nosuch"},
                new PrintStream(OutputStream.nullOutputStream()), err);

        assertThat(valid).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("is valid").contains("preflight was not run");
        assertThat(invalid).isEqualTo(Main.BAD_CONFIG);
    }
}
