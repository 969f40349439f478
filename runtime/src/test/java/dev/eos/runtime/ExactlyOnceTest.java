package dev.eos.runtime;

import dev.eos.runtime.config.SinkSettings;
import dev.eos.spi.ConfigException;
import dev.eos.spi.RetriableSinkException;
import dev.eos.spi.SinkRecord;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.streaming.Durations;
import org.apache.spark.streaming.api.java.JavaDStream;
import org.apache.spark.streaming.api.java.JavaStreamingContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The library API in a user's own job; the first test is the example of docs/library-api.md. */
class ExactlyOnceTest {

    @TempDir
    Path work;

    private JavaStreamingContext ssc;

    @AfterEach
    void stop() {
        if (ssc != null) {
            ssc.stop(true, false);
        }
    }

    /** A streaming context of 500 ms batches on {@code master}, and the queue its test stream reads. */
    private Queue<JavaRDD<String>> context(String master, String app) {
        SparkConf conf = new SparkConf().setMaster(master).setAppName(app)
                .set("spark.ui.enabled", "false").set("spark.local.dir", work.toString());
        ssc = new JavaStreamingContext(conf, Durations.milliseconds(500));
        return new LinkedList<>();
    }

    @Test
    void aUsersOwnStreamIsWrittenOncePerKeyWithBadRecordsDeadLettered() throws Exception {
        String store = "lib-" + UUID.randomUUID();
        Queue<JavaRDD<String>> batches = context("local[2]", "my-job");
        batches.add(ssc.sparkContext().parallelize(List.of("1,apple", "2,pear", "no-comma"), 2));
        batches.add(ssc.sparkContext().parallelize(List.of("2,pear", "3,plum"), 2));
        JavaDStream<String> lines = ssc.queueStream(batches, true);

        // --- the example of docs/library-api.md
        ExactlyOnce output = ExactlyOnce.to(Map.of(
                "eos.sink", "memory-double",
                "eos.sink.memory-double.store", store,
                "eos.errors.tolerance", "all",
                "eos.errors.dead-letter.sink", "memory-double",
                "eos.errors.dead-letter.memory-double.store", store + "-dead"))
                .preflight();
        output.writeStrings(lines, line -> line.substring(0, line.indexOf(',')));   // key: the first column
        // ---

        try (JobTestSupport.StdoutCapture out = new JobTestSupport.StdoutCapture()) {
            ssc.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> out.total(1) == 5);
            assertThat(out.total(2)).as("written").isEqualTo(3);
            assertThat(out.total(3)).as("duplicates").isEqualTo(1);
            assertThat(out.total(4)).as("dead-lettered").isEqualTo(1);
        }
        assertThat(MemorySinkDouble.store(store)).containsOnlyKeys("1", "2", "3");
        assertThat(MemorySinkDouble.store(store).get("3").valueAsString()).isEqualTo("3,plum");
        SinkRecord dead = MemorySinkDouble.store(store + "-dead").values().iterator().next();
        assertThat(DeadLetterTest.originalBytes(dead)).asString().isEqualTo("no-comma");
        assertThat(dead.fields().get("reason")).asString().startsWith("the key function failed");
        assertThat(dead.headers().get("eos.error.reason")).startsWith("the key function failed");
    }

    /**
     * A partition whose in-task retries all fail transiently fails its task; in local mode {@code local[N,F]} lets
     * Spark try the task again (plain {@code local[N]} allows one attempt and the batch would fail), and the second
     * task attempt writes the partition once.
     */
    @Test
    void aTaskThatExhaustsItsRetriesIsTriedAgainBySparkInLocalModeWithMaxFailures() throws Exception {
        String store = "task-retry-" + UUID.randomUUID();
        Queue<JavaRDD<String>> batches = context("local[2,3]", "task-retry");
        batches.add(ssc.sparkContext().parallelize(List.of("1,apple", "2,pear"), 1));
        ExactlyOnce.to(Map.of(
                        "eos.sink", "memory-double",
                        "eos.sink.memory-double.store", store,
                        "eos.sink.memory-double.retriable-failures", "2",
                        "eos.retry.attempts", "2",
                        "eos.retry.backoff", "10ms"))
                .writeStrings(ssc.queueStream(batches, true), line -> line.substring(0, line.indexOf(',')));

        try (JobTestSupport.StdoutCapture out = new JobTestSupport.StdoutCapture()) {
            ssc.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> out.total(2) == 2);
        }
        assertThat(MemorySinkDouble.store(store)).containsOnlyKeys("1", "2");
        assertThat(MemorySinkDouble.opened(store)).extracting(c -> c.attempt())
                .as("two in-task attempts of task attempt 0, then task attempt 1")
                .containsExactly(0, 1, 2);
    }

    @Test
    void theSinkConfigurationIsValidatedWhenTheOutputIsDeclared() {
        assertThatThrownBy(() -> ExactlyOnce.to(Map.of("eos.sink", "memory-double", "eos.retry.attempts", "0",
                "eos.errors.tolerance", "all")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactlyInAnyOrder(
                        "Invalid value 0 for configuration \"eos.retry.attempts\": must be at least 1",
                        SinkSettings.TOLERANCE_ALL_NEEDS_DEAD_LETTER,
                        "Missing required configuration \"eos.sink.memory-double.store\""));
    }

    @Test
    @Timeout(120)
    void thePreflightOfAServerThatAcceptsConnectionsAndNeverAnswersIsBoundedByThePreflightTimeout() throws Exception {
        // the kernel accepts connections into the backlog; nothing ever reads or answers them
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            String url = "jdbc:postgresql://127.0.0.1:" + silent.getLocalPort() + "/eos";
            ExactlyOnce output = ExactlyOnce.to(Map.of("eos.sink", "jdbc", "eos.sink.jdbc.url", url,
                    "eos.sink.jdbc.table", "events", "eos.sink.jdbc.key-columns", "id",
                    "eos.sink.jdbc.pool.connection-timeout", "1h", "eos.preflight.timeout", "1s"));

            assertThatThrownBy(output::preflight).isInstanceOf(RetriableSinkException.class)
                    .hasMessageStartingWith("The preflight of sink \"jdbc\" at " + url
                            + " got no answer within 1s (eos.preflight.timeout)");
        }
    }

    @Test
    void aBadPreflightTimeoutIsReportedWithTheSinksProblems() {
        assertThatThrownBy(() -> ExactlyOnce.to(Map.of("eos.sink", "memory-double", "eos.preflight.timeout", "0s")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactlyInAnyOrder(
                        "Invalid value 0s for configuration \"eos.preflight.timeout\": must be at least 1s",
                        "Missing required configuration \"eos.sink.memory-double.store\""));
    }
}
