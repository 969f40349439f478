package dev.eos.connector.hbase;

import dev.eos.spi.Sink;
import dev.eos.spi.SinkRecord;
import dev.eos.spi.SinkWriter;
import dev.eos.spi.WriteContext;
import dev.eos.spi.WriteResult;
import dev.eos.spi.host.SinkRegistry;
import dev.eos.testkit.TestRecords;
import org.apache.hadoop.hbase.TableName;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.jar.JarFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The drop-in jar ({@code eos.dropin.jar}, built by the package phase) on its own: loaded in a class loader that
 * sees only the JDK, the SPI and SLF4J from the host, it is found by name and writes to the mini cluster through the
 * HBase client it bundles.
 */
class HBaseDropInJarIT {

    @Test
    void dropInJarAloneIsFoundByNameAndWritesThroughItsBundledClient() throws Exception {
        Path jar = Path.of(System.getProperty("eos.dropin.jar"));
        TableName table = HBaseTestCluster.createTable("dropin", 1);
        List<SinkRecord> batch = TestRecords.generate(31, 20);
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, new HostOnlyLoader())) {
            Thread.currentThread().setContextClassLoader(loader);
            SinkRegistry registry = SinkRegistry.load(loader);
            assertThat(registry.names()).containsExactly("hbase");
            assertThat(registry.loadProblems()).isEmpty();
            WriteResult result;
            try (Sink sink = registry.create("hbase", "eos.sink.hbase.", HBaseTestCluster.sinkProperties(table))) {
                assertThat(sink.getClass().getClassLoader()).isSameAs(loader);
                sink.preflight();
                try (SinkWriter writer = sink.open(new WriteContext(Instant.EPOCH, 0, 0, List.of()))) {
                    batch.forEach(writer::write);
                    result = writer.commit();
                }
            }
            assertThat(result).isEqualTo(WriteResult.of(20, 0));
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
        assertThat(HBaseTestCluster.allCellVersions(table)).extracting(HBaseTestCluster::row)
                .containsExactlyInAnyOrderElementsOf(batch.stream().map(SinkRecord::key).toList());
    }

    @Test
    void dropInJarMergesServicesAndLeavesTheSpiAndSlf4jToTheHost() throws Exception {
        try (JarFile jar = new JarFile(System.getProperty("eos.dropin.jar"))) {
            String providers = new String(jar.getInputStream(jar.getEntry("META-INF/services/dev.eos.spi.SinkProvider"))
                    .readAllBytes(), StandardCharsets.UTF_8);
            assertThat(providers.trim()).isEqualTo(HBaseSinkProvider.class.getName());
            assertThat(jar.getEntry("META-INF/services/org.apache.hadoop.fs.FileSystem")).isNotNull();
            assertThat(jar.getEntry("org/apache/hadoop/hbase/client/ConnectionFactory.class")).isNotNull();
            assertThat(jar.getEntry("dev/eos/connector/hbase/shaded/support/RecordExpression.class")).isNotNull();
            assertThat(jar.stream().map(java.util.zip.ZipEntry::getName))
                    .noneMatch(name -> name.startsWith("dev/eos/spi/") || name.startsWith("org/slf4j/")
                            || name.startsWith("io/opentelemetry/") || name.startsWith("dev/eos/connector/support/"));
        }
    }

    /** What a host gives a plugin jar: the JDK, the SPI and SLF4J; nothing of HBase or Hadoop. */
    private static final class HostOnlyLoader extends ClassLoader {
        HostOnlyLoader() {
            super(ClassLoader.getPlatformClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (name.startsWith("dev.eos.spi.") || name.startsWith("org.slf4j.")) {
                return HBaseDropInJarIT.class.getClassLoader().loadClass(name);
            }
            return super.loadClass(name, resolve);
        }
    }
}
