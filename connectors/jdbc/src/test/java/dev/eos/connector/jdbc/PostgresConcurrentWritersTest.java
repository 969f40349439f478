package dev.eos.connector.jdbc;

import dev.eos.connector.jdbc.testing.EmbeddedPostgresFixture;
import dev.eos.spi.Sink;
import dev.eos.spi.SinkRecord;
import dev.eos.spi.WriteResult;
import dev.eos.testkit.TestRecords;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Eight writers insert overlapping keys into one PostgreSQL table at the same moment, as speculative and retried
 * attempts of a task do: every key ends up in exactly one row, no writer fails, and the counts add up (each key is
 * written by exactly one writer; every other sighting is a duplicate).
 */
class PostgresConcurrentWritersTest {

    private static final int WRITERS = 8;
    private static final int KEYS = 4_000;
    private static final int PER_WRITER = 1_500;

    @Test
    void eightWritersWithOverlappingKeysLeaveOneRowPerKeyAndCountsAddUp() throws Exception {
        EmbeddedPostgresFixture pg = EmbeddedPostgresFixture.shared();
        String table = pg.newTableName("concurrent");
        pg.execute("CREATE TABLE " + table + " (id varchar(64) PRIMARY KEY, seq bigint, payload varchar(64))");
        Map<String, String> props = pg.sinkProperties(table, "id");
        props.put("eos.sink.jdbc.batch-size", "250");
        props.put("eos.sink.jdbc.pool.max-size", String.valueOf(WRITERS));

        List<SinkRecord> all = TestRecords.generate(9, KEYS);
        List<List<SinkRecord>> inputs = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            List<SinkRecord> mine = new ArrayList<>(all.subList(w * 300, w * 300 + PER_WRITER));
            Collections.shuffle(mine, new Random(w));
            inputs.add(mine);
        }
        long distinct = inputs.stream().flatMap(List::stream).map(SinkRecord::key).distinct().count();

        WriteResult total = WriteResult.EMPTY;
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        try (Sink sink = Sinks.create(props)) {
            sink.preflight();
            CyclicBarrier start = new CyclicBarrier(WRITERS);
            List<Future<WriteResult>> results = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                List<SinkRecord> mine = inputs.get(w);
                int attempt = w;
                results.add(pool.submit(() -> {
                    start.await();
                    return Sinks.writeAll(sink, mine, attempt);
                }));
            }
            for (Future<WriteResult> f : results) {
                total = total.plus(f.get());
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(total.rejected()).isEmpty();
        assertThat(total.written()).isEqualTo(distinct);
        assertThat(total.written() + total.duplicates()).isEqualTo((long) WRITERS * PER_WRITER);
        try (Connection c = pg.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*), count(DISTINCT id) FROM " + table)) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(distinct);
            assertThat(rs.getLong(2)).isEqualTo(distinct);
        }
    }
}
