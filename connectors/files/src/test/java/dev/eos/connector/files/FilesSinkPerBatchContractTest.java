package dev.eos.connector.files;

import dev.eos.spi.SinkRecord;
import dev.eos.testkit.Capability;
import dev.eos.testkit.SinkContractTest;
import dev.eos.testkit.StoredRecord;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The contract kit against the files sink in per-batch mode: one file per partition per batch, one line per
 * record. A line is read back as the key in its JSON {@code id} and the line itself.
 */
class FilesSinkPerBatchContractTest extends SinkContractTest {

    private static final Pattern ID = Pattern.compile("\"id\":\"([^\"]*)\"");

    @TempDir
    Path dir;

    @Override
    protected String sinkName() {
        return "files";
    }

    @Override
    protected Map<String, String> sinkProperties() {
        return Map.of("eos.sink.files.path", dir.resolve("out").toString(),
                "eos.sink.files.mode", "per-batch",
                "eos.sink.files.path-template", "{batch-time:yyyy-MM-dd/HHmmss}/{range}.jsonl");
    }

    @Override
    protected List<StoredRecord> readBack() throws Exception {
        return LocalFiles.visibleFiles(dir.resolve("out")).stream()
                .flatMap(f -> LocalFiles.read(f).lines())
                .map(line -> new StoredRecord(idOf(line), line))
                .toList();
    }

    @Override
    protected StoredRecord expectedStored(SinkRecord record) {
        return new StoredRecord(idOf(record.valueAsString()), record.valueAsString());
    }

    /** A value with a line break would read back as two records: the sink rejects it. */
    @Override
    protected SinkRecord invalidRecord() {
        return SinkRecord.builder("two-lines").value("{\"id\":\"two-lines\"}\n{\"id\":\"surprise\"}").build();
    }

    @Override
    protected Set<Capability> capabilities() {
        return EnumSet.of(Capability.DETECTS_DUPLICATES, Capability.REJECTS_INVALID_RECORDS);
    }

    private static String idOf(String line) {
        Matcher m = ID.matcher(line);
        return m.find() ? m.group(1) : "";
    }
}
