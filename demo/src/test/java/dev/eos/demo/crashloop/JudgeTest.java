package dev.eos.demo.crashloop;

import dev.eos.runtime.Progress;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class JudgeTest {

    private static Verdict judge(List<String> produced, List<String> stored, List<String> problems) {
        List<Progress.Line> progress = List.of(new Progress.Line(1000, 2, 2, 0, 0, 5),
                new Progress.Line(2000, 3, 1, 2, 0, 5));
        return Judge.verdict(produced, stored, progress, 0, List.of(), 0, problems, 7, Path.of("job.log"),
                Duration.ofSeconds(1));
    }

    @Test
    void everyEventStoredOnceIsExactlyOnce() {
        Verdict verdict = judge(List.of("a", "b", "c"), List.of("c", "a", "b"), List.of());

        assertThat(verdict.passed()).isTrue();
        assertThat(verdict.replayedRecords()).isEqualTo(2);
        assertThat(verdict.batches()).isEqualTo(2);
        assertThat(verdict.table()).contains("verdict: EXACTLY ONCE");
    }

    @Test
    void secondCopiesLossesAndForeignCopiesAreEachCountedAndListed() {
        Verdict verdict = judge(List.of("a", "b", "c"), List.of("a", "a", "a", "c", "x"), List.of());

        assertThat(verdict.passed()).isFalse();
        assertThat(verdict.duplicates()).isEqualTo(2);
        assertThat(verdict.duplicatePayloads()).containsExactly("3 copies: a");
        assertThat(verdict.missing()).isEqualTo(1);
        assertThat(verdict.missingPayloads()).containsExactly("b");
        assertThat(verdict.unexpected()).isEqualTo(1);
        assertThat(verdict.unexpectedPayloads()).containsExactly("x");
        assertThat(verdict.table()).contains("verdict: FAILED", "child JVM log: job.log");
    }

    @Test
    void aProblemFailsAnOtherwiseCorrectRun() {
        assertThat(judge(List.of("a"), List.of("a"), List.of("the feeder failed")).passed()).isFalse();
    }
}
