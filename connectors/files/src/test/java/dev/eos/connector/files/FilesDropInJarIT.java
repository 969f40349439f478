package dev.eos.connector.files;

import dev.eos.spi.SinkProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged drop-in jar (after {@code package}): it carries its services file, bundles nothing outside
 * {@code dev/eos/}, and works in a class loader that sees only the jar, the SPI and Hadoop, as on a Spark class path.
 */
class FilesDropInJarIT {

    private static final String SERVICES = "META-INF/services/dev.eos.spi.SinkProvider";
    /** What Spark's class path gives a connector besides the SPI: Hadoop's client jars and what they need. */
    private static final List<String> HADOOP_AND_ITS_DEPENDENCIES = List.of(
            "hadoop-client-api-", "hadoop-client-runtime-", "slf4j-api-", "commons-logging-", "snappy-java-");

    @TempDir
    Path dir;

    private static Path jar() {
        String jar = System.getProperty("eos.files.jar");
        assertThat(jar).as("system property eos.files.jar (set by the failsafe configuration)").isNotNull();
        return Path.of(jar);
    }

    @Test
    void jarNamesTheFilesProviderInItsServicesFile() throws Exception {
        try (JarFile jar = new JarFile(jar().toFile())) {
            ZipEntry services = jar.getEntry(SERVICES);
            assertThat(services).as(SERVICES).isNotNull();
            String text = new String(jar.getInputStream(services).readAllBytes(), StandardCharsets.UTF_8);
            assertThat(text.lines().map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")))
                    .containsExactly(FilesSinkProvider.class.getName());
        }
    }

    @Test
    void jarBundlesNothingOutsideDevEosAndNotTheSpi() throws Exception {
        try (JarFile jar = new JarFile(jar().toFile())) {
            List<String> names = Collections.list(jar.entries()).stream().map(ZipEntry::getName).toList();

            assertThat(names).contains("dev/eos/connector/files/FilesSinkProvider.class");
            assertThat(names).allSatisfy(name -> assertThat(name).matches("(dev/|dev/eos/.*|META-INF/.*)"));
            assertThat(names).noneMatch(name -> name.startsWith("dev/eos/spi/"));
            assertThat(names).contains("dev/eos/connector/files/shaded/support/PathTemplate.class");
            assertThat(names).noneMatch(name -> name.startsWith("dev/eos/connector/support/"));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void freshClassLoaderSeeingOnlyTheSpiAndHadoopFindsAndRunsTheFilesSink() throws Exception {
        List<URL> hostClassPath = new ArrayList<>();
        hostClassPath.add(location(SinkProvider.class));
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            if (HADOOP_AND_ITS_DEPENDENCIES.stream().anyMatch(name::startsWith)) {
                hostClassPath.add(Path.of(entry).toUri().toURL());
            }
        }
        try (URLClassLoader host = new URLClassLoader(hostClassPath.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
             URLClassLoader plugin = new URLClassLoader(new URL[] {jar().toUri().toURL()}, host)) {
            // as Spark does for a task: Hadoop's Configuration loads classes through the context class loader
            Thread.currentThread().setContextClassLoader(plugin);
            Class<?> registryType = host.loadClass("dev.eos.spi.host.SinkRegistry");
            Object registry = registryType.getMethod("load", ClassLoader.class).invoke(null, plugin);

            assertThat((List<Object>) registryType.getMethod("names").invoke(registry)).containsExactly("files");
            assertThat((List<Object>) registryType.getMethod("loadProblems").invoke(registry)).isEmpty();
            Object provider = registryType.getMethod("provider", String.class, String.class).invoke(registry, "eos.sink", "files");
            assertThat(provider.getClass().getClassLoader()).isSameAs(plugin);

            Path out = dir.resolve("out");
            Object sink = registryType.getMethod("create", String.class, String.class, Map.class)
                    .invoke(registry, "files", "eos.sink.files.", Map.of("eos.sink.files.path", out.toString()));
            Class<?> sinkType = host.loadClass("dev.eos.spi.Sink");
            sinkType.getMethod("preflight").invoke(sink);
            writeOneRecord(host, sinkType, sink);
            sinkType.getMethod("close").invoke(sink);

            assertThat(Files.readString(out.resolve("drop-in"))).isEqualTo("it works");
        } finally {
            Thread.currentThread().setContextClassLoader(FilesDropInJarIT.class.getClassLoader());
        }
    }

    /** Writes record "drop-in" through the SPI types of the host loader, by reflection. */
    private static void writeOneRecord(ClassLoader host, Class<?> sinkType, Object sink) throws Exception {
        Class<?> recordType = host.loadClass("dev.eos.spi.SinkRecord");
        Object builder = recordType.getMethod("builder", String.class).invoke(null, "drop-in");
        builder.getClass().getMethod("value", String.class).invoke(builder, "it works");
        Object record = builder.getClass().getMethod("build").invoke(builder);
        Class<?> contextType = host.loadClass("dev.eos.spi.WriteContext");
        Object context = contextType.getConstructors()[0].newInstance(java.time.Instant.EPOCH, 0, 0, List.of());
        Object writer = sinkType.getMethod("open", contextType).invoke(sink, context);
        Class<?> writerType = host.loadClass("dev.eos.spi.SinkWriter");
        writerType.getMethod("write", recordType).invoke(writer, record);
        Object result = writerType.getMethod("commit").invoke(writer);
        writerType.getMethod("close").invoke(writer);
        Method written = result.getClass().getMethod("written");
        assertThat(written.invoke(result)).isEqualTo(1L);
    }

    private static URL location(Class<?> type) {
        return type.getProtectionDomain().getCodeSource().getLocation();
    }
}
