package dev.eos.testkit;

import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.core.LauncherFactory;

import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

/** The kit is only worth something if it fails for a sink that breaks the contract: these run it against such sinks. */
class KitCatchesMisbehavingSinksTest {

    @Test
    void sinkThatAppendsDuplicatesFailsTheIdempotencyTests() {
        assertThat(failedTests(MisbehavingSinkFakes.DuplicatingSinkRun.class)).containsExactlyInAnyOrder(
                "replayedBatchLeavesStateUnchangedAndCountsDuplicates()",
                "concurrentWritersOnOnePartitionLeaveOneCopy()",
                "writerAbandonedMidBatchThenFullReplayLeavesOneCopy()");
    }

    @Test
    void sinkThatDropsBadRecordsFailsTheBadRecordTest() {
        assertThat(failedTests(MisbehavingSinkFakes.DroppingSinkRun.class))
                .containsExactly("badRecordIsReportedNeverDroppedAndTheRestLands()");
    }

    @Test
    void sinkWhoseReadersSeeAHalfWrittenValueFailsThePartialRecordTest() {
        assertThat(failedTests(MisbehavingSinkFakes.InPlaceSinkRun.class))
                .containsExactly("readersNeverObserveAPartialRecord()");
    }

    @Test
    void backendStateWithOneExtraCopyFailsEveryTestThatReadsBack() {
        assertThat(failedTests(MisbehavingSinkFakes.ExtraCopyRun.class)).containsExactlyInAnyOrder(
                "writtenBatchReadsBackExactly()",
                "replayedBatchLeavesStateUnchangedAndCountsDuplicates()",
                "concurrentWritersOnOnePartitionLeaveOneCopy()",
                "writerAbandonedMidBatchThenFullReplayLeavesOneCopy()",
                "badRecordIsReportedNeverDroppedAndTheRestLands()",
                "largeBatchLandsExactly()",
                "separatePartitionsAndBatchesAddUp()",
                "readersNeverObserveAPartialRecord()");
    }

    private static Set<String> failedTests(Class<?> run) {
        LauncherDiscoveryRequest request = request().selectors(selectClass(run)).build();
        Set<String> failed = new TreeSet<>();
        Launcher launcher = LauncherFactory.create();
        launcher.execute(request, new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier test, TestExecutionResult result) {
                if (test.isTest() && result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                    failed.add(test.getDisplayName());
                }
            }
        });
        return failed;
    }
}
