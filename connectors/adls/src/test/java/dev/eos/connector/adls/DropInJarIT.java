package dev.eos.connector.adls;

import dev.eos.spi.Sink;
import dev.eos.spi.SinkProvider;
import dev.eos.spi.SinkRecord;
import dev.eos.spi.SinkWriter;
import dev.eos.spi.WriteContext;
import dev.eos.spi.WriteResult;
import dev.eos.spi.host.SinkRegistry;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged drop-in jar ({@code eos.dropin.jar}): everything it bundles is relocated under
 * {@code dev/eos/connector/adls/}, it has no Netty, and loaded alone (with only the SPI and SLF4J beside it,
 * as on Spark's class path) it is found by name and writes through its relocated SDK to the dfs endpoint double.
 */
class DropInJarIT {

    private static final Path JAR = Paths.get(System.getProperty("eos.dropin.jar", "target/none.jar"));

    @Test
    void bundlesNothingOutsideItsOwnPackageBesidesMetaInfAndNoNetty() throws Exception {
        assertThat(JAR).exists();
        try (JarFile jar = new JarFile(JAR.toFile())) {
            List<String> names = Collections.list(jar.entries()).stream().map(JarEntry::getName).toList();

            assertThat(names).filteredOn(n -> !n.endsWith("/"))
                    .allSatisfy(n -> assertThat(n).matches("META-INF/.*|dev/eos/connector/adls/.*"));
            assertThat(names).noneMatch(n -> n.startsWith("io/netty/"));
            assertThat(names).filteredOn(n -> n.contains("io/netty/"))
                    .allSatisfy(n -> assertThat(n).startsWith("dev/eos/connector/adls/shaded/"));
            assertThat(names).contains("dev/eos/connector/adls/shaded/com/azure/core/http/jdk/httpclient/JdkHttpClient.class");
            assertThat(new String(jar.getInputStream(jar.getEntry("META-INF/services/dev.eos.spi.SinkProvider")).readAllBytes()))
                    .contains(AdlsSinkProvider.class.getName());
            assertThat(names).contains("META-INF/services/dev.eos.connector.adls.shaded.com.azure.core.http.HttpClientProvider");
        }
    }

    @Test
    void loadedInAFreshClassLoaderItIsFoundByNameAndWritesThroughItsRelocatedSdk() throws Exception {
        AdlsTestTarget target = new AdlsTestTarget();
        try (URLClassLoader loader = new URLClassLoader("drop-in", new URL[] {JAR.toUri().toURL()}, new SpiOnly())) {
            SinkRegistry registry = SinkRegistry.load(loader);
            assertThat(registry.loadProblems()).isEmpty();
            assertThat(registry.names()).containsExactly("adls");
            SinkProvider provider = registry.provider("eos.sink", "adls");
            assertThat(provider.getClass().getClassLoader()).isSameAs(loader);

            Sink sink = provider.create(provider.configSpec().parse(AdlsTestTarget.PREFIX,
                    target.properties("per-record", "{key}")));
            try (sink) {
                sink.preflight();
                try (SinkWriter writer = sink.open(new WriteContext(Instant.EPOCH, 0, 0, List.of()))) {
                    writer.write(SinkRecord.builder("from-drop-in").value("hello").build());
                    assertThat(writer.commit()).isEqualTo(WriteResult.of(1, 0));
                }
            }
        }
        assertThat(new String(target.dfs.files(target.fileSystem).get("from-drop-in"))).isEqualTo("hello");
    }

    /** A parent that shows the SPI and SLF4J of this test's class path (as Spark's class path would) and nothing else. */
    private static final class SpiOnly extends ClassLoader {
        SpiOnly() {
            super("spi-only", ClassLoader.getPlatformClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (name.startsWith("dev.eos.spi.") || name.startsWith("org.slf4j.")) {
                return DropInJarIT.class.getClassLoader().loadClass(name);
            }
            return super.loadClass(name, resolve);
        }
    }
}
