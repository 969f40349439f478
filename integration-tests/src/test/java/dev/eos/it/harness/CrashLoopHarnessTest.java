package dev.eos.it.harness;

import dev.eos.demo.crashloop.CrashLoop;
import dev.eos.demo.crashloop.CrashLoopOptions;
import dev.eos.demo.crashloop.FilesSinkStateReader;
import dev.eos.demo.crashloop.Verdict;
import dev.eos.runtime.crash.CrashPoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The crash loop judges correctly: run against {@link JobDouble} (a job that starts in milliseconds, reaches the
 * runtime's crash points where the real job does, and can be told to break the guarantee), it passes a correct job
 * through every crash point and random kills, catches a job that duplicates on replay and one that loses a batch cut
 * short, and fails when an armed point is never reached.
 */
class CrashLoopHarnessTest {

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    private CrashLoopOptions loop(String mode, List<CrashPoint> points, int randomKills) {
        Path output = dir.resolve("output");
        return CrashLoop.builder()
                .workDir(dir)
                .jvm(jvm -> jvm.withMainClass(JobDouble.class.getName()).withHeap("64m").withFlags(List.of()))
                .jobProperty("eos.sink", "files")
                .jobProperty("eos.sink.files.path", output.toString())
                .jobProperty("eos.batch.interval", "300ms")
                .jobProperty("eos.double.mode", mode)
                .jobProperty("eos.double.record-delay-ms", "3")
                .sinkState(FilesSinkStateReader.perRecord(output))
                .crashPoints(points)
                .randomKills(randomKills)
                .uptime(Duration.ofMillis(200), Duration.ofMillis(600))
                .startTimeout(Duration.ofSeconds(30))
                .seed(42);
    }

    @Test
    void aCorrectJobPassesThroughEveryCrashPointAndARandomKill() throws Exception {
        Verdict verdict = loop("correct", List.of(CrashPoint.values()), 1).build().run();
        System.out.println(verdict.table());

        assertThat(verdict.passed()).as(verdict.table()).isTrue();
        assertThat(verdict.crashesSurvived()).isEqualTo(CrashPoint.values().length + 1);
        assertThat(verdict.crashes()).allSatisfy(c -> assertThat(c.exitCode()).isEqualTo(137));
        assertThat(verdict.crashPointsHit()).as(verdict.table()).containsExactlyInAnyOrder(CrashPoint.values());
        assertThat(verdict.randomKills()).isEqualTo(1);
        assertThat(verdict.table()).contains("crash point before-commit", "EOS crash point before-commit reached, "
                + "halting", "random SIGKILL", "crash points hit       8: ");
        assertThat(verdict.produced()).isPositive().isEqualTo(verdict.stored());
    }

    @Test
    void aJobThatWritesAReplayTwiceIsCaughtWithItsDuplicatesListed() throws Exception {
        // the double marks a batch done only after its output: a death in between replays it under new names
        Verdict verdict = loop("non-idempotent", List.of(CrashPoint.BEFORE_OFFSET_COMMIT, CrashPoint.BEFORE_CHECKPOINT),
                0).build().run();
        System.out.println(verdict.table());

        assertThat(verdict.passed()).isFalse();
        assertThat(verdict.duplicates()).as(verdict.table()).isPositive();
        assertThat(verdict.duplicatePayloads()).isNotEmpty();
        assertThat(verdict.table()).contains("verdict: FAILED", "duplicated events", "child JVM log: ");
    }

    @Test
    void aJobThatCommitsBeforeWritingIsCaughtWithItsLossesListed() throws Exception {
        Verdict verdict = loop("lossy", List.of(CrashPoint.BEFORE_COMMIT, CrashPoint.PARTITIONS_PARTLY_COMMITTED), 0)
                .build().run();
        System.out.println(verdict.table());

        assertThat(verdict.passed()).isFalse();
        assertThat(verdict.missing()).as(verdict.table()).isPositive();
        assertThat(verdict.missingPayloads()).isNotEmpty();
        assertThat(verdict.table()).contains("missing events");
    }

    @Test
    void anArmedPointTheJobNeverReachesFailsTheLoopWithTheRunsEvidence() throws Exception {
        Verdict verdict = loop("correct", List.of(CrashPoint.AFTER_COMMIT), 0)
                .jobProperty("eos.double.skip-point", "after-commit")
                .pointTimeout(Duration.ofSeconds(5))
                .build().run();
        System.out.println(verdict.table());

        assertThat(verdict.passed()).isFalse();
        assertThat(verdict.crashPointsHit()).isEmpty();
        assertThat(verdict.problems()).singleElement().asString()
                .contains("run 1 was armed for crash point after-commit and did not reach it within 5 s",
                        "with records", dir.resolve("job.log").toString());
    }

    @Test
    void aJobThatCannotStartEndsTheLoopWithTheLogNamed() throws Exception {
        Verdict verdict = loop("correct", List.of(), 2)
                .jvm(jvm -> jvm.withMainClass("dev.eos.it.harness.NoSuchJob"))
                .build().run();
        System.out.println(verdict.table());

        assertThat(verdict.passed()).isFalse();
        assertThat(verdict.problems()).singleElement().asString()
                .contains("ended on its own with exit code 1", dir.resolve("job.log").toString());
    }
}
