package dev.eos.it.jdbc;

import dev.eos.demo.crashloop.CrashLoopOptions;
import dev.eos.demo.crashloop.SinkStateReader;
import dev.eos.it.AbstractCrashLoopIT;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The crash loop into a real PostgreSQL (embedded, in the test JVM, so it outlives every killed driver): the job
 * in a child JVM writes through the jdbc sink ({@link PostgresEventsTable}: mode insert-if-absent, key = the source
 * position, a partition spanning several transactions) while it dies at every crash point and at random moments; the
 * table must end with one row per event.
 */
class JdbcCrashLoopIT extends AbstractCrashLoopIT {

    private PostgresEventsTable table;

    @Override
    protected Map<String, String> sinkProperties(Path workDir) {
        table = PostgresEventsTable.create("crash_loop");
        return table.sinkProperties();
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
        return table.state();
    }
}
