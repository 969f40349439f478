package dev.eos.runtime;

import dev.eos.spi.SinkRecord;
import org.apache.spark.streaming.api.java.JavaStreamingContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

import static dev.eos.runtime.JobTestSupport.drop;
import static dev.eos.runtime.JobTestSupport.filesJob;
import static dev.eos.runtime.JobTestSupport.start;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The whole job in Spark local mode: files source -> records -> sink, with checkpoints and recovery. */
class FilesJobTest {

    @TempDir
    Path work;

    private JavaStreamingContext ssc;

    @AfterEach
    void stop() {
        if (ssc != null) {
            ssc.stop(true, false);
        }
    }

    private Path dir(String name) throws IOException {
        return Files.createDirectories(work.resolve(name));
    }

    @Test
    void eachLineIsWrittenOnceAndEachBatchPrintsItsProgressLine() throws Exception {
        Path in = dir("in");
        String store = "e2e-" + UUID.randomUUID();
        String dead = store + "-dead";
        Map<String, String> job = filesJob(in, dir("checkpoint"), store, work);
        job.put("eos.format", "json");
        job.put("eos.key", "field.id");
        job.put("eos.errors.tolerance", "all");
        job.put("eos.errors.dead-letter.sink", "memory-double");
        job.put("eos.errors.dead-letter.memory-double.store", dead);
        drop(in, "a.json", "{\"id\":\"a1\"}", "{\"id\":\"a2\"}", "not json");

        try (JobTestSupport.StdoutCapture out = new JobTestSupport.StdoutCapture()) {
            ssc = start(job);
            await().atMost(Duration.ofSeconds(30)).until(() -> out.total(1) == 3);
            drop(in, "b.json", "{\"id\":\"b1\"}", "{\"id\":\"a1\"}");
            await().atMost(Duration.ofSeconds(30)).until(() -> out.total(1) == 5);

            assertThat(MemorySinkDouble.store(store)).containsOnlyKeys("a1", "a2", "b1");
            assertThat(MemorySinkDouble.store(dead)).hasSize(1);
            SinkRecord bad = MemorySinkDouble.store(dead).values().iterator().next();
            assertThat(DeadLetterTest.originalBytes(bad)).asString().isEqualTo("not json");
            assertThat(bad.headers().get("eos.error.position")).endsWith("/in/a.json/0/3");
            assertThat(out.total(2)).as("written").isEqualTo(3);
            assertThat(out.total(3)).as("duplicates").isEqualTo(1);
            assertThat(out.total(4)).as("dead-lettered").isEqualTo(1);
            assertThat(out.progress()).allSatisfy(line -> assertThat(line[0] % 500).isZero());
            assertThat(Progress.metrics().count("written")).isGreaterThanOrEqualTo(3);
            assertThat(org.apache.spark.SparkEnv.get().metricsSystem().getSourcesByName("eos").isEmpty())
                    .as("the eos metrics source is registered with Spark").isFalse();
        }
    }

    @Test
    void positionKeysAreTheSameWhenTheFilesAreReadAgainByAnotherRun() throws Exception {
        Path in = dir("in");
        drop(in, "a.txt", "x", "y", "x");
        drop(in, "b.txt", "z");
        String first = "keys1-" + UUID.randomUUID();
        String second = "keys2-" + UUID.randomUUID();

        ssc = start(filesJob(in, dir("checkpoint1"), first, work));
        await().atMost(Duration.ofSeconds(30)).until(() -> MemorySinkDouble.store(first).size() == 4);
        ssc.stop(true, true);
        ssc = start(filesJob(in, dir("checkpoint2"), second, work));
        await().atMost(Duration.ofSeconds(30)).until(() -> MemorySinkDouble.store(second).size() == 4);

        String uri = in.toUri().toString().replace("file:///", "file:/");
        assertThat(values(first)).isEqualTo(values(second)).isEqualTo(Map.of(
                uri + "a.txt/0/1", "x", uri + "a.txt/0/2", "y", uri + "a.txt/0/3", "x", uri + "b.txt/0/1", "z"));
    }

    @Test
    void aRestartRecoversFromTheCheckpointAndContinuesWithoutDuplicatesWithTheCurrentSinkSettings() throws Exception {
        Path in = dir("in");
        Path checkpoint = dir("checkpoint");
        String before = "recover-" + UUID.randomUUID();
        String after = before + "-after";
        Map<String, String> job = filesJob(in, checkpoint, before, work);
        drop(in, "a.txt", "1", "2", "3");

        try (JobTestSupport.StdoutCapture out = new JobTestSupport.StdoutCapture()) {
            ssc = start(job);
            await().atMost(Duration.ofSeconds(30)).until(() -> out.total(1) == 3);
            ssc.stop(true, true);
            ssc = null;
            drop(in, "b.txt", "4", "5");

            job.put("eos.sink.memory-double.store", after);
            job.put("eos.source.files.remember", "20m");
            ssc = start(job);
            await().atMost(Duration.ofSeconds(30)).until(() -> out.total(1) == 5);

            assertThat(out.total(2)).as("written").isEqualTo(5);
            assertThat(out.total(3)).as("duplicates: no batch was written twice").isZero();
        }
        assertThat(MemorySinkDouble.store(before)).hasSize(3);
        assertThat(MemorySinkDouble.store(after).values()).extracting(SinkRecord::valueAsString)
                .as("only the new file, written with the current sink settings").containsExactlyInAnyOrder("4", "5");
        assertThat(CheckpointedKeys.changed(checkpoint.toString(), job, ssc.sparkContext().hadoopConfiguration()))
                .as("a frozen key that changed is reported").containsExactly("eos.source.files.remember");
    }

    @Test
    void withToleranceNoneABadRecordStopsTheRunAndARestartWithADeadLetterSinkReplaysTheBatch() throws Exception {
        Path in = dir("in");
        drop(in, "a.json", "{\"id\":1}", "{broken");
        Path config = work.resolve("job.properties");
        String store = "tolerance-" + UUID.randomUUID();
        Map<String, String> job = filesJob(in, dir("checkpoint"), store, work);
        job.put("eos.format", "json");
        Files.write(config, job.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();

        int code = Main.execute(new String[] {"run", config.toString()}, System.out,
                new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));

        assertThat(code).isEqualTo(Main.FAILED);
        assertThat(err.toString(java.nio.charset.StandardCharsets.UTF_8))
                .contains("The job failed")
                .contains("/in/a.json/0/2: not a JSON object")
                .contains("eos.errors.tolerance=all");
        assertThat(MemorySinkDouble.store(store)).isEmpty();

        job.put("eos.errors.tolerance", "all");
        job.put("eos.errors.dead-letter.sink", "memory-double");
        job.put("eos.errors.dead-letter.memory-double.store", store + "-dead");
        ssc = start(job);
        await().atMost(Duration.ofSeconds(30)).until(() -> MemorySinkDouble.store(store + "-dead").size() == 1);
        assertThat(MemorySinkDouble.store(store)).hasSize(1);
        assertThat(DeadLetterTest.originalBytes(MemorySinkDouble.store(store + "-dead").values().iterator().next()))
                .asString().isEqualTo("{broken");
    }

    @Test
    void withTheFilesSinkAsDeadLetterSinkEachDeadLetterFileHoldsItsReasonPositionAndOriginalBytes() throws Exception {
        Path in = dir("in");
        Path deadDir = dir("dead");
        String store = "dead-files-" + UUID.randomUUID();
        Map<String, String> job = filesJob(in, dir("checkpoint"), store, work);
        job.put("eos.format", "json");
        job.put("eos.key", "field.id");
        job.put("eos.errors.tolerance", "all");
        job.put("eos.errors.dead-letter.sink", "files");
        job.put("eos.errors.dead-letter.files.path", deadDir.toString());
        drop(in, "a.json", "{\"id\":\"a1\"}", "{not json", "{\"no\":\"id\"}");

        ssc = start(job);
        await().atMost(Duration.ofSeconds(30)).until(() -> visibleFiles(deadDir).size() == 2);

        assertThat(MemorySinkDouble.store(store)).containsOnlyKeys("a1");
        String uri = in.toUri().toString().replace("file:///", "file:/");
        Map<String, com.fasterxml.jackson.databind.JsonNode> byPosition = new TreeMap<>();
        for (Path file : visibleFiles(deadDir)) {
            com.fasterxml.jackson.databind.JsonNode envelope = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(Files.readAllBytes(file));
            byPosition.put(envelope.get("position").asText(), envelope);
        }
        assertThat(byPosition).containsOnlyKeys(uri + "a.json/0/2", uri + "a.json/0/3");
        com.fasterxml.jackson.databind.JsonNode notJson = byPosition.get(uri + "a.json/0/2");
        assertThat(notJson.get("eos-dead-letter").asInt()).isEqualTo(1);
        assertThat(notJson.get("reason").asText()).startsWith("not a JSON object: ");
        assertThat(notJson.get("error-class").asText()).isEqualTo("java.lang.IllegalArgumentException");
        assertThat(notJson.get("offset").asLong()).isEqualTo(2);
        assertThat(java.util.Base64.getDecoder().decode(notJson.get("value-base64").asText()))
                .asString(java.nio.charset.StandardCharsets.UTF_8).isEqualTo("{not json");
        assertThat(byPosition.get(uri + "a.json/0/3").get("reason").asText()).isEqualTo("missing key field \"id\"");
    }

    private static java.util.List<Path> visibleFiles(Path dir) throws IOException {
        try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> !f.getFileName().toString().startsWith(".")).toList();
        }
    }

    private static Map<String, String> values(String store) {
        return MemorySinkDouble.store(store).values().stream()
                .collect(Collectors.toMap(SinkRecord::key, SinkRecord::valueAsString, (a, b) -> a, TreeMap::new));
    }
}
