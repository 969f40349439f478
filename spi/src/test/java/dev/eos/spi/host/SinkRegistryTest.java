package dev.eos.spi.host;

import dev.eos.spi.ConfigException;
import dev.eos.spi.SinkProvider;
import dev.eos.spi.testproviders.GoodProvider;
import dev.eos.spi.testproviders.OtherGoodProvider;
import dev.eos.spi.testproviders.ThrowingNameProvider;
import dev.eos.spi.testproviders.ThrowingProvider;
import dev.eos.spi.testproviders.TwinProviderA;
import dev.eos.spi.testproviders.TwinProviderB;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Loads test providers from jars built at test time, in a class loader whose parent cannot see the test providers,
 * so each provider's class really comes from its jar, as a drop-in connector's would.
 */
class SinkRegistryTest {

    private static final String SERVICES = "META-INF/services/" + SinkProvider.class.getName();
    private static final String TEST_PROVIDERS = "dev.eos.spi.testproviders.";

    @TempDir
    Path dir;

    @Test
    void twoProvidersWithOneNameFailNamingBothClassesAndTheirJars() throws Exception {
        Path jarA = jar("connector-a.jar", TwinProviderA.class, GoodProvider.class);
        Path jarB = jar("connector-b.jar", TwinProviderB.class);

        try (URLClassLoader loader = loaderOf(jarA, jarB)) {
            ConfigException e = catchThrowableOfType(ConfigException.class, () -> SinkRegistry.load(loader));

            assertThat(e.problems()).singleElement().asString()
                    .contains("\"twin\"", TwinProviderA.class.getName(), TwinProviderB.class.getName(),
                            "connector-a.jar", "connector-b.jar");
        }
    }

    @Test
    void providerWhoseConstructorThrowsIsALoadProblemAndTheOthersStillLoad() throws Exception {
        Path jar = jar("mixed.jar", GoodProvider.class, ThrowingProvider.class, OtherGoodProvider.class);

        try (URLClassLoader loader = loaderOf(jar)) {
            SinkRegistry registry = SinkRegistry.load(loader);

            assertThat(registry.names()).containsExactly("good", "other");
            assertThat(registry.loadProblems()).singleElement().asString()
                    .contains(ThrowingProvider.class.getName(), "boom in constructor");
        }
    }

    @Test
    void providerListedButMissingIsALoadProblemAndTheOthersStillLoad() throws Exception {
        Path jar = jar("missing.jar", List.of(GoodProvider.class), List.of(TEST_PROVIDERS + "NoSuchProvider"));

        try (URLClassLoader loader = loaderOf(jar)) {
            SinkRegistry registry = SinkRegistry.load(loader);

            assertThat(registry.names()).containsExactly("good");
            assertThat(registry.loadProblems()).singleElement().asString().contains("NoSuchProvider");
        }
    }

    @Test
    void providerWhoseNameThrowsIsALoadProblemAndTheOthersStillLoad() throws Exception {
        Path jar = jar("bad-name.jar", ThrowingNameProvider.class, GoodProvider.class);

        try (URLClassLoader loader = loaderOf(jar)) {
            SinkRegistry registry = SinkRegistry.load(loader);

            assertThat(registry.names()).containsExactly("good");
            assertThat(registry.loadProblems()).singleElement().asString()
                    .contains(ThrowingNameProvider.class.getName(), "boom in name()", "bad-name.jar");
        }
    }

    @Test
    void unknownNameFailsNamingTheKeyTheValueAndTheNamesFound() {
        SinkRegistry registry = SinkRegistry.of(List.of(new GoodProvider(), new OtherGoodProvider()), List.of());

        assertThatThrownBy(() -> registry.provider("eos.sink", "jbdc"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Unknown sink \"jbdc\" for configuration \"eos.sink\"; sinks found: good, other");
    }

    @Test
    void unknownNameAlsoMentionsProvidersThatFailedToLoad() throws Exception {
        Path jar = jar("mixed.jar", GoodProvider.class, ThrowingProvider.class);

        try (URLClassLoader loader = loaderOf(jar)) {
            SinkRegistry registry = SinkRegistry.load(loader);

            assertThatThrownBy(() -> registry.provider("eos.sink", "throwing"))
                    .hasMessageContaining("sinks found: good")
                    .hasMessageContaining(ThrowingProvider.class.getName());
        }
    }

    @Test
    void noProvidersAtAllSaysNone() {
        assertThatThrownBy(() -> SinkRegistry.of(List.of(), List.of()).provider("eos.sink", "files"))
                .hasMessageContaining("sinks found: none");
    }

    @Test
    void invalidProviderNameIsRejected() {
        SinkProvider upper = new GoodProvider() {
            @Override
            public String name() {
                return "Files";
            }
        };

        assertThatThrownBy(() -> SinkRegistry.of(List.of(upper), List.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("invalid name \"Files\"");
    }

    @Test
    void createValidatesTheOptionsOfTheNamedSink() {
        SinkRegistry registry = SinkRegistry.of(List.of(new GoodProvider()), List.of());

        assertThatThrownBy(() -> registry.create("good", "eos.sink.good.", Map.of("eos.sink.good.typo", "1")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Unknown configuration \"eos.sink.good.typo\"");
    }

    private Path jar(String name, Class<?>... providers) throws IOException {
        return jar(name, List.of(providers), List.of());
    }

    /** A jar holding the given classes and a services file listing them and {@code extraListed}. */
    private Path jar(String name, List<Class<?>> providers, List<String> extraListed) throws IOException {
        Path jar = dir.resolve(name);
        String services = Stream.concat(providers.stream().map(Class::getName), extraListed.stream())
                .collect(Collectors.joining("\n", "", "\n"));
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (Class<?> type : providers) {
                String entry = type.getName().replace('.', '/') + ".class";
                out.putNextEntry(new JarEntry(entry));
                try (InputStream in = type.getClassLoader().getResourceAsStream(entry)) {
                    in.transferTo(out);
                }
            }
            out.putNextEntry(new JarEntry(SERVICES));
            out.write(services.getBytes(StandardCharsets.UTF_8));
        }
        return jar;
    }

    /** A loader over the jars whose parent sees the SPI but neither the test providers nor the test's services files. */
    private static URLClassLoader loaderOf(Path... jars) throws IOException {
        URL[] urls = new URL[jars.length];
        for (int i = 0; i < jars.length; i++) {
            urls[i] = jars[i].toUri().toURL();
        }
        return new URLClassLoader(urls, new HidingLoader(SinkRegistryTest.class.getClassLoader()));
    }

    /** Hides the test providers and every services file of the class path from its children. */
    private static final class HidingLoader extends ClassLoader {
        HidingLoader(ClassLoader parent) {
            super(parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (name.startsWith(TEST_PROVIDERS)) {
                throw new ClassNotFoundException(name);
            }
            return super.loadClass(name, resolve);
        }

        @Override
        public URL getResource(String name) {
            return name.startsWith("META-INF/services/") ? null : super.getResource(name);
        }

        @Override
        public java.util.Enumeration<URL> getResources(String name) throws IOException {
            return name.startsWith("META-INF/services/") ? java.util.Collections.emptyEnumeration() : super.getResources(name);
        }
    }

}
