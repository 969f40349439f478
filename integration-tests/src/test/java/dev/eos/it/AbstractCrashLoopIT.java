package dev.eos.it;

import dev.eos.demo.crashloop.CrashLoop;
import dev.eos.demo.crashloop.CrashLoopOptions;
import dev.eos.demo.crashloop.EventFeeder;
import dev.eos.demo.crashloop.FilesEventFeeder;
import dev.eos.demo.crashloop.SinkStateReader;
import dev.eos.demo.crashloop.Verdict;
import dev.eos.runtime.crash.CrashPoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The end-to-end crash test every sink (and every source) runs: the real job in a child JVM, events arriving all
 * along, the JVM made to die at every crash point of the runtime in turn (each run armed for one,
 * docs/operations.md#crash-testing: the point cannot be missed) and SIGKILLed at random moments besides, restarted
 * from its checkpoint each time; at the end the sink must hold every event exactly once, and every point must have
 * been hit (a point that was armed and not reached fails the loop with the run's evidence).
 *
 * <p>A sink's test supplies its keys and a reader of what it stored, and starts its backend (for example in a
 * {@code @BeforeAll} method; keep the backend in the test JVM or its own process: only the job's JVM is killed):
 *
 * <pre>{@code
 * class JdbcCrashLoopIT extends AbstractCrashLoopIT {
 *     protected Map<String, String> sinkProperties(Path workDir) {
 *         return Map.of("eos.sink", "jdbc", "eos.sink.jdbc.url", url, "eos.sink.jdbc.table", "events");
 *     }
 *     protected SinkStateReader sinkState(Path workDir) {
 *         return () -> query("select payload from events");     // one entry per stored row
 *     }
 * }
 * }</pre>
 *
 * The child JVM runs with this module's test class path, so the sink's connector and client must be dependencies
 * of this module. The verdict table is printed to the test's output ({@code target/failsafe-reports/*-output.txt});
 * the child's log stays in the work directory when the test fails. {@code -Deos.it.crashes=N} (or
 * {@code -Pcrash-heavy}) sets the number of random SIGKILLs (1 by default) besides the crash points; {@code -Deos.it.seed=N} replays a plan.
 * {@link #engine()} runs the same loop on the structured engine: {@code class StructuredJdbcCrashLoopIT extends
 * JdbcCrashLoopIT} overrides only it.
 */
public abstract class AbstractCrashLoopIT {

    /** The loop's work directory: job configuration, input, checkpoint, {@code job.log}. Kept when the test fails. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    protected Path workDir;

    /**
     * {@code eos.sink}, and the sink's options against a fresh, empty target (a new table, container, directory
     * under {@code workDir}). The payload of each event is the record's value.
     */
    protected abstract Map<String, String> sinkProperties(Path workDir) throws Exception;

    /** Reads what the sink stored: one payload per stored copy, so that a duplicate shows up twice. */
    protected abstract SinkStateReader sinkState(Path workDir) throws Exception;

    /** Where events come from; by default the files source, reading {@code workDir/input}. */
    protected EventFeeder feeder(Path workDir) throws Exception {
        return new FilesEventFeeder(workDir.resolve("input"));
    }

    /**
     * More job keys; by default none, so the idempotency key is the source position and the format raw. For a
     * key from the event: {@code eos.format=json} and {@code eos.key=field:id} (every event has a unique
     * {@code id}).
     */
    protected Map<String, String> jobProperties() {
        return Map.of();
    }

    /**
     * The engine the job runs on ({@code eos.engine}): {@code dstream} by default. A sink's test on the structured
     * engine is its DStream test with this one method overridden; every crash point is placed on both engines. On the
     * structured engine the files source is fed one file of 5 events a second, whatever {@link #configure} set.
     */
    protected String engine() {
        return "dstream";
    }

    /**
     * How many SIGKILLs at random moments, besides one death at each crash point: {@code -Deos.it.crashes}, 1 (12 with
     * {@code -Pcrash-heavy}).
     */
    protected int randomKills() {
        return Integer.getInteger("eos.it.crashes", 1);
    }

    /** Adjusts the loop (feed rate, timeouts, child heap) before it runs; unchanged by default. */
    protected CrashLoopOptions configure(CrashLoopOptions loop) {
        return loop;
    }

    @Test
    void everyEventIsStoredExactlyOnceWhileTheDriverIsKilled() throws Exception {
        long seed = Long.getLong("eos.it.seed", System.nanoTime() % 1_000_000);
        EventFeeder feeder = feeder(workDir);
        CrashLoopOptions loop = CrashLoop.builder()
                .workDir(workDir)
                .feeder(feeder)
                .jobProperty("eos.engine", engine())
                .jobProperties(sinkProperties(workDir))
                .jobProperties(jobProperties())
                .sinkState(sinkState(workDir))
                .randomKills(randomKills())
                .seed(seed)
                .narrator(line -> System.out.println("[crash loop] " + line));

        loop = configure(loop);
        if (engine().equals("structured") && feeder instanceof FilesEventFeeder) {
            // a file is a partition (a task) of its epoch, and a restarted query's first epoch takes every file that
            // arrived while it was down: one file of 5 events a second keeps those epochs short
            loop.feedRate(5, Duration.ofSeconds(1));
        }
        Verdict verdict = loop.build().run();
        System.out.println(verdict.table());

        assertThat(verdict.problems()).as(verdict.table()).isEmpty();
        assertThat(verdict.duplicates()).as("duplicates\n" + verdict.table()).isZero();
        assertThat(verdict.missing()).as("missing\n" + verdict.table()).isZero();
        assertThat(verdict.unexpected()).as("unexpected\n" + verdict.table()).isZero();
        assertThat(verdict.crashesSurvived()).as(verdict.table()).isEqualTo(verdict.crashes().size())
                .isEqualTo(CrashPoint.values().length + randomKills());
        assertThat(verdict.crashPointsHit()).as("crash points hit\n" + verdict.table())
                .containsExactlyInAnyOrder(CrashPoint.values());
        assertThat(verdict.randomKills()).as(verdict.table()).isEqualTo(randomKills());
        assertThat(verdict.passed()).as(verdict.table()).isTrue();
    }
}
