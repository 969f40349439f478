package dev.eos.demo.crashloop;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading the command {@code bin/eos run --print-submit} prints back into its words, as a shell would. */
class PrintedSubmitTest {

    @Test
    void commentsAreDroppedLinesJoinedAndQuotedWordsKeptWhole() {
        String printed = String.join("\n",
                "# The job on a cluster: ...",
                "# Add --master/--deploy-mode as needed",
                "spark-submit \\",
                "  --class dev.eos.runtime.Main \\",
                "  --jars /a/spi.jar,/b/files.jar \\",
                "  --files '/my dir/job.properties' \\",
                "  /r/runtime.jar \\",
                "  run '/my dir/job.properties' 'eos.key=it'\\''s'",
                "");

        assertThat(PrintedSubmit.words(printed)).containsExactly("spark-submit", "--class", "dev.eos.runtime.Main",
                "--jars", "/a/spi.jar,/b/files.jar", "--files", "/my dir/job.properties", "/r/runtime.jar", "run",
                "/my dir/job.properties", "eos.key=it's");
    }

    @Test
    void somethingElseThanASparkSubmitCommandIsRefused() {
        assertThatThrownBy(() -> PrintedSubmit.words("eos: missing CONFIG\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a spark-submit command");
    }
}
