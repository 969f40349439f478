package dev.eos.testkit;

import dev.eos.spi.SinkRecord;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The sink contract every EOS sink passes. A sink's test extends this class, starts its backend (for example in
 * a {@code @BeforeAll} method), and supplies how to configure the sink and how to read back what it stored:
 *
 * <pre>{@code
 * class FilesSinkContractTest extends SinkContractTest {
 *     @TempDir Path dir;
 *     protected String sinkName() { return "files"; }
 *     protected Map<String, String> sinkProperties() { ... fresh, empty target ... }
 *     protected List<StoredRecord> readBack() { ... }
 * }
 * }</pre>
 *
 * SKELETON: the tests are filled in by the test kit's implementation.
 */
public abstract class SinkContractTest {

    /** The sink's {@linkplain dev.eos.spi.SinkProvider#name() name}, as found by ServiceLoader. */
    protected abstract String sinkName();

    /**
     * Full keys ({@code eos.sink.<name>.<option>}) configuring the sink against a fresh, empty target (a new
     * directory, table, container). Called once per test, before the test; {@link #readBack()} reads the target of
     * the latest call.
     */
    protected abstract Map<String, String> sinkProperties() throws Exception;

    /** Every copy the backend holds in the current target, one entry per stored copy, in any order. */
    protected abstract List<StoredRecord> readBack() throws Exception;

    /** How a written record appears in {@link #readBack()}; by default its key and its value as UTF-8. */
    protected StoredRecord expectedStored(SinkRecord record) {
        return new StoredRecord(record.key(), record.valueAsString());
    }

    /** What the sink can do; by default everything. Remove what it cannot, and the kit asserts the fallback. */
    protected Set<Capability> capabilities() {
        return EnumSet.allOf(Capability.class);
    }

    /** The records the tests write: {@link TestRecords#generate(long, int)} unless overridden. */
    protected List<SinkRecord> records(long seed, int count) {
        return TestRecords.generate(seed, count);
    }

    /** A record this sink rejects as a data error; needed with {@link Capability#REJECTS_INVALID_RECORDS}. */
    protected SinkRecord invalidRecord() {
        throw new IllegalStateException(getClass().getSimpleName()
                + " declares REJECTS_INVALID_RECORDS but does not override invalidRecord()");
    }
}
