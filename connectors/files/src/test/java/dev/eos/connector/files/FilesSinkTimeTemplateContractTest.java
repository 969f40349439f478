package dev.eos.connector.files;

import dev.eos.spi.SinkRecord;
import dev.eos.testkit.Capability;
import dev.eos.testkit.SinkContractTest;
import dev.eos.testkit.StoredRecord;
import org.junit.jupiter.api.io.TempDir;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The contract kit against the files sink in per-record mode with a template over the batch and event times,
 * {@code {batch-time:yyyy-MM-dd}/{event-time:HH}/{key}.json}: a record without an event time cannot be named and is
 * rejected.
 */
class FilesSinkTimeTemplateContractTest extends SinkContractTest {

    @TempDir
    Path dir;

    @Override
    protected String sinkName() {
        return "files";
    }

    @Override
    protected Map<String, String> sinkProperties() {
        return Map.of("eos.sink.files.path", dir.resolve("out").toString(),
                "eos.sink.files.path-template", "{batch-time:yyyy-MM-dd}/{event-time:HH}/{key}.json");
    }

    /** The key is the file name without {@code .json}; the directories are checked by the sink's own tests. */
    @Override
    protected List<StoredRecord> readBack() throws Exception {
        return LocalFiles.visibleFiles(dir.resolve("out")).stream()
                .map(f -> {
                    String name = URLDecoder.decode(f.getFileName().toString(), StandardCharsets.UTF_8);
                    return new StoredRecord(name.substring(0, name.length() - ".json".length()), LocalFiles.read(f));
                })
                .toList();
    }

    @Override
    protected SinkRecord invalidRecord() {
        return SinkRecord.builder("no-event-time").value("{}").build();
    }

    @Override
    protected Set<Capability> capabilities() {
        return EnumSet.of(Capability.DETECTS_DUPLICATES, Capability.REJECTS_INVALID_RECORDS);
    }

    /** 2,000 files: {@link FilesSinkPerRecordContractTest} covers a larger per-record batch. */
    @Override
    protected int largeBatchSize() {
        return 2_000;
    }
}
