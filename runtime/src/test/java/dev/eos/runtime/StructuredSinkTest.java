package dev.eos.runtime;

import dev.eos.spi.ConfigException;
import dev.eos.spi.SinkRecord;
import dev.eos.spi.WriteContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.catalyst.CatalystTypeConverters;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.catalog.SupportsWrite;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.connector.write.DataWriter;
import org.apache.spark.sql.connector.write.streaming.StreamingDataWriterFactory;
import org.apache.spark.sql.types.StructType;
import scala.Function1;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code format("eos")} and the foreachBatch helper in real Spark local mode with task retries ({@code local[2,3]}):
 * a JSON directory stream written into the memory sink double, which records every write context it opens.
 */
class StructuredSinkTest {

    @TempDir
    static Path work;

    private static SparkSession spark;
    private StreamingQuery query;

    @BeforeAll
    static void startSpark() {
        spark = SparkSession.builder().master("local[2,3]").appName("structured-sink-test")
                .config("spark.ui.enabled", "false")
                .config("spark.local.dir", work.resolve("spark-local").toString())
                .config("spark.sql.shuffle.partitions", "2")
                .getOrCreate();
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    @AfterEach
    void stopQuery() throws Exception {
        if (query != null) {
            query.stop();
        }
    }

    @Test
    void eachRowIsStoredOnceByItsKeyColumnWithTheEpochPartitionAndAttemptInTheContext() throws Exception {
        String store = "ss-" + UUID.randomUUID();
        Path in = input("a.json", "b.json");
        try (JobTestSupport.StdoutCapture out = new JobTestSupport.StdoutCapture()) {
            query = events(in).writeStream().format("eos")
                    .options(memory(store))
                    .option("checkpointLocation", work.resolve("cp-" + store).toString())
                    .start();
            query.processAllAvailable();
            assertThat(MemorySinkDouble.store(store)).hasSize(20);
            assertThat(out.progress()).as("one progress line for epoch 0").hasSize(1);
            assertThat(out.progress().get(0)[0]).as("time = the epoch").isZero();
            assertThat(out.total(1)).as("records").isEqualTo(20);
            assertThat(out.total(2)).as("written").isEqualTo(20);
        }
        SinkRecord first = MemorySinkDouble.store(store).get("a-0");
        assertThat(first.fields()).containsEntry("id", "a-0").containsEntry("n", 0L).doesNotContainKey("value");
        assertThat(first.valueAsString()).isEqualTo("{\"id\":\"a-0\",\"n\":0}");
        assertThat(MemorySinkDouble.opened(store)).isNotEmpty()
                .allSatisfy(c -> assertThat(c.batchTime()).isEqualTo(Instant.ofEpochMilli(0)));
    }

    @Test
    void aTaskThatFailsIsRetriedBySparkAndItsPartitionStoredOnce() throws Exception {
        String store = "ss-retry-" + UUID.randomUUID();
        Path in = input("a.json");
        Map<String, String> options = memory(store);
        // the first commit fails transiently and eos.retry.attempts=1 gives up at once: the task fails, Spark retries it
        options.put("eos.sink.memory-double.retriable-failures", "1");
        options.put("eos.retry.attempts", "1");
        try (JobTestSupport.StdoutCapture out = new JobTestSupport.StdoutCapture()) {
            query = events(in).writeStream().format("eos").options(options)
                    .option("checkpointLocation", work.resolve("cp-" + store).toString())
                    .start();
            query.processAllAvailable();
            assertThat(out.total(2)).as("written").isEqualTo(10);
        }
        assertThat(MemorySinkDouble.store(store)).hasSize(10);
        List<WriteContext> opened = MemorySinkDouble.opened(store);
        assertThat(opened).extracting(WriteContext::attempt).as("the task's first and second attempt")
                .contains(0, 1);
        assertThat(opened).extracting(WriteContext::partition).containsOnly(opened.get(0).partition());
    }

    @Test
    void aReplayedEpochWritesTheSameKeysAgainAndStoresNothingTwice() throws Exception {
        String store = "ss-replay-" + UUID.randomUUID();
        Path in = input("a.json", "b.json");
        Path checkpoint = work.resolve("cp-" + store);
        query = events(in).writeStream().format("eos").options(memory(store))
                .option("checkpointLocation", checkpoint.toString()).start();
        query.processAllAvailable();
        query.stop();
        Map<String, SinkRecord> before = Map.copyOf(MemorySinkDouble.store(store));
        int openedBefore = MemorySinkDouble.opened(store).size();
        // a driver that died after writing epoch 0 and before recording its commit: the epoch is run again
        Files.delete(checkpoint.resolve("commits/0"));
        Files.deleteIfExists(checkpoint.resolve("commits/.0.crc"));

        try (JobTestSupport.StdoutCapture out = new JobTestSupport.StdoutCapture()) {
            query = events(in).writeStream().format("eos").options(memory(store))
                    .option("checkpointLocation", checkpoint.toString()).start();
            query.processAllAvailable();
            assertThat(out.progress()).hasSize(1);
            assertThat(out.progress().get(0)[0]).as("the same epoch").isZero();
            assertThat(out.total(2)).as("written").isZero();
            assertThat(out.total(3)).as("duplicates").isEqualTo(20);
        }
        assertThat(MemorySinkDouble.store(store)).isEqualTo(before);
        assertThat(MemorySinkDouble.opened(store).subList(openedBefore, MemorySinkDouble.opened(store).size()))
                .allSatisfy(c -> assertThat(c.batchTime()).isEqualTo(Instant.ofEpochMilli(0)));
    }

    @Test
    void badOptionsAreAllNamedWhenTheQueryStartsWithSecretsHidden() {
        Map<String, String> options = new HashMap<>();
        options.put("eos.sink", "nosuch");
        options.put("eos.retry.attempts", "0");
        options.put("eos.kee", "field.id");
        options.put("eos.errors.dead-letter.sink", "memory-double");
        options.put("eos.errors.dead-letter.memory-double.store", "x");
        options.put("eos.errors.dead-letter.memory-double.token", "s3cr3t-token");
        options.put("eos.errors.dead-letter.memory-double.retriable-failures", "many");
        assertThatThrownBy(() -> events(input("a.json")).writeStream().format("eos").options(options)
                .option("checkpointLocation", work.resolve("cp-bad").toString()).start())
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.problems()).anyMatch(p -> p.startsWith("Unknown configuration \"eos.kee\""));
                    assertThat(e.problems()).anyMatch(p -> p.startsWith("Missing required configuration \"eos.key\""));
                    assertThat(e.problems()).anyMatch(p -> p.startsWith("Unknown sink \"nosuch\""));
                    assertThat(e.problems()).anyMatch(p -> p.contains("\"eos.retry.attempts\""));
                    assertThat(e.problems()).anyMatch(p -> p.contains("retriable-failures"));
                    assertThat(e.getMessage()).doesNotContain("s3cr3t-token");
                });
        assertThatThrownBy(() -> events(input("a.json")).writeStream().format("eos")
                .options(Map.of("eos.sink", "memory-double", "eos.sink.memory-double.store", "x",
                        "eos.key", "field.nosuch"))
                .option("checkpointLocation", work.resolve("cp-bad2").toString()).start())
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactly(
                        "Invalid value field.nosuch for configuration \"eos.key\": the query has no column \"nosuch\" "
                                + "(columns: id, n)"));
    }

    @Test
    void theForeachBatchHelperWritesEachBatchLikeTheFormat() throws Exception {
        String store = "ss-fb-" + UUID.randomUUID();
        Path in = input("a.json", "b.json");
        try (JobTestSupport.StdoutCapture out = new JobTestSupport.StdoutCapture()) {
            query = events(in).writeStream()
                    .foreachBatch(ExactlyOnce.foreachBatch(memory(store)))
                    .option("checkpointLocation", work.resolve("cp-" + store).toString())
                    .trigger(Trigger.AvailableNow())
                    .start();
            query.awaitTermination();
            assertThat(out.total(2)).as("written").isEqualTo(20);
        }
        assertThat(MemorySinkDouble.store(store)).containsOnlyKeys(IntStream.range(0, 10).boxed()
                .flatMap(i -> List.of("a-" + i, "b-" + i).stream()).collect(Collectors.toSet()));
        assertThatThrownBy(() -> ExactlyOnce.foreachBatch(Map.of("eos.sink", "memory-double",
                "eos.sink.memory-double.store", "x")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .anyMatch(p -> p.startsWith("Missing required configuration \"eos.key\"")));
    }

    @Test
    void twoAttemptsOfOnePartitionAtOnceLeaveOneCopyOfEachRowInTheFilesSink() throws Exception {
        Path out = work.resolve("files-" + UUID.randomUUID());
        StructType schema = StructType.fromDDL("id STRING, n LONG");
        Table table = new EosDataSource().getTable(schema, new Transform[0], Map.of("eos.sink", "files",
                "eos.sink.files.path", out.toString(), "eos.key", "field.id"));
        StreamingDataWriterFactory factory = ((SupportsWrite) table).newWriteBuilder(null).build().toStreaming()
                .createStreamingWriterFactory(null);
        Function1<Object, Object> toInternal = CatalystTypeConverters.createToCatalystConverter(schema);
        List<InternalRow> rows = IntStream.range(0, 50)
                .mapToObj(i -> (InternalRow) toInternal.apply(RowFactory.create("k-" + i, (long) i))).toList();

        // a speculative attempt beside the first, interleaved row by row; both commit
        DataWriter<InternalRow> first = factory.createWriter(3, 1L, 7L);
        DataWriter<InternalRow> second = factory.createWriter(3, 2L, 7L);
        for (InternalRow row : rows) {
            first.write(row);
            second.write(row);
        }
        second.commit();
        first.commit();
        first.close();
        second.close();

        try (var files = Files.list(out)) {
            Map<String, String> stored = files.filter(f -> !f.getFileName().toString().startsWith("."))
                    .collect(Collectors.toMap(f -> f.getFileName().toString(), f -> read(f)));
            assertThat(stored).hasSize(50);
            assertThat(stored.get("k-7")).isEqualTo("{\"id\":\"k-7\",\"n\":7}");
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Map<String, String> memory(String store) {
        Map<String, String> options = new HashMap<>();
        options.put("eos.sink", "memory-double");
        options.put("eos.sink.memory-double.store", store);
        options.put("eos.key", "field.id");
        return options;
    }

    private static Dataset<Row> events(Path in) {
        return spark.readStream().format("json").schema("id STRING, n LONG").load(in.toString());
    }

    /** A fresh input directory with one file of 10 JSON lines per name ({@code <file>-<i>} keys). */
    private static Path input(String... names) throws Exception {
        Path in = Files.createDirectories(work.resolve("in-" + UUID.randomUUID()));
        for (String name : names) {
            String prefix = name.substring(0, name.indexOf('.'));
            JobTestSupport.drop(in, name, IntStream.range(0, 10)
                    .mapToObj(i -> "{\"id\":\"" + prefix + "-" + i + "\",\"n\":" + i + "}").toArray(String[]::new));
        }
        return in;
    }
}
