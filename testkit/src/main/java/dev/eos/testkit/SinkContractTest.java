package dev.eos.testkit;

import dev.eos.spi.ConfigOption;
import dev.eos.spi.ConfigSpec;
import dev.eos.spi.ConfigType;
import dev.eos.spi.OffsetRange;
import dev.eos.spi.Sink;
import dev.eos.spi.Config;
import dev.eos.spi.ConfigException;
import dev.eos.spi.SinkDataException;
import dev.eos.spi.SinkProvider;
import dev.eos.spi.SinkRecord;
import dev.eos.spi.SinkWriter;
import dev.eos.spi.SourcePosition;
import dev.eos.spi.WriteContext;
import dev.eos.spi.WriteResult;
import dev.eos.spi.host.SinkRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.fail;

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
 * <h2>How the kit runs a test</h2>
 * Before each test the kit calls {@link #sinkProperties()} once, creates the sink exactly as a host does
 * ({@code SinkRegistry.load().create(sinkName(), "eos.sink." + sinkName() + ".", sinkProperties())}: discovery
 * through {@link ServiceLoader}, option validation, {@link SinkProvider#create}), and runs
 * {@link Sink#preflight()}; after the test it closes the sink. A test writes through {@link Sink#open} with a
 * {@link WriteContext} built by {@link #context(Instant, int, int, List)} and compares {@link #readBack()} with
 * {@link #expectedStored(SinkRecord)} of the records written, as multisets: one copy too many is a failure.
 *
 * <h2>Capabilities</h2>
 * A sink that lacks a {@link Capability} removes it from {@link #capabilities()}; the kit then asserts the documented
 * fallback behaviour instead of skipping, so every test runs against every sink.
 *
 * <h2>Determinism</h2>
 * Records come from {@link #records(long, int)} with a fixed seed per test; nothing sleeps; concurrency is started
 * with latches. Every test has a generous timeout so a writer that blocks (a lock never released) fails instead
 * of hanging the build.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
public abstract class SinkContractTest {

    /** The batch time every kit test writes with, unless it needs a second batch. */
    protected static final Instant BATCH_TIME = Instant.parse("2026-01-01T00:05:00Z");

    /**
     * The value the kit puts into every secret option and into a credential-looking pass-through key; it must
     * never show up in a message or a {@code toString()}.
     */
    protected static final String SECRET_CANARY = "Canary-Secret-7f3a9c21e5d8";

    private Map<String, String> properties;
    private Sink sink;

    // ------------------------------------------------------------------------------------------------------------
    // What a sink's test supplies
    // ------------------------------------------------------------------------------------------------------------

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

    /** Records per batch in the ordinary tests; default 100. */
    protected int batchSize() {
        return 100;
    }

    /** Records in {@link #largeBatchLandsExactly()}; default 100,000. */
    protected int largeBatchSize() {
        return 100_000;
    }

    /**
     * Bytes of each record's value in {@link #readersNeverObserveAPartialRecord()} (at least: the test pads the
     * values of {@link #records(long, int)}, a JSON object with a {@code "padding"} member); default 1 MiB, large
     * enough that writing one takes a while. A sink that caps values lower overrides it (or raises its cap in the test).
     */
    protected int partialRecordValueBytes() {
        return 1 << 20;
    }

    /**
     * Makes {@code writer} look to the backend as if its process had been killed. The default does nothing: the
     * writer is dropped without {@code commit()} or {@code close()}, as a killed JVM drops it. A sink whose
     * backend keeps something alive for a live client until the client goes away (a database transaction holding
     * row locks until its connection drops) overrides this to end that the way the backend sees a dead client,
     * for example by closing the writer's connection without committing.
     */
    protected void simulateCrash(SinkWriter writer) throws Exception {
    }

    // ------------------------------------------------------------------------------------------------------------
    // Helpers for the kit's tests and for a sink's own extra tests
    // ------------------------------------------------------------------------------------------------------------

    /** The prefix of the sink's keys: {@code eos.sink.<name>.}. */
    protected final String prefix() {
        return "eos.sink." + sinkName() + ".";
    }

    /** The sink the kit created for the current test (preflighted; closed by the kit after the test). */
    protected final Sink sink() {
        return sink;
    }

    /** The properties {@link #sinkProperties()} returned for the current test (a mutable copy). */
    protected final Map<String, String> properties() {
        return new HashMap<>(properties);
    }

    /**
     * The context of one partition of one batch attempt, with one {@link OffsetRange} per source partition the
     * records come from (lowest offset to highest + 1); records without a position add none.
     */
    protected static WriteContext context(Instant batchTime, int partition, int attempt, List<SinkRecord> records) {
        Map<String, long[]> ranges = new TreeMap<>();
        Map<String, SourcePosition> sample = new TreeMap<>();
        for (SinkRecord record : records) {
            record.position().ifPresent(p -> {
                String id = p.source() + "\u0000" + String.format("%010d", p.partition());
                sample.putIfAbsent(id, p);
                ranges.merge(id, new long[] {p.offset(), p.offset() + 1},
                        (a, b) -> new long[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
            });
        }
        List<OffsetRange> offsetRanges = new ArrayList<>();
        ranges.forEach((id, r) -> offsetRanges.add(
                new OffsetRange(sample.get(id).source(), sample.get(id).partition(), r[0], r[1])));
        return new WriteContext(batchTime, partition, attempt, offsetRanges);
    }

    /** Creates a sink the way a host does, from full keys. */
    protected final Sink createSink(Map<String, String> props) {
        return SinkRegistry.load().create(sinkName(), prefix(), props);
    }

    /** Opens a writer, writes every record, commits and closes; a {@link SinkDataException} fails the test. */
    protected final WriteResult writeBatch(WriteContext context, List<SinkRecord> records) {
        try (SinkWriter writer = sink.open(context)) {
            for (SinkRecord record : records) {
                writer.write(record);
            }
            return writer.commit();
        }
    }

    /** Asserts that the backend holds exactly one stored copy per record (as multisets). */
    protected final void assertStoredExactly(List<SinkRecord> records) throws Exception {
        assertSameMultiset(readBack(), records.stream().map(this::expectedStored).toList());
    }

    /** Asserts {@code result} accounts for {@code accepted} records: written + duplicates + rejected. */
    protected static void assertAccountsFor(WriteResult result, long accepted) {
        assertThat(result.total())
                .as("written + duplicates + rejected of %s must equal the %d records accepted by write()", result, accepted)
                .isEqualTo(accepted);
    }

    private static void assertSameMultiset(List<StoredRecord> actual, List<StoredRecord> expected) {
        Map<StoredRecord, Integer> difference = new HashMap<>();
        expected.forEach(r -> difference.merge(r, 1, Integer::sum));
        actual.forEach(r -> difference.merge(r, -1, Integer::sum));
        difference.values().removeIf(n -> n == 0);
        if (difference.isEmpty()) {
            return;
        }
        List<String> missing = new ArrayList<>();
        List<String> extra = new ArrayList<>();
        difference.forEach((record, n) -> (n > 0 ? missing : extra).add(Math.abs(n) + " x " + record));
        fail("The backend's state differs from the records written (stored %d, expected %d).%n"
                        + "Missing (%d): %s%nUnexpected or duplicated (%d): %s",
                actual.size(), expected.size(), missing.size(), head(missing), extra.size(), head(extra));
    }

    private static String head(List<String> items) {
        List<String> sorted = items.stream().sorted().toList();
        return sorted.size() <= 10 ? sorted.toString() : sorted.subList(0, 10) + " ...";
    }

    // ------------------------------------------------------------------------------------------------------------
    // Lifecycle
    // ------------------------------------------------------------------------------------------------------------

    @BeforeEach
    void createSinkForTest() throws Exception {
        properties = Map.copyOf(sinkProperties());
        sink = createSink(properties);
        sink.preflight();
    }

    @AfterEach
    void closeSinkAfterTest() {
        if (sink != null) {
            sink.close();
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // Discovery and configuration
    // ------------------------------------------------------------------------------------------------------------

    /**
     * Purpose: a host finds the sink by its name alone. Passes when {@link ServiceLoader} on the class path yields
     * exactly one provider named {@link #sinkName()} and the registry resolves the name to it.
     */
    @Test
    void discoveredByNameThroughServiceLoader() {
        List<SinkProvider> named = new ArrayList<>();
        for (ServiceLoader.Provider<SinkProvider> candidate : ServiceLoader.load(SinkProvider.class).stream().toList()) {
            try {
                SinkProvider provider = candidate.get();
                if (sinkName().equals(provider.name())) {
                    named.add(provider);
                }
            } catch (ServiceConfigurationError | RuntimeException e) {
                // another provider's problem; SinkRegistry reports it as a load problem
            }
        }

        assertThat(named).as("providers named \"%s\" found by ServiceLoader", sinkName()).hasSize(1);
        SinkRegistry registry = SinkRegistry.load();
        assertThat(registry.names()).contains(sinkName());
        assertThat(registry.provider("eos.sink", sinkName())).isInstanceOf(named.get(0).getClass());
    }

    /**
     * Purpose: the generated configuration reference can explain every option. Passes when every declared option
     * and pass-through prefix has a non-blank description, and no option is both required and defaulted.
     */
    @Test
    void everyOptionIsDocumented() {
        ConfigSpec spec = spec();

        assertThat(spec.options()).allSatisfy(option -> {
            assertThat(option.description()).as("description of %s%s", prefix(), option.name()).isNotBlank();
            assertThat(option.isRequired() && option.defaultValue() != null)
                    .as("%s%s is required and has a default", prefix(), option.name()).isFalse();
        });
        assertThat(spec.passThroughPrefixes()).allSatisfy((p, description) ->
                assertThat(description).as("description of pass-through prefix %s%s", prefix(), p).isNotBlank());
    }

    /**
     * Purpose: a user who forgets several required keys learns about all of them at once. Passes when removing
     * every required option's key makes creation fail with one {@link ConfigException} that has a
     * {@code Missing required configuration "<full key>"} problem for each; a sink with no required option is
     * created from its properties alone.
     */
    @Test
    void everyMissingRequiredKeyIsReportedInOneException() {
        List<ConfigOption<?>> required = spec().options().stream().filter(ConfigOption::isRequired).toList();
        Map<String, String> props = properties();
        required.forEach(option -> props.remove(prefix() + option.name()));

        if (required.isEmpty()) {
            createSink(props).close();
            return;
        }
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> createSink(props).close());

        assertThat(e).as("creating %s without its required keys", sinkName()).isNotNull();
        assertThat(e.problems()).containsAll(required.stream()
                .map(option -> ConfigException.missing(prefix() + option.name())).toList());
    }

    /**
     * Purpose: a mistyped value is caught at start, naming the key and the value. Passes when, for each option of
     * type int, long, boolean, duration or enum, a value of the wrong form makes creation fail with a
     * {@link ConfigException} whose problems include one naming that option's full key and the bad value.
     */
    @Test
    void badValueOfEachTypedOptionNamesKeyAndValue() {
        for (ConfigOption<?> option : typedOptions()) {
            Map<String, String> props = properties();
            String bad = badValue(option);
            props.put(prefix() + option.name(), bad);

            ConfigException e = catchThrowableOfType(ConfigException.class, () -> createSink(props).close());

            assertThat(e).as("creating %s with %s%s=%s", sinkName(), prefix(), option.name(), bad).isNotNull();
            assertThat(e.problems()).anySatisfy(problem -> assertThat(problem).contains(prefix() + option.name(), bad));
        }
    }

    /**
     * Purpose: one start tells a user everything that is wrong. Passes when a configuration with every required key
     * missing, a bad value in every typed option and an unknown key fails with one {@link ConfigException}
     * listing a problem for each.
     */
    @Test
    void everyConfigurationProblemIsReportedAtOnce() {
        Map<String, String> props = properties();
        List<String> expectedKeys = new ArrayList<>();
        for (ConfigOption<?> option : spec().options()) {
            if (option.isRequired()) {
                props.remove(prefix() + option.name());
                expectedKeys.add(prefix() + option.name());
            }
        }
        for (ConfigOption<?> option : typedOptions()) {
            props.put(prefix() + option.name(), badValue(option));
            expectedKeys.add(prefix() + option.name());
        }
        String unknown = prefix() + "no-such-option-xyz";
        props.put(unknown, "1");
        expectedKeys.add(unknown);

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> createSink(props).close());

        assertThat(e).isNotNull();
        assertThat(e.problems()).hasSizeGreaterThanOrEqualTo(expectedKeys.size());
        for (String key : expectedKeys) {
            assertThat(e.problems()).as("problems naming %s", key).anySatisfy(p -> assertThat(p).contains("\"" + key + "\""));
        }
    }

    /**
     * Purpose: a secret never leaks. The kit puts {@link #SECRET_CANARY} into every secret option and into a
     * credential-looking key under every pass-through prefix. Passes when the canary appears in none of: the
     * validated {@link Config}'s {@code toString()}; the message (and causes) of the exception when the
     * configuration is also broken (a required key missing, an unknown key); the created sink's {@code toString()},
     * or the exception if creation fails; the {@code toString()} of a writer it opens, or the exception if opening
     * fails. With {@link Capability#SECRET_OPTIONS} the sink must declare a secret option; without it, none.
     */
    @Test
    void secretValuesNeverAppearInMessagesOrToString() {
        ConfigSpec spec = spec();
        List<ConfigOption<?>> secrets = spec.options().stream().filter(ConfigOption::isSecret).toList();
        if (capabilities().contains(Capability.SECRET_OPTIONS)) {
            assertThat(secrets).as("secret options of %s (it declares SECRET_OPTIONS)", sinkName()).isNotEmpty();
        } else {
            assertThat(secrets).as("secret options of %s (it does not declare SECRET_OPTIONS)", sinkName()).isEmpty();
        }
        Map<String, String> props = properties();
        secrets.forEach(option -> props.put(prefix() + option.name(), SECRET_CANARY));
        spec.passThroughPrefixes().keySet().forEach(p -> props.put(prefix() + p + "eos-kit.password", SECRET_CANARY));

        try {
            assertThat(spec.parse(prefix(), props).toString()).doesNotContain(SECRET_CANARY);
        } catch (ConfigException e) {
            assertNoCanary(e);
        }

        Map<String, String> broken = new HashMap<>(props);
        spec.options().stream().filter(ConfigOption::isRequired).findFirst()
                .ifPresent(option -> broken.remove(prefix() + option.name()));
        broken.put(prefix() + "password-typo", SECRET_CANARY);
        ConfigException configError = catchThrowableOfType(ConfigException.class, () -> createSink(broken).close());
        assertThat(configError).isNotNull();
        assertNoCanary(configError);

        Sink withCanary;
        try {
            withCanary = createSink(props);
        } catch (RuntimeException e) {
            assertNoCanary(e);
            return;
        }
        try (withCanary) {
            assertThat(withCanary.toString()).doesNotContain(SECRET_CANARY);
            List<SinkRecord> batch = records(11, 1);
            try (SinkWriter writer = withCanary.open(context(BATCH_TIME, 0, 0, batch))) {
                assertThat(writer.toString()).doesNotContain(SECRET_CANARY);
            } catch (RuntimeException e) {
                assertNoCanary(e);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // Writing
    // ------------------------------------------------------------------------------------------------------------

    /**
     * Purpose: what is written is what is stored. Passes when one writer writes {@link #batchSize()} records and
     * commits, the result counts them all as written (no duplicates, no rejections), and {@link #readBack()} equals
     * the records' {@link #expectedStored} as a multiset.
     */
    @Test
    void writtenBatchReadsBackExactly() throws Exception {
        List<SinkRecord> batch = records(1, batchSize());

        WriteResult result = writeBatch(context(BATCH_TIME, 0, 0, batch), batch);

        assertThat(result.written()).isEqualTo(batch.size());
        assertThat(result.duplicates()).isZero();
        assertThat(result.rejected()).isEmpty();
        assertAccountsFor(result, batch.size());
        assertStoredExactly(batch);
    }

    /**
     * Purpose: a replay of a committed batch (driver restart) is harmless. Passes when writing the same partition of
     * the same batch again in a new writer (attempt 1) leaves {@link #readBack()} exactly as after the first commit,
     * and the second result counts every record as a duplicate (with {@link Capability#DETECTS_DUPLICATES}), or as
     * written with zero duplicates (without it).
     */
    @Test
    void replayedBatchLeavesStateUnchangedAndCountsDuplicates() throws Exception {
        List<SinkRecord> batch = records(2, batchSize());
        writeBatch(context(BATCH_TIME, 0, 0, batch), batch);
        List<StoredRecord> afterFirst = readBack();

        WriteResult replay = writeBatch(context(BATCH_TIME, 0, 1, batch), batch);

        assertSameMultiset(readBack(), afterFirst);
        assertStoredExactly(batch);
        assertAccountsFor(replay, batch.size());
        assertThat(replay.rejected()).isEmpty();
        if (capabilities().contains(Capability.DETECTS_DUPLICATES)) {
            assertThat(replay.duplicates()).as("duplicates counted by the replay").isEqualTo(batch.size());
            assertThat(replay.written()).as("records written again by the replay").isZero();
        } else {
            assertThat(replay.written()).as("a sink without DETECTS_DUPLICATES counts a replay as written").isEqualTo(batch.size());
            assertThat(replay.duplicates()).isZero();
        }
    }

    /**
     * Purpose: speculative execution (two attempts of one task at once) is harmless. Two writers for the same
     * partition and batch, in two threads released together by a latch, each write the whole batch and commit.
     * Passes when neither fails, each result accounts for the whole batch, together they wrote every record at
     * least once and at most twice (written + duplicates = 2n), and {@link #readBack()} holds exactly one copy of
     * each record. Without {@link Capability#DETECTS_DUPLICATES} each counts every record as written.
     */
    @Test
    void concurrentWritersOnOnePartitionLeaveOneCopy() throws Exception {
        List<SinkRecord> batch = records(3, batchSize());
        CountDownLatch ready = new CountDownLatch(2);
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<WriteResult>> futures = new ArrayList<>();
            for (int attempt = 0; attempt < 2; attempt++) {
                WriteContext context = context(BATCH_TIME, 0, attempt, batch);
                Callable<WriteResult> task = () -> {
                    try (SinkWriter writer = sink.open(context)) {
                        ready.countDown();
                        start.await();
                        for (SinkRecord record : batch) {
                            writer.write(record);
                        }
                        return writer.commit();
                    }
                };
                futures.add(pool.submit(task));
            }
            assertThat(ready.await(1, TimeUnit.MINUTES)).as("both writers opened").isTrue();
            start.countDown();
            WriteResult first = futures.get(0).get(4, TimeUnit.MINUTES);
            WriteResult second = futures.get(1).get(4, TimeUnit.MINUTES);

            assertAccountsFor(first, batch.size());
            assertAccountsFor(second, batch.size());
            assertThat(first.rejected()).isEmpty();
            assertThat(second.rejected()).isEmpty();
            assertThat(first.written() + second.written()).as("records written by the two attempts together")
                    .isBetween((long) batch.size(), 2L * batch.size());
            if (!capabilities().contains(Capability.DETECTS_DUPLICATES)) {
                assertThat(first.written()).isEqualTo(batch.size());
                assertThat(second.written()).isEqualTo(batch.size());
            }
            assertStoredExactly(batch);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Purpose: a task that died mid-batch (executor lost, JVM killed) and was replayed leaves one copy. A writer
     * (attempt 0) writes the first half of the batch and is abandoned without commit or close
     * ({@link #simulateCrash(SinkWriter)}); a new writer (attempt 1) writes the whole batch and commits. Passes
     * when the replay accounts for the whole batch without rejections and {@link #readBack()} holds exactly one
     * copy of each record.
     */
    @Test
    void writerAbandonedMidBatchThenFullReplayLeavesOneCopy() throws Exception {
        List<SinkRecord> batch = records(4, batchSize());
        SinkWriter abandoned = sink.open(context(BATCH_TIME, 0, 0, batch));
        for (SinkRecord record : batch.subList(0, batch.size() / 2)) {
            abandoned.write(record);
        }
        simulateCrash(abandoned);

        WriteResult replay = writeBatch(context(BATCH_TIME, 0, 1, batch), batch);

        assertAccountsFor(replay, batch.size());
        assertThat(replay.rejected()).isEmpty();
        assertStoredExactly(batch);
    }

    /**
     * Purpose: a bad record goes to the dead-letter path and does not stop the batch. With
     * {@link Capability#REJECTS_INVALID_RECORDS}, {@link #invalidRecord()} is written in the middle of a batch.
     * Passes when it is reported exactly once, either as a {@link SinkDataException} from {@code write} carrying
     * that record or in {@link WriteResult#rejected()}; no good record is reported; the result accounts for every
     * accepted record; and {@link #readBack()} holds exactly the good records. Without the capability, an edge-case
     * record (empty value, no fields, no event time, no position) in the middle of a batch is stored like any
     * other.
     */
    @Test
    void badRecordIsReportedNeverDroppedAndTheRestLands() throws Exception {
        List<SinkRecord> good = records(5, batchSize());
        boolean rejects = capabilities().contains(Capability.REJECTS_INVALID_RECORDS);
        SinkRecord odd = rejects ? invalidRecord() : SinkRecord.builder("edge-case-record").value(new byte[0]).build();
        List<SinkRecord> batch = new ArrayList<>(good);
        batch.add(good.size() / 2, odd);

        List<SinkDataException> thrown = new ArrayList<>();
        WriteResult result;
        try (SinkWriter writer = sink.open(context(BATCH_TIME, 0, 0, batch))) {
            for (SinkRecord record : batch) {
                try {
                    writer.write(record);
                } catch (SinkDataException e) {
                    thrown.add(e);
                }
            }
            result = writer.commit();
        }

        if (rejects) {
            List<String> reported = new ArrayList<>();
            thrown.forEach(e -> reported.add(e.record().key()));
            result.rejected().forEach(r -> reported.add(r.record().key()));
            assertThat(reported).as("keys reported as rejected (by write() or in commit()'s result)")
                    .containsExactly(odd.key());
            assertAccountsFor(result, batch.size() - thrown.size());
            assertThat(result.written()).isEqualTo(good.size());
            assertStoredExactly(good);
        } else {
            assertThat(thrown).as("data errors from a sink without REJECTS_INVALID_RECORDS").isEmpty();
            assertThat(result.rejected()).isEmpty();
            assertThat(result.written()).isEqualTo(batch.size());
            assertStoredExactly(batch);
        }
    }

    /**
     * Purpose: a reader never sees half a record (docs/guarantees.md, "What a reader may see mid-batch"). A reader
     * thread calls {@link #readBack()} over and over; once it has read once, one writer writes
     * {@value #PARTIAL_RECORDS} records of {@link #partialRecordValueBytes()} each and commits; the reader stops
     * after the write. Passes when every
     * state read, during the write and after it, holds only complete records of the batch (each equal to its
     * {@link #expectedStored}, at most one copy per key), and the final state holds exactly the batch. A sink that
     * writes its final file or object in place (an open-write-close on the target path, an append to a visible
     * blob) fails: a read between two of its writes sees a truncated value. Write to a temporary name and publish
     * it with one atomic step, or use a backend whose write is atomic (a row commit, a put, an upload).
     */
    @Test
    void readersNeverObserveAPartialRecord() throws Exception {
        Map<String, StoredRecord> complete = new java.util.concurrent.ConcurrentHashMap<>();
        List<SinkRecord> all = new ArrayList<>();
        AtomicBoolean writing = new AtomicBoolean(true);
        CountDownLatch firstRead = new CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Integer> reader = pool.submit(() -> {
                int reads = 0;
                do {
                    assertOnlyCompleteRecords(readBack(), complete, reads++);
                    firstRead.countDown();
                } while (writing.get());
                return reads;
            });
            assertThat(firstRead.await(1, TimeUnit.MINUTES)).as("the reader started").isTrue();
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(PARTIAL_RECORD_SECONDS);
            try {
                for (int round = 0; round == 0
                        || round < PARTIAL_RECORD_MAX_ROUNDS && System.nanoTime() < until && !reader.isDone();
                        round++) {
                    List<SinkRecord> batch = new ArrayList<>();
                    for (SinkRecord record : atSourcePartition(records(900 + round, PARTIAL_RECORDS), round, 0)) {
                        SinkRecord large = record.toBuilder()
                                .value(largeValue(record.valueAsString(), partialRecordValueBytes())).build();
                        batch.add(large);
                        StoredRecord stored = expectedStored(large);
                        complete.put(stored.key(), stored);
                    }
                    WriteResult result = writeBatch(context(BATCH_TIME.plusSeconds(5L * round), 0, 0, batch), batch);
                    assertThat(result.written()).as("records written in round %d", round).isEqualTo(batch.size());
                    all.addAll(batch);
                }
            } finally {
                writing.set(false);
            }
            int reads = reader.get(4, TimeUnit.MINUTES);

            assertOnlyCompleteRecords(readBack(), complete, reads);
            assertStoredExactly(all);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof AssertionError failure) {
                throw failure;
            }
            throw e;
        } finally {
            pool.shutdownNow();
        }
    }

    /** How long {@link #readersNeverObserveAPartialRecord()} keeps writing new rounds of large records. */
    private static final int PARTIAL_RECORD_SECONDS = 3;
    /** At most this many rounds, whatever the machine's speed: the records of every round stay in memory. */
    private static final int PARTIAL_RECORD_MAX_ROUNDS = 16;

    /** Records in {@link #readersNeverObserveAPartialRecord()}. */
    protected static final int PARTIAL_RECORDS = 4;

    /**
     * {@code value} grown to at least {@code bytes} characters: a JSON object gets a {@code "padding"} member (so a
     * sink or a test that reads its fields still can), any other value a tail; the end tells it from any prefix.
     */
    private static String largeValue(String value, int bytes) {
        boolean json = value.startsWith("{") && value.endsWith("}");
        StringBuilder large = new StringBuilder(bytes + value.length() + 16);
        large.append(json ? value.substring(0, value.length() - 1) + ",\"padding\":\"" : value + ":");
        while (large.length() < bytes - 6) {
            large.append((char) ('a' + large.length() % 26));
        }
        return large.append(json ? "#end\"}" : "#end").toString();
    }

    private static void assertOnlyCompleteRecords(List<StoredRecord> seen, Map<String, StoredRecord> complete, int read) {
        Map<String, Integer> copies = new HashMap<>();
        for (StoredRecord record : seen) {
            StoredRecord expected = complete.get(record.key());
            assertThat(expected).as("read %d saw key %s, which the batch does not hold", read, record.key()).isNotNull();
            if (!expected.equals(record)) {
                fail("Read %d saw a partial record: key %s with %d of its %d characters. A reader must see a record "
                                + "whole or not at all: write to a temporary name and publish it in one atomic step "
                                + "(see docs/writing-a-sink.md, \"Create-if-absent on file systems and object stores\").",
                        read, record.key(), String.valueOf(record.value()).length(),
                        String.valueOf(expected.value()).length());
            }
            copies.merge(record.key(), 1, Integer::sum);
        }
        copies.forEach((key, n) -> assertThat(n).as("copies of %s seen by read %d", key, read).isEqualTo(1));
    }

    /**
     * Purpose: an empty partition (common in streaming) is harmless. After one batch is stored, a writer for another
     * batch commits without writing. Passes when the result is zero written, zero duplicates, no rejections, and
     * {@link #readBack()} is unchanged.
     */
    @Test
    void emptyBatchCommitsWithZeroCountsAndChangesNothing() throws Exception {
        List<SinkRecord> batch = records(6, batchSize());
        writeBatch(context(BATCH_TIME, 0, 0, batch), batch);
        List<StoredRecord> before = readBack();

        WriteResult result = writeBatch(context(BATCH_TIME.plusSeconds(5), 1, 0, List.of()), List.of());

        assertThat(result).isEqualTo(WriteResult.EMPTY);
        assertSameMultiset(readBack(), before);
    }

    /**
     * Purpose: a large partition lands whole. Passes when {@link #largeBatchSize()} records written by one writer
     * and committed are all counted as written and {@link #readBack()} holds exactly one copy of each.
     */
    @Test
    void largeBatchLandsExactly() throws Exception {
        List<SinkRecord> batch = records(7, largeBatchSize());

        WriteResult result = writeBatch(context(BATCH_TIME, 0, 0, batch), batch);

        assertThat(result.written()).isEqualTo(batch.size());
        assertAccountsFor(result, batch.size());
        assertStoredExactly(batch);
    }

    /**
     * Purpose: batches and partitions add up. Three partitions of one batch and one of the next are written by
     * separate writers. Passes when each result counts its own records as written and {@link #readBack()} holds
     * exactly one copy of every record of all four.
     */
    @Test
    void separatePartitionsAndBatchesAddUp() throws Exception {
        List<SinkRecord> all = new ArrayList<>();
        for (int partition = 0; partition < 4; partition++) {
            List<SinkRecord> part = atSourcePartition(records(20 + partition, batchSize() / 4 + 1), partition, 1000L * partition);
            Instant time = partition < 3 ? BATCH_TIME : BATCH_TIME.plusSeconds(5);

            WriteResult result = writeBatch(context(time, partition % 3, 0, part), part);

            assertThat(result.written()).isEqualTo(part.size());
            assertAccountsFor(result, part.size());
            all.addAll(part);
        }
        assertStoredExactly(all);
    }

    /**
     * Purpose: hosts may close defensively. Passes when a committed writer closed twice and a sink closed twice
     * throw nothing.
     */
    @Test
    void writerAndSinkCloseTwiceWithoutError() {
        List<SinkRecord> batch = records(8, 2);
        SinkWriter writer = sink.open(context(BATCH_TIME, 0, 0, batch));
        batch.forEach(writer::write);
        writer.commit();
        writer.close();
        writer.close();

        Sink another = createSink(properties);
        another.close();
        another.close();
    }

    // ------------------------------------------------------------------------------------------------------------

    /**
     * The records moved to source partition {@code sourcePartition}, offsets from {@code offsetBase} in their order,
     * so that records of different writers have the disjoint positions a real source gives them.
     */
    protected static List<SinkRecord> atSourcePartition(List<SinkRecord> records, int sourcePartition, long offsetBase) {
        List<SinkRecord> out = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            SinkRecord r = records.get(i);
            String source = r.position().map(SourcePosition::source).orElse("test-topic");
            out.add(r.toBuilder().position(new SourcePosition(source, sourcePartition, offsetBase + i)).build());
        }
        return out;
    }

    private ConfigSpec spec() {
        return SinkRegistry.load().provider("eos.sink", sinkName()).configSpec();
    }

    private List<ConfigOption<?>> typedOptions() {
        Set<ConfigType> typed = EnumSet.of(ConfigType.INT, ConfigType.LONG, ConfigType.BOOLEAN, ConfigType.DURATION,
                ConfigType.ENUM);
        return spec().options().stream().filter(o -> typed.contains(o.type())).toList();
    }

    private static String badValue(ConfigOption<?> option) {
        return switch (option.type()) {
            case INT -> "twelve-and-a-bit";
            case LONG -> "lots-of-bytes";
            case BOOLEAN -> "perhaps";
            case DURATION -> "a-little-while";
            case ENUM -> "no-such-choice";
            default -> throw new IllegalArgumentException(option.toString());
        };
    }

    private static void assertNoCanary(Throwable error) {
        Map<String, String> seen = new LinkedHashMap<>();
        for (Throwable t = error; t != null && seen.size() < 20; t = t.getCause()) {
            seen.put(t.getClass().getName() + "#" + seen.size(), String.valueOf(t.getMessage()) + " | " + t);
        }
        assertThat(seen.values().stream().collect(Collectors.joining("\n")))
                .as("messages of %s and its causes", error.getClass().getName())
                .doesNotContain(SECRET_CANARY);
    }
}
