package dev.eos.runtime;

import org.apache.spark.streaming.api.java.JavaStreamingContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.eos.runtime.JobTestSupport.drop;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The embedded default end to end, in this JVM: files source -> the real files sink, with a restart. */
class FilesToFilesTest {

    @TempDir
    Path work;

    private JavaStreamingContext ssc;

    @AfterEach
    void stop() {
        if (ssc != null) {
            ssc.stop(true, false);
        }
    }

    @Test
    void everyLineEndsUpInExactlyOneFileAcrossARestartAndEachBatchPrintsItsProgressLine() throws Exception {
        Path in = Files.createDirectories(work.resolve("in"));
        Path out = work.resolve("out");
        Map<String, String> job = JobTestSupport.filesJob(in, Files.createDirectories(work.resolve("checkpoint")), "-", work);
        job.remove("eos.sink.memory-double.store");
        job.put("eos.sink", "files");
        job.put("eos.sink.files.path", out.toString());
        drop(in, "a.txt", "alpha", "beta", "gamma");

        try (JobTestSupport.StdoutCapture stdout = new JobTestSupport.StdoutCapture()) {
            ssc = JobTestSupport.start(job);
            await().atMost(Duration.ofSeconds(30)).until(() -> stdout.total(1) == 3);
            ssc.stop(true, true);
            ssc = null;
            drop(in, "b.txt", "delta", "alpha");
            ssc = JobTestSupport.start(job);
            await().atMost(Duration.ofSeconds(30)).until(() -> stdout.total(1) == 5);

            assertThat(stdout.progress()).isNotEmpty().allSatisfy(line -> assertThat(line).hasSize(6));
            assertThat(stdout.total(2)).as("written").isEqualTo(5);
            assertThat(stdout.total(3)).as("duplicates").isZero();
        }
        assertThat(storedValues(out)).as("one file per line, by position")
                .containsExactlyInAnyOrder("alpha", "beta", "gamma", "delta", "alpha");
    }

    private static List<String> storedValues(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> !f.getFileName().toString().startsWith(".") && !f.getFileName().toString().endsWith(".crc"))
                    .map(f -> {
                        try {
                            return Files.readString(f, StandardCharsets.UTF_8).strip();
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })
                    .toList();
        }
    }
}
