package dev.eos.runtime.demo;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressLineTest {

    @Test
    void parsesTheJobsProgressLineAlsoInsideALogLine() {
        String line = "26/11/25 00:27:01 INFO Progress: eos batch time=1795566408000 records=80 written=3 "
                + "duplicates=77 dead-lettered=0 millis=1648";

        assertThat(ProgressLine.parse(line))
                .contains(new ProgressLine(1795566408000L, 80, 3, 77, 0, 1648));
    }

    @Test
    void ignoresOtherLines() {
        assertThat(ProgressLine.parse("eos batch time=oops")).isEmpty();
        assertThat(ProgressLine.parse("INFO JobScheduler: Finished job streaming job 1795566408000 ms.0")).isEmpty();
    }
}
