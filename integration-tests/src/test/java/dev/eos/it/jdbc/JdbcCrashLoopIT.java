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
 * in a child JVM writes through the jdbc sink (mode insert-if-absent, key = the source position) while it dies at
 * every crash point and at random moments; the table must end with one row per event. {@code batch-size=10} makes
 * a partition span several transactions, so that {@code before-commit} finds part of the partition committed.
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
     * Three minutes to drain: on a loaded 2-core machine the last run, replaying the backlog one batch per interval it
     * was down, needs the headroom to catch up.
     */
    @Override
    protected CrashLoopOptions configure(CrashLoopOptions loop) {
        return loop.drainTimeout(Duration.ofMinutes(3));
    }

    @Override
    protected SinkStateReader sinkState(Path workDir) {
        return new PostgresStateReader(pg, table);
    }
}
