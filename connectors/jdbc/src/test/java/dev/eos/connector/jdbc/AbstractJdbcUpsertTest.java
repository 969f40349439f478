package dev.eos.connector.jdbc;

import dev.eos.spi.Sink;
import dev.eos.spi.SinkRecord;
import dev.eos.spi.SourcePosition;
import dev.eos.spi.WriteResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The version rule of mode upsert against a real database: a row is inserted when its key is absent, updated when
 * the record's version (here {@code ver=position.offset}) is greater than the stored one, and left alone otherwise;
 * so a replay of the same batch changes nothing, a replay of an older batch after a newer one changes nothing, and
 * two concurrent attempts with different versions end in the newest, whichever commits first. Each database runs it
 * through a one-line subclass.
 */
abstract class AbstractJdbcUpsertTest {

    private static final int KEYS = 60;
    private final List<Sink> sinks = new ArrayList<>();
    private int tables;

    /** Creates {@code CREATE TABLE <name> (id varchar(64) PRIMARY KEY, amount bigint, note varchar(64), ver bigint)}. */
    protected abstract void createTable(String name) throws SQLException;

    /** The sink's connection keys for the database (url, user, password). */
    protected abstract Map<String, String> connectionProperties();

    protected abstract Connection connect() throws SQLException;

    protected abstract String tablePrefix();

    @AfterEach
    void closeSinks() {
        sinks.forEach(Sink::close);
    }

    private String newTable() throws SQLException {
        String name = tablePrefix() + "_upsert_" + System.nanoTime() % 1_000_000 + "_" + (++tables);
        createTable(name);
        return name;
    }

    private Sink sink(String table, boolean deleteOnNull) {
        Map<String, String> props = new java.util.HashMap<>(connectionProperties());
        props.put("eos.sink.jdbc.table", table);
        props.put("eos.sink.jdbc.key-columns", "id");
        props.put("eos.sink.jdbc.mode", "upsert");
        props.put("eos.sink.jdbc.columns", "id=key, amount=field.amount, note=field.note");
        props.put("eos.sink.jdbc.version", "ver=position.offset");
        props.put("eos.sink.jdbc.batch-size", "25");
        props.put("eos.sink.jdbc.delete-on-null", String.valueOf(deleteOnNull));
        Sink sink = Sinks.create(props);
        sink.preflight();
        sinks.add(sink);
        return sink;
    }

    /** One record per key {@code k<from>..k<to-1>}, at offset {@code version}, with the note {@code note}. */
    private static List<SinkRecord> batch(int from, int to, long version, String note) {
        List<SinkRecord> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add(record("k" + i, version, note, i));
        }
        return out;
    }

    private static SinkRecord record(String key, long version, String note, long amount) {
        return SinkRecord.builder(key).value("{\"note\":\"" + note + "\"}").field("amount", amount).field("note", note)
                .position(new SourcePosition("t", 0, version)).build();
    }

    private static SinkRecord tombstone(String key, long version) {
        return SinkRecord.builder(key).position(new SourcePosition("t", 0, version)).build();
    }

    /** key -> "note@ver". */
    private Map<String, String> stored(String table) throws SQLException {
        Map<String, String> out = new TreeMap<>();
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, note, ver FROM " + table)) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getString(2) + "@" + rs.getLong(3));
            }
        }
        return out;
    }

    private static Map<String, String> expected(int from, int to, String noteAtVersion) {
        Map<String, String> out = new TreeMap<>();
        for (int i = from; i < to; i++) {
            out.put("k" + i, noteAtVersion);
        }
        return out;
    }

    @Test
    void replayOfTheSameBatchChangesNothing() throws Exception {
        String table = newTable();
        Sink sink = sink(table, false);
        WriteResult first = Sinks.writeAll(sink, batch(0, KEYS, 100, "first"));
        Map<String, String> after = stored(table);

        WriteResult replay = Sinks.writeAll(sink, batch(0, KEYS, 100, "first"), 1);

        assertThat(first.written()).isEqualTo(KEYS);
        assertThat(replay.written()).isZero();
        assertThat(replay.duplicates()).isEqualTo(KEYS);
        assertThat(stored(table)).isEqualTo(after).isEqualTo(expected(0, KEYS, "first@100"));
    }

    @Test
    void anOlderBatchReplayedAfterANewerOneChangesNothing() throws Exception {
        String table = newTable();
        Sink sink = sink(table, false);
        Sinks.writeAll(sink, batch(0, KEYS, 100, "old"));
        WriteResult newer = Sinks.writeAll(sink, batch(0, KEYS, 200, "new"));

        WriteResult olderReplayed = Sinks.writeAll(sink, batch(0, KEYS, 100, "old"), 1);

        assertThat(newer.written()).as("the newer batch updates every row").isEqualTo(KEYS);
        assertThat(olderReplayed.written()).isZero();
        assertThat(olderReplayed.duplicates()).isEqualTo(KEYS);
        assertThat(stored(table)).isEqualTo(expected(0, KEYS, "new@200"));
    }

    @Test
    void aMixedBatchCountsInsertsAndUpdatesAsWrittenAndTheRestAsDuplicates() throws Exception {
        String table = newTable();
        Sink sink = sink(table, false);
        Sinks.writeAll(sink, batch(0, 20, 100, "a"));
        Sinks.writeAll(sink, batch(20, 40, 300, "b"));
        List<SinkRecord> mixed = new ArrayList<>(batch(0, 20, 200, "c"));   // 20 updates
        mixed.addAll(batch(20, 40, 200, "c"));                              // 20 older: left alone
        mixed.addAll(batch(40, 50, 200, "c"));                              // 10 inserts

        WriteResult result = Sinks.writeAll(sink, mixed);

        assertThat(result.written()).isEqualTo(30);
        assertThat(result.duplicates()).isEqualTo(20);
        Map<String, String> want = expected(0, 20, "c@200");
        want.putAll(expected(20, 40, "b@300"));
        want.putAll(expected(40, 50, "c@200"));
        assertThat(stored(table)).isEqualTo(want);
    }

    @Test
    void withinOneBatchTheGreatestVersionOfAKeyWins() throws Exception {
        String table = newTable();
        Sink sink = sink(table, false);
        WriteResult result = Sinks.writeAll(sink, List.of(record("a", 5, "five", 1), record("a", 3, "three", 1),
                record("b", 3, "three", 1), record("b", 5, "five", 1)));

        assertThat(result.written()).isEqualTo(2);
        assertThat(result.duplicates()).isEqualTo(2);
        assertThat(stored(table)).containsExactlyEntriesOf(new TreeMap<>(Map.of("a", "five@5", "b", "five@5")));
    }

    @Test
    void twoConcurrentAttemptsEndInTheNewestValueWhicheverCommitsFirst() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 4; round++) {
                String table = newTable();
                Sink sink = sink(table, false);
                boolean newerFirst = round % 2 == 0;
                CountDownLatch start = new CountDownLatch(1);
                List<Future<WriteResult>> results = new ArrayList<>();
                for (long version : newerFirst ? new long[] {200, 100} : new long[] {100, 200}) {
                    List<SinkRecord> records = batch(0, KEYS, version, version == 200 ? "new" : "old");
                    results.add(pool.submit(() -> {
                        start.await();
                        return Sinks.writeAll(sink, records, (int) version);
                    }));
                }
                start.countDown();
                for (Future<WriteResult> f : results) {
                    WriteResult r = f.get(2, TimeUnit.MINUTES);
                    assertThat(r.written() + r.duplicates()).isEqualTo(KEYS);
                    assertThat(r.rejected()).isEmpty();
                }
                assertThat(stored(table)).as("round %d", round).isEqualTo(expected(0, KEYS, "new@200"));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aTombstoneDeletesTheRowOnlyWhenItIsNewer() throws Exception {
        String table = newTable();
        Sink sink = sink(table, true);
        Sinks.writeAll(sink, batch(0, 4, 100, "v"));

        WriteResult result = Sinks.writeAll(sink, List.of(tombstone("k0", 50), tombstone("k1", 150),
                tombstone("k9", 150)));

        assertThat(result.written()).as("k1 deleted").isEqualTo(1);
        assertThat(result.duplicates()).as("k0 newer than its tombstone, k9 absent").isEqualTo(2);
        assertThat(stored(table)).isEqualTo(new TreeMap<>(Map.of("k0", "v@100", "k2", "v@100", "k3", "v@100")));
    }

    @Test
    void aRecordWithoutAVersionIsRejectedWithTheReason() throws Exception {
        String table = newTable();
        Sink sink = sink(table, false);
        WriteResult result = Sinks.writeAll(sink, List.of(SinkRecord.builder("nov").value("{}").field("note", "x").build(),
                record("k1", 7, "ok", 1)));

        assertThat(result.written()).isEqualTo(1);
        assertThat(result.rejected()).singleElement().satisfies(r ->
                assertThat(r.reason()).contains("ver").contains("position.offset"));
        assertThat(stored(table)).containsOnlyKeys("k1");
    }
}
