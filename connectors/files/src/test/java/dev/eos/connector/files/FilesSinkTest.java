package dev.eos.connector.files;

import dev.eos.spi.Sink;
import dev.eos.spi.ConfigException;
import dev.eos.spi.SinkRecord;
import dev.eos.spi.SinkWriter;
import dev.eos.spi.SourcePosition;
import dev.eos.spi.WriteContext;
import dev.eos.spi.WriteResult;
import dev.eos.spi.OffsetRange;
import dev.eos.spi.host.SinkRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Behaviour of the files sink beyond the contract kit: layout, bytes, overwrites, temporary files, checks. */
class FilesSinkTest {

    private static final Instant BATCH = Instant.parse("2026-05-06T07:08:09Z");

    @TempDir
    Path dir;

    private Sink sink(String... keyValues) {
        Map<String, String> props = new HashMap<>();
        props.put("eos.sink.files.path", dir.resolve("out").toString());
        for (int i = 0; i < keyValues.length; i += 2) {
            props.put("eos.sink.files." + keyValues[i], keyValues[i + 1]);
        }
        Sink sink = SinkRegistry.load().create("files", "eos.sink.files.", props);
        sink.preflight();
        return sink;
    }

    private static SinkRecord record(String key, String value, long offset) {
        return SinkRecord.builder(key).value(value).position(new SourcePosition("events", 1, offset)).build();
    }

    private static WriteContext context(int attempt) {
        return new WriteContext(BATCH, 0, attempt, List.of(new OffsetRange("events", 1, 10, 13)));
    }

    private static WriteResult write(Sink sink, WriteContext context, SinkRecord... records) {
        try (SinkWriter writer = sink.open(context)) {
            for (SinkRecord r : records) {
                writer.write(r);
            }
            return writer.commit();
        }
    }

    @Test
    void perRecordFileHoldsExactlyTheValueBytesAtTheTemplatedPath() throws Exception {
        try (Sink sink = sink("path-template", "{batch-time:yyyy-MM-dd}/{position.partition}/{key}.bin")) {
            byte[] bytes = {0, (byte) 0xff, '\n', 42};
            SinkRecord r = SinkRecord.builder("k/1").value(bytes).position(new SourcePosition("events", 1, 10)).build();

            write(sink, context(0), r);

            assertThat(Files.readAllBytes(dir.resolve("out/2026-05-06/1/k%2F1.bin"))).isEqualTo(bytes);
        }
    }

    @Test
    void differentContentAtTheSamePathIsOverwrittenAndCountedAsWritten() throws Exception {
        try (Sink sink = sink()) {
            write(sink, context(0), record("a", "first", 10));

            WriteResult second = write(sink, context(1), record("a", "second", 10));

            assertThat(second).isEqualTo(WriteResult.of(1, 0));
            assertThat(Files.readString(dir.resolve("out/a"))).isEqualTo("second");
        }
    }

    @Test
    void perBatchFileHoldsEachValueAndALineBreakInSourceOrderNamedByTheRange() throws Exception {
        try (Sink sink = sink("mode", "per-batch")) {
            WriteResult result = write(sink, context(0), record("x", "one", 10), record("y", "two", 11), record("z", "three", 12));

            assertThat(result).isEqualTo(WriteResult.of(3, 0));
            assertThat(Files.readString(dir.resolve("out/events-1-10-13.txt"))).isEqualTo("one\ntwo\nthree\n");
        }
    }

    @Test
    void perBatchReplayWithDifferentContentOverwritesTheFile() throws Exception {
        try (Sink sink = sink("mode", "per-batch")) {
            write(sink, context(0), record("x", "one", 10));

            WriteResult replay = write(sink, context(1), record("x", "uno", 10));

            assertThat(replay).isEqualTo(WriteResult.of(1, 0));
            assertThat(Files.readString(dir.resolve("out/events-1-10-13.txt"))).isEqualTo("uno\n");
        }
    }

    @Test
    void abandonedPerBatchWriterLeavesOnlyAHiddenFileUntilClosedThenNothing() throws Exception {
        try (Sink sink = sink("mode", "per-batch")) {
            SinkWriter writer = sink.open(context(0));
            writer.write(record("x", "one", 10));

            assertThat(LocalFiles.visibleFiles(dir.resolve("out"))).isEmpty();
            assertThat(LocalFiles.hiddenFiles(dir.resolve("out"))).singleElement()
                    .satisfies(p -> assertThat(p.getFileName().toString()).startsWith(".events-1-10-13.txt.").endsWith(".tmp"));

            writer.close();
            assertThat(LocalFiles.hiddenFiles(dir.resolve("out"))).isEmpty();
        }
    }

    @Test
    void perRecordWritesLeaveNoTemporaryFiles() throws Exception {
        try (Sink sink = sink()) {
            write(sink, context(0), record("a", "1", 10), record("b", "2", 11));
            write(sink, context(1), record("a", "1", 10), record("b", "changed", 11));

            assertThat(LocalFiles.hiddenFiles(dir.resolve("out"))).isEmpty();
            assertThat(LocalFiles.visibleFiles(dir.resolve("out"))).hasSize(2);
        }
    }

    @Test
    void everyCrossOptionProblemIsReportedAtOnce() {
        Map<String, String> props = Map.of(
                "eos.sink.files.path", "nosuchscheme://host/dir",
                "eos.sink.files.path-template", "{batch-time:yyyy}/{field.country}");

        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> SinkRegistry.load().create("files", "eos.sink.files.", props));

        assertThat(e.problems()).hasSize(2);
        assertThat(e.problems().get(0)).contains("\"eos.sink.files.path\"", "no Hadoop file system for scheme \"nosuchscheme\"");
        assertThat(e.problems().get(1)).contains("\"eos.sink.files.path-template\"", "must contain {key}, {position} or {position.offset}");
    }

    @Test
    void perBatchModeChecksTheTemplateForItsMode() {
        Map<String, String> props = Map.of(
                "eos.sink.files.path", dir.toString(),
                "eos.sink.files.mode", "per-batch",
                "eos.sink.files.path-template", "{key}");

        assertThat(catchThrowableOfType(ConfigException.class,
                () -> SinkRegistry.load().create("files", "eos.sink.files.", props)))
                .hasMessageContaining("must contain {range}")
                .hasMessageContaining("(mode per-batch)");
    }

    @Test
    void preflightFailsWhenTheBasePathIsAFile() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
        Sink sink = SinkRegistry.load().create("files", "eos.sink.files.", Map.of("eos.sink.files.path", file.toString()));

        assertThat(catchThrowableOfType(ConfigException.class, sink::preflight))
                .hasMessageContaining("eos.sink.files.path")
                .hasMessageContaining(file.getFileName().toString());
        sink.close();
    }

    @Test
    void preflightCreatesTheBaseDirectoryAndLeavesNoProbe() throws Exception {
        try (Sink sink = sink()) {
            assertThat(dir.resolve("out")).isDirectory();
            assertThat(Files.list(dir.resolve("out")).toList()).isEmpty();
        }
    }

    @Test
    void fileUriAndHadoopPassThroughAreAccepted() throws Exception {
        Map<String, String> props = Map.of(
                "eos.sink.files.path", dir.resolve("uri").toUri().toString(),
                "eos.sink.files.hadoop.io.file.buffer-size", "8192");
        try (Sink sink = SinkRegistry.load().create("files", "eos.sink.files.", props)) {
            sink.preflight();
            write(sink, context(0), record("a", "1", 10));
        }
        assertThat(Files.readString(dir.resolve("uri/a"))).isEqualTo("1");
    }
}
