package dev.eos.runtime;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressTest {

    @Test
    void theLineOfABatchHasItsDocumentedForm() {
        String line = Progress.line(1795566408000L, new BatchOutcome(80, 3, 77, 0), 1648);

        assertThat(line).isEqualTo(
                "eos batch time=1795566408000 records=80 written=3 duplicates=77 dead-lettered=0 millis=1648");
    }

    @Test
    void aFormattedLineParsesBackToTheSameValues() {
        Progress.Line line = new Progress.Line(1795566408000L, 80, 3, 77, 1, 1648);

        assertThat(Progress.Line.parse(line.format())).contains(line);
    }

    @Test
    void parsesTheJobsProgressLineAlsoInsideALogLine() {
        String line = "26/11/25 00:27:01 INFO Progress: eos batch time=1795566408000 records=80 written=3 "
                + "duplicates=77 dead-lettered=0 millis=1648";

        assertThat(Progress.Line.parse(line))
                .contains(new Progress.Line(1795566408000L, 80, 3, 77, 0, 1648));
    }

    @Test
    void ignoresOtherLines() {
        assertThat(Progress.Line.parse("eos batch time=oops")).isEmpty();
        assertThat(Progress.Line.parse("eos batch time=1 records=2")).isEmpty();
        assertThat(Progress.Line.parse("INFO JobScheduler: Finished job streaming job 1795566408000 ms.0")).isEmpty();
    }
}
