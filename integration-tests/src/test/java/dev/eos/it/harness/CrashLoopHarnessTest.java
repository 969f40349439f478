package dev.eos.it.harness;

import dev.eos.demo.crashloop.CrashLoop;
import dev.eos.demo.crashloop.CrashLoopOptions;
import dev.eos.demo.crashloop.FilesSinkStateReader;
import dev.eos.demo.crashloop.KillPoint;
import dev.eos.demo.crashloop.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The crash loop judges correctly: run against {@link JobDouble} (a job that starts in milliseconds and can be
 * told to break the guarantee), it passes a correct job through kills at all three points, and it catches a job
 * that duplicates on replay and one that loses a batch cut short.
 */
class CrashLoopHarnessTest {

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    private CrashLoopOptions loop(String mode, List<KillPoint> points) {
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
                .crashes(points.size())
                .killPoints(points)
                .uptime(Duration.ofMillis(200), Duration.ofMillis(600))
                .startTimeout(Duration.ofSeconds(30))
                .seed(42);
    }

    @Test
    void aCorrectJobPassesThroughKillsAtEveryKillPoint() throws Exception {
        Verdict verdict = loop("correct", List.of(KillPoint.values())).build().run();
        System.out.println(verdict.table());

        assertThat(verdict.passed()).as(verdict.table()).isTrue();
        assertThat(verdict.crashesSurvived()).isEqualTo(3);
        assertThat(verdict.crashes()).allSatisfy(c -> assertThat(c.exitCode()).isEqualTo(137));
        assertThat(verdict.killPointsHit()).as(verdict.table()).containsExactlyInAnyOrder(KillPoint.values());
        assertThat(verdict.produced()).isPositive().isEqualTo(verdict.stored());
    }

    @Test
    void aJobThatWritesAReplayTwiceIsCaughtWithItsDuplicatesListed() throws Exception {
        // the double marks a batch done only after its output: a kill in between replays it under new names
        Verdict verdict = loop("non-idempotent", List.of(KillPoint.MID_WRITE, KillPoint.MID_WRITE)).build().run();
        System.out.println(verdict.table());

        assertThat(verdict.passed()).isFalse();
        assertThat(verdict.duplicates()).as(verdict.table()).isPositive();
        assertThat(verdict.duplicatePayloads()).isNotEmpty();
        assertThat(verdict.table()).contains("verdict: FAILED", "duplicated events", "child JVM log: ");
    }

    @Test
    void aJobThatCommitsBeforeWritingIsCaughtWithItsLossesListed() throws Exception {
        Verdict verdict = loop("lossy", List.of(KillPoint.MID_WRITE, KillPoint.MID_WRITE)).build().run();
        System.out.println(verdict.table());

        assertThat(verdict.passed()).isFalse();
        assertThat(verdict.missing()).as(verdict.table()).isPositive();
        assertThat(verdict.missingPayloads()).isNotEmpty();
        assertThat(verdict.table()).contains("missing events");
    }

    @Test
    void aJobThatCannotStartEndsTheLoopWithTheLogNamed() throws Exception {
        Verdict verdict = loop("correct", List.of(KillPoint.BEFORE_WRITE, KillPoint.MID_WRITE))
                .jvm(jvm -> jvm.withMainClass("dev.eos.it.harness.NoSuchJob"))
                .build().run();
        System.out.println(verdict.table());

        assertThat(verdict.passed()).isFalse();
        assertThat(verdict.problems()).singleElement().asString()
                .contains("ended on its own with exit code 1", dir.resolve("job.log").toString());
    }
}
