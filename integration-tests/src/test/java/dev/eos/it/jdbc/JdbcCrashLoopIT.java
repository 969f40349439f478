package dev.eos.it.jdbc;

import dev.eos.connector.jdbc.testing.EmbeddedPostgresFixture;
import dev.eos.demo.crashloop.CrashLoopOptions;
import dev.eos.demo.crashloop.SinkStateReader;
import dev.eos.it.AbstractCrashLoopIT;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The crash loop into a real PostgreSQL (embedded, in the test JVM, so it outlives every killed driver): the job
 * in a child JVM writes through the jdbc sink (mode insert-if-absent, key = the source position) while its driver is
 * killed before, during and after writes; the table must end with one row per event. {@code batch-size=10} makes
 * a partition span several transactions, so that a kill can land mid-write with part of the partition committed.
 */
class JdbcCrashLoopIT extends AbstractCrashLoopIT {

    private final EmbeddedPostgresFixture pg = EmbeddedPostgresFixture.shared();
    private String table;

    @Override
    protected Map<String, String> sinkProperties(Path workDir) {
        table = pg.newTableName("crash_loop");
        pg.execute("CREATE TABLE " + table + " (id text PRIMARY KEY, body text NOT NULL)");
        Map<String, String> props = pg.sinkProperties(table, "id");
        props.put("eos.sink.jdbc.columns", "id=@key,body=@value");
        props.put("eos.sink.jdbc.batch-size", "10");
        return props;
    }

    /**
     * 40 events a second (half the default) and three minutes to drain: on a loaded 2-core machine each restart
     * takes 40-60 s, and the job, replaying the backlog one 1-second batch at a time, needs the headroom to catch up.
     */
    @Override
    protected CrashLoopOptions configure(CrashLoopOptions loop) {
        return loop.feedRate(10, Duration.ofMillis(250)).drainTimeout(Duration.ofMinutes(3));
    }

    @Override
    protected SinkStateReader sinkState(Path workDir) {
        return new PostgresStateReader(pg, table);
    }
}
