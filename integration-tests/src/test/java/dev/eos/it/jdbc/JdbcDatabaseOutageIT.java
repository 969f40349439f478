package dev.eos.it.jdbc;

import dev.eos.connector.jdbc.testing.EmbeddedPostgresFixture;
import dev.eos.demo.crashloop.CrashLoop;
import dev.eos.demo.crashloop.Verdict;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The database goes away for several seconds while the stream runs: the embedded PostgreSQL is stopped once rows
 * are arriving and started again {@value #OUTAGE_SECONDS} s later on the same port and data directory. The job (in
 * a child JVM, driven by the crash loop with one SIGKILL after the outage) retries the partitions that failed
 * transiently; at the end every event is in the table exactly once, and the job's log shows the transient
 * failures, so the outage did hit the stream.
 */
class JdbcDatabaseOutageIT {

    private static final int OUTAGE_SECONDS = 8;

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path workDir;
    private EmbeddedPostgresFixture pg;

    @AfterEach
    void stopServer() {
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    void anOutageOfSeveralSecondsMidStreamLosesNothingAndDuplicatesNothing() throws Exception {
        pg = EmbeddedPostgresFixture.start(workDir.resolve("pg"));
        pg.execute("CREATE TABLE events (id text PRIMARY KEY, body text NOT NULL)");
        Map<String, String> props = pg.sinkProperties("events", "id");
        props.put("eos.sink.jdbc.columns", "id=@key,body=@value");
        props.put("eos.sink.jdbc.batch-size", "20");
        // shorter than the outage, so that writes during it fail transiently instead of waiting it out in the pool; not
        // shorter than a connection takes on a loaded machine (at 1s, a restarted job's preflight once timed out
        // against the database that was back, with the load average near 20)
        props.put("eos.sink.jdbc.pool.connection-timeout", "3s");
        props.put("eos.retry.attempts", "60");
        props.put("eos.retry.backoff", "250ms");
        props.put("eos.retry.max-backoff", "1s");
        PostgresStateReader state = new PostgresStateReader(pg, "events");

        CompletableFuture<Void> outage = CompletableFuture.runAsync(() -> {
            await().atMost(Duration.ofMinutes(3)).until(() -> state.storedCount() > 0);
            System.out.println("[outage] stopping PostgreSQL on port " + pg.port());
            pg.stop();
            try {
                TimeUnit.SECONDS.sleep(OUTAGE_SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                pg.restart();
                System.out.println("[outage] PostgreSQL is back on port " + pg.port());
            }
        });

        Verdict verdict = CrashLoop.builder()
                .workDir(workDir.resolve("loop"))
                .jobProperties(props)
                .sinkState(state)
                .randomKills(1)
                .crashPoints(List.of())
                .uptime(Duration.ofSeconds(15), Duration.ofSeconds(16))
                .feedRate(10, Duration.ofMillis(250))
                .drainTimeout(Duration.ofMinutes(3))
                .seed(Long.getLong("eos.it.seed", System.nanoTime() % 1_000_000))
                .narrator(line -> System.out.println("[crash loop] " + line))
                .build()
                .run();
        System.out.println(verdict.table());
        assertThat(verdict.problems()).as(verdict.table()).isEmpty();
        outage.get(1, TimeUnit.MINUTES);

        assertThat(verdict.problems()).as(verdict.table()).isEmpty();
        assertThat(verdict.duplicates()).as(verdict.table()).isZero();
        assertThat(verdict.missing()).as(verdict.table()).isZero();
        assertThat(verdict.passed()).as(verdict.table()).isTrue();
        assertThat(Files.readString(workDir.resolve("loop").resolve("job.log")))
                .as("the job's log shows the transient failures of the outage")
                .contains("transient sink failure");
    }
}
