package dev.eos.runtime.source;

import dev.eos.spi.ConfigException;
import dev.eos.spi.ConfigSpec;
import org.apache.spark.streaming.api.java.JavaStreamingContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Source discovery follows the one ServiceLoader policy of {@code dev.eos.spi.host.Services}, as sinks do. */
class SourcesTest {

    @TempDir
    Path dir;

    /** A class loader that sees the test's classes and a services file listing {@code classes}. */
    private URLClassLoader loaderListing(String... classes) throws IOException {
        Path services = dir.resolve("META-INF/services/" + EventSource.class.getName());
        Files.createDirectories(services.getParent());
        Files.write(services, List.of(classes));
        return new URLClassLoader(new URL[] {dir.toUri().toURL()}, SourcesTest.class.getClassLoader());
    }

    @Test
    void aBrokenSourceIsSkippedAndReportedWithAnUnknownSourceName() throws IOException {
        try (URLClassLoader loader = loaderListing(Good.class.getName(), Throwing.class.getName(),
                "dev.eos.runtime.source.NoSuchSource", ThrowingName.class.getName())) {
            Sources sources = Sources.load(loader);

            assertThat(sources.names()).contains("files", "socket", "test-good");
            assertThat(sources.loadProblems()).hasSize(3);
            assertThat(sources.loadProblems()).anySatisfy(p -> assertThat(p).contains("boom in constructor"));
            assertThat(sources.loadProblems()).anySatisfy(p -> assertThat(p).contains("NoSuchSource"));
            assertThat(sources.loadProblems()).anySatisfy(p -> assertThat(p)
                    .contains(ThrowingName.class.getName(), "failed in name()", "boom in name"));
            assertThat(sources.unknownSource("eos.source", "nosuch"))
                    .startsWith("Unknown source \"nosuch\" for configuration \"eos.source\"; sources available: ")
                    .contains("test-good", "3 source(s) failed to load", "boom in constructor", "NoSuchSource");
        }
    }

    @Test
    void twoSourcesWithOneNameFailNamingBoth() throws IOException {
        try (URLClassLoader loader = loaderListing(TwinA.class.getName(), TwinB.class.getName())) {
            ConfigException e = catchThrowableOfType(ConfigException.class, () -> Sources.load(loader));

            assertThat(e.problems()).singleElement().asString()
                    .startsWith("Two sources are named \"twin\": ")
                    .contains(TwinA.class.getName(), TwinB.class.getName());
        }
    }

    @Test
    void aSourceTakingABuiltInNameIsAConflictToo() throws IOException {
        try (URLClassLoader loader = loaderListing(OtherFiles.class.getName())) {
            ConfigException e = catchThrowableOfType(ConfigException.class, () -> Sources.load(loader));

            assertThat(e.problems()).singleElement().asString()
                    .contains("\"files\"", FilesSource.class.getName(), OtherFiles.class.getName());
        }
    }

    @Test
    void theSameSourceListedTwiceIsLoadedOnce() throws IOException {
        try (URLClassLoader loader = loaderListing(Good.class.getName(), Good.class.getName())) {
            Sources sources = Sources.load(loader);

            assertThat(sources.names()).containsOnlyOnce("test-good");
            assertThat(sources.loadProblems()).isEmpty();
        }
    }

    /** A source that does nothing but have a name. */
    public abstract static class Named implements EventSource {
        @Override
        public ConfigSpec configSpec() {
            return ConfigSpec.of();
        }

        @Override
        public boolean replayable() {
            return true;
        }

        @Override
        public SourceStream createStream(JavaStreamingContext ssc, SourceContext context) {
            throw new UnsupportedOperationException();
        }
    }

    public static final class Good extends Named {
        @Override
        public String name() {
            return "test-good";
        }
    }

    public static final class Throwing extends Named {
        public Throwing() {
            throw new IllegalStateException("boom in constructor");
        }

        @Override
        public String name() {
            return "throwing";
        }
    }

    public static final class ThrowingName extends Named {
        @Override
        public String name() {
            throw new IllegalStateException("boom in name");
        }
    }

    public static final class TwinA extends Named {
        @Override
        public String name() {
            return "twin";
        }
    }

    public static final class TwinB extends Named {
        @Override
        public String name() {
            return "twin";
        }
    }

    public static final class OtherFiles extends Named {
        @Override
        public String name() {
            return "files";
        }
    }
}
