package dev.eos.connector.adls;

import dev.eos.connector.azurecommon.ContentDivergenceException;
import dev.eos.connector.azurecommon.ObjectSinkWriter;
import dev.eos.spi.Sink;
import dev.eos.spi.SinkRecord;
import dev.eos.spi.SinkWriter;
import dev.eos.spi.WriteContext;
import dev.eos.spi.WriteResult;
import dev.eos.spi.host.SinkRegistry;
import dev.eos.testkit.TestRecords;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Temporary file and rename, directories, and create-only, through {@link AdlsDfsEndpointDouble}. */
class AdlsWriteSemanticsTest {

    private static final WriteContext BATCH = new WriteContext(Instant.parse("2026-02-01T10:00:00Z"), 0, 0, List.of());

    private final AdlsTestTarget target = new AdlsTestTarget();
    private Sink sink;

    @AfterEach
    void closeSink() {
        if (sink != null) {
            sink.close();
        }
        assertThat(target.dfs.unsupportedRequests()).isEmpty();
    }

    private Sink sink(String mode, String template, boolean createOnly, int blockSize) {
        Map<String, String> props = target.properties(mode, template);
        props.put(AdlsTestTarget.PREFIX + "create-only", String.valueOf(createOnly));
        props.put(AdlsTestTarget.PREFIX + "block-size", String.valueOf(blockSize));
        sink = SinkRegistry.load().create("adls", AdlsTestTarget.PREFIX, props);
        sink.preflight();
        return sink;
    }

    private static WriteResult write(Sink sink, WriteContext context, List<SinkRecord> records) {
        try (SinkWriter writer = sink.open(context)) {
            records.forEach(writer::write);
            return writer.commit();
        }
    }

    @Test
    void aBatchFileIsInvisibleUntilCommitThenAppearsWholeWithNoTemporaryFileLeft() {
        Sink sink = sink("per-batch", "out/{batch-time:yyyy}/{range}.jsonl", false, 64 * 1024);
        List<SinkRecord> records = TestRecords.generate(1, 3_000);
        try (SinkWriter writer = sink.open(BATCH)) {
            records.forEach(writer::write);

            assertThat(target.dfs.files(target.fileSystem)).as("nothing flushed before commit").isEmpty();
            assertThat(target.visibleFiles()).isEmpty();

            assertThat(writer.commit()).isEqualTo(WriteResult.of(3_000, 0));
        }

        String name = "out/2026/batch-" + BATCH.batchTime().toEpochMilli() + "-partition-0.jsonl";
        assertThat(target.dfs.files(target.fileSystem)).containsOnlyKeys(name);
        assertThat(AdlsTestTarget.lines(new String(target.dfs.files(target.fileSystem).get(name), StandardCharsets.UTF_8)))
                .hasSize(3_000);
        assertThat(target.dfs.metadata(target.fileSystem, name)).containsKey(ObjectSinkWriter.HASH_METADATA);
    }

    @Test
    void anAbandonedAttemptLeavesOnlyAHiddenTemporaryFileAndTheReplayPublishesTheSameBytes() {
        Sink sink = sink("per-batch", "{range}.jsonl", false, 64 * 1024);
        List<SinkRecord> records = TestRecords.generate(2, 3_000);
        SinkWriter abandoned = sink.open(BATCH);
        records.forEach(abandoned::write);

        WriteResult first = write(sink, BATCH, records);
        WriteResult replay = write(sink, BATCH, records);

        assertThat(first).isEqualTo(WriteResult.of(3_000, 0));
        assertThat(replay).isEqualTo(WriteResult.of(0, 3_000));
        assertThat(target.visibleFiles()).hasSize(1);
        assertThat(target.dfs.files(target.fileSystem).keySet()).allSatisfy(path ->
                assertThat(path).matches("batch-\\d+-partition-0\\.jsonl"));
    }

    @Test
    void aRecordReplayedWithDifferentBytesIsADivergenceAndTheFileIsKept() {
        Sink sink = sink("per-record", "orders/{key}.json", true, 64 * 1024);
        write(sink, BATCH, List.of(SinkRecord.builder("o-1").value("{\"total\":10}").build()));

        assertThatThrownBy(() -> write(sink, BATCH, List.of(SinkRecord.builder("o-1").value("{\"total\":11}").build())))
                .isInstanceOf(ContentDivergenceException.class)
                .hasMessageContaining("\"orders/o-1.json\"");
        assertThat(new String(target.visibleFiles().get("orders/o-1.json"), StandardCharsets.UTF_8)).isEqualTo("{\"total\":10}");
        assertThat(target.dfs.files(target.fileSystem)).as("the diverging temporary file is deleted").hasSize(1);
    }

    @Test
    void withoutCreateOnlyAChangedRecordIsRenamedOverItsFile() {
        Sink sink = sink("per-record", "orders/{field.region}/{key}.json", false, 64 * 1024);
        write(sink, BATCH, List.of(SinkRecord.builder("o-1").value("{\"total\":10}").field("region", "eu").build()));

        WriteResult result = write(sink, BATCH, List.of(SinkRecord.builder("o-1").value("{\"total\":11}").field("region", "eu").build()));

        assertThat(result).isEqualTo(WriteResult.of(1, 0));
        assertThat(new String(target.visibleFiles().get("orders/eu/o-1.json"), StandardCharsets.UTF_8)).isEqualTo("{\"total\":11}");
    }
}
