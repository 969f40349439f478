package dev.eos.connector.azureblob;

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

import java.security.MessageDigest;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code create-only} against Azurite: a replay with the same bytes is a duplicate, different bytes a divergence. */
class AzureBlobCreateOnlyTest {

    private static final WriteContext BATCH = new WriteContext(Instant.parse("2026-02-01T10:00:00Z"), 0, 0, List.of());

    private final BlobTestTarget target = new BlobTestTarget();
    private Sink sink;

    @AfterEach
    void closeSink() {
        if (sink != null) {
            sink.close();
        }
    }

    private Sink sink(String mode, String template, boolean createOnly) {
        Map<String, String> props = new HashMap<>(target.accountKeyProperties(mode, template));
        props.put(BlobTestTarget.PREFIX + "create-only", String.valueOf(createOnly));
        sink = SinkRegistry.load().create("azure-blob", BlobTestTarget.PREFIX, props);
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
    void aReplayWithTheSameBytesCountsDuplicatesAndStoresTheHash() throws Exception {
        Sink sink = sink("per-record", "{key}", true);
        List<SinkRecord> records = TestRecords.generate(1, 3);

        WriteResult first = write(sink, BATCH, records);
        WriteResult replay = write(sink, BATCH, records);

        assertThat(first).isEqualTo(WriteResult.of(3, 0));
        assertThat(replay).isEqualTo(WriteResult.of(0, 3));
        SinkRecord one = records.get(0);
        assertThat(target.metadata(one.key())).containsEntry(ObjectSinkWriter.HASH_METADATA, sha256(one.value()));
    }

    @Test
    void aRecordReplayedWithDifferentBytesIsADivergenceNamingBothHashesAndTheObjectIsKept() throws Exception {
        Sink sink = sink("per-record", "{key}", true);
        SinkRecord original = SinkRecord.builder("order-1").value("{\"total\":10}").build();
        SinkRecord changed = SinkRecord.builder("order-1").value("{\"total\":11}").build();
        write(sink, BATCH, List.of(original));

        assertThatThrownBy(() -> write(sink, BATCH, List.of(changed)))
                .isInstanceOf(ContentDivergenceException.class)
                .hasMessageContaining("\"order-1\"")
                .hasMessageContaining(sha256(original.value()))
                .hasMessageContaining(sha256(changed.value()));
        assertThat(target.content("order-1")).isEqualTo("{\"total\":10}");
    }

    @Test
    void aBatchObjectReplayedWithDifferentRecordsIsADivergence() {
        Sink sink = sink("per-batch", "{range}.jsonl", true);
        write(sink, BATCH, TestRecords.generate(1, 5));
        String stored = target.content(target.names().get(0));

        assertThatThrownBy(() -> write(sink, BATCH, TestRecords.generate(2, 5)))
                .isInstanceOf(ContentDivergenceException.class)
                .hasMessageContaining("create-only is on");
        assertThat(target.content(target.names().get(0))).isEqualTo(stored);
    }

    @Test
    void withoutCreateOnlyAChangedRecordOverwritesItsObject() {
        Sink sink = sink("per-record", "{key}", false);
        write(sink, BATCH, List.of(SinkRecord.builder("order-1").value("{\"total\":10}").build()));

        WriteResult result = write(sink, BATCH, List.of(SinkRecord.builder("order-1").value("{\"total\":11}").build()));

        assertThat(result).isEqualTo(WriteResult.of(1, 0));
        assertThat(target.content("order-1")).isEqualTo("{\"total\":11}");
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
