package dev.eos.runtime.crash;

import dev.eos.runtime.crash.CrashPlan.Occurrence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CrashPlanTest {

    private static final Occurrence ANY = Occurrence.UNKNOWN;

    @Test
    void nothingIsArmedWithoutASetting() {
        assertThat(CrashPlan.parse(null, null, null)).isNull();
        assertThat(CrashPlan.parse(" ", "", "/tmp/x")).isNull();
    }

    @Test
    void aPointHaltsAtItsFirstOccurrenceByDefaultAndOnlyOnce() {
        CrashPlan plan = CrashPlan.parse("before-offset-commit", null, null);

        assertThat(plan.at(CrashPoint.BATCH_GENERATED, ANY).halt()).isFalse();
        assertThat(plan.at(CrashPoint.BEFORE_OFFSET_COMMIT, ANY).halt()).isTrue();
        assertThat(plan.at(CrashPoint.BEFORE_OFFSET_COMMIT, ANY).halt()).isFalse();
    }

    @Test
    void aCountAimsAtTheNthOccurrence() {
        CrashPlan plan = CrashPlan.parse("batch-generated@3", null, null);

        assertThat(plan.at(CrashPoint.BATCH_GENERATED, ANY).halt()).isFalse();
        assertThat(plan.at(CrashPoint.BATCH_GENERATED, ANY).halt()).isFalse();
        assertThat(plan.at(CrashPoint.BATCH_GENERATED, ANY).halt()).isTrue();
    }

    @Test
    void selectorsCountOnlyTheOccurrencesTheyMatch() {
        CrashPlan plan = CrashPlan.parse("before-commit@2,partition=1,attempt=0", null, null);

        assertThat(plan.at(CrashPoint.BEFORE_COMMIT, new Occurrence(10, 1, 0)).halt()).isFalse();
        assertThat(plan.at(CrashPoint.BEFORE_COMMIT, new Occurrence(10, 0, 0)).halt()).isFalse();
        assertThat(plan.at(CrashPoint.BEFORE_COMMIT, new Occurrence(20, 1, 1)).halt()).isFalse();
        assertThat(plan.at(CrashPoint.BEFORE_COMMIT, ANY).halt()).isFalse();
        assertThat(plan.at(CrashPoint.BEFORE_COMMIT, new Occurrence(20, 1, 0)).halt()).isTrue();
    }

    @Test
    void aBatchSelectorMatchesTheBatchTime() {
        CrashPlan plan = CrashPlan.parse("checkpoint-write@batch=2000", null, null);

        assertThat(plan.at(CrashPoint.CHECKPOINT_WRITE, new Occurrence(1000, -1, -1)).halt()).isFalse();
        assertThat(plan.at(CrashPoint.CHECKPOINT_WRITE, new Occurrence(2000, -1, -1)).halt()).isTrue();
    }

    @Test
    void severalPointsCanBeArmedAtOnce() {
        CrashPlan plan = CrashPlan.parse("recovery; after-commit@2", null, null);

        assertThat(plan.arms(CrashPoint.RECOVERY)).isTrue();
        assertThat(plan.arms(CrashPoint.AFTER_COMMIT)).isTrue();
        assertThat(plan.arms(CrashPoint.CHECKPOINT_WRITE)).isFalse();
        assertThat(plan.at(CrashPoint.AFTER_COMMIT, ANY).halt()).isFalse();
        assertThat(plan.at(CrashPoint.AFTER_COMMIT, ANY).halt()).isTrue();
    }

    @Test
    void aDelaySleepsAtEveryMatchingOccurrenceWithoutHalting() {
        CrashPlan plan = CrashPlan.parse(null, "before-commit:1500@attempt=0", null);

        assertThat(plan.at(CrashPoint.BEFORE_COMMIT, new Occurrence(1, 0, 0)))
                .isEqualTo(new CrashPlan.Action(false, 1500));
        assertThat(plan.at(CrashPoint.BEFORE_COMMIT, new Occurrence(1, 1, 0)).sleepMillis()).isEqualTo(1500);
        assertThat(plan.at(CrashPoint.BEFORE_COMMIT, new Occurrence(1, 0, 1))).isEqualTo(CrashPlan.Action.NONE);
    }

    @Test
    void aDelayWithACountSleepsOnlyAtThatOccurrence() {
        CrashPlan plan = CrashPlan.parse(null, "after-commit:200@2", null);

        assertThat(plan.at(CrashPoint.AFTER_COMMIT, ANY).sleepMillis()).isZero();
        assertThat(plan.at(CrashPoint.AFTER_COMMIT, ANY).sleepMillis()).isEqualTo(200);
        assertThat(plan.at(CrashPoint.AFTER_COMMIT, ANY).sleepMillis()).isZero();
    }

    @Test
    void aOnceFileLetsOnlyTheJvmThatCreatesItHalt(@TempDir Path dir) {
        String once = dir.resolve("fired").toString();
        CrashPlan first = CrashPlan.parse("after-commit", null, once);
        CrashPlan second = CrashPlan.parse("after-commit", null, once);

        assertThat(first.at(CrashPoint.AFTER_COMMIT, ANY).halt()).isTrue();
        assertThat(second.at(CrashPoint.AFTER_COMMIT, ANY).halt()).isFalse();
        assertThat(dir.resolve("fired")).exists();
    }

    @Test
    void aOnceFileThatCannotBeCreatedDoesNotFire(@TempDir Path dir) {
        CrashPlan plan = CrashPlan.parse("after-commit", null, dir.resolve("missing/dir/fired").toString());

        assertThat(plan.at(CrashPoint.AFTER_COMMIT, ANY).halt()).isFalse();
    }

    @Test
    void aMisspelledPointFailsNamingTheSettingAndEveryPoint() {
        assertThatThrownBy(() -> CrashPlan.parse("before-comit", null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("eos.test.crash")
                .hasMessageContaining("before-comit")
                .hasMessageContaining(CrashPoint.names());
    }

    @Test
    void malformedQualifiersAndDelaysFail() {
        assertThatThrownBy(() -> CrashPlan.parse("before-commit@0", null, null))
                .hasMessageContaining("counts from 1");
        assertThatThrownBy(() -> CrashPlan.parse("before-commit@task=1", null, null))
                .hasMessageContaining("unknown qualifier \"task\"");
        assertThatThrownBy(() -> CrashPlan.parse(null, "before-commit", null))
                .hasMessageContaining("eos.test.delay").hasMessageContaining("point:millis");
        assertThatThrownBy(() -> CrashPlan.parse(null, "before-commit:soon", null))
                .hasMessageContaining("millis is not a number");
    }

    @Test
    void everyPointHasAKebabCaseNameThatParsesBack() {
        assertThat(CrashPoint.values()).hasSize(8);
        for (CrashPoint p : CrashPoint.values()) {
            assertThat(p.pointName()).matches("[a-z]+(-[a-z]+)*");
            assertThat(CrashPoint.named(p.pointName())).isEqualTo(p);
        }
    }
}
