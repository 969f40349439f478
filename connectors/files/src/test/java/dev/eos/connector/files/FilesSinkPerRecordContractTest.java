package dev.eos.connector.files;

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

/** The contract kit against the files sink in per-record mode, one file per key ({@code {key}}), on the local file system. */
class FilesSinkPerRecordContractTest extends SinkContractTest {

    @TempDir
    Path dir;

    @Override
    protected String sinkName() {
        return "files";
    }

    @Override
    protected Map<String, String> sinkProperties() {
        return Map.of("eos.sink.files.path", dir.resolve("out").toString());
    }

    @Override
    protected List<StoredRecord> readBack() throws Exception {
        Path out = dir.resolve("out");
        return LocalFiles.visibleFiles(out).stream()
                .map(f -> new StoredRecord(URLDecoder.decode(out.relativize(f).toString(), StandardCharsets.UTF_8), LocalFiles.read(f)))
                .toList();
    }

    /**
     * 10,000 files instead of the kit's 100,000: per-record mode creates, renames and (in the test's cleanup) deletes
     * one file per record, minutes on a shared 2-core machine; the per-batch test runs the full 100,000.
     */
    @Override
    protected int largeBatchSize() {
        return 10_000;
    }

    /** Every record has a key, so {@code {key}} names every record: nothing is invalid, edge cases are stored. */
    @Override
    protected Set<Capability> capabilities() {
        return EnumSet.of(Capability.DETECTS_DUPLICATES);
    }
}
