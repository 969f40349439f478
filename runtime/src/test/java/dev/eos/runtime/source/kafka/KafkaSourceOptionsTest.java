package dev.eos.runtime.source.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.eos.runtime.config.JobConfig;
import dev.eos.runtime.source.kafka.KafkaSettings.Partition;
import dev.eos.spi.ConfigException;
import org.junit.jupiter.api.Test;

class KafkaSourceOptionsTest {

    private static final String PREFIX = "eos.source.kafka.";

    private static KafkaSettings settings(Map<String, String> given) {
        Map<String, String> props = new HashMap<>();
        given.forEach((k, v) -> props.put(PREFIX + k, v));
        props.put("eos.sink.files.path", "/elsewhere");
        return KafkaSourceOptions.settings(PREFIX, props);
    }

    @Test
    void topicsAreSubscribedWithBytesAndNoAutoCommit() {
        KafkaSettings settings = settings(Map.of("bootstrap-servers", "k1:9092,k2:9092", "topics", "orders, refunds",
                "group-id", "eos-orders"));

        assertThat(settings.topics()).containsExactly("orders", "refunds");
        assertThat(settings.kafkaParams())
                .containsEntry("bootstrap.servers", "k1:9092,k2:9092")
                .containsEntry("group.id", "eos-orders")
                .containsEntry("enable.auto.commit", "false")
                .containsEntry("auto.offset.reset", "earliest")
                .containsEntry("key.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer")
                .containsEntry("value.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer");
        assertThat(settings.sparkConf()).isEmpty();
    }

    @Test
    void theRatePerPartitionBecomesABoundOnEachMicroBatchOfTheStructuredEngine() {
        KafkaSettings limited = settings(Map.of("bootstrap-servers", "k:9092", "topics", "t", "group-id", "g",
                "max-rate-per-partition", "1000"));
        KafkaSettings unlimited = settings(Map.of("bootstrap-servers", "k:9092", "topics", "t", "group-id", "g"));

        assertThat(limited.maxOffsetsPerTrigger(Duration.ofSeconds(2), 3)).hasValue(6000);
        assertThat(limited.maxOffsetsPerTrigger(Duration.ofMillis(500), 4)).hasValue(2000);
        assertThat(limited.maxOffsetsPerTrigger(Duration.ofMillis(1), 0)).as("at least one record").hasValue(1);
        assertThat(limited.maxOffsetsPerTrigger(Duration.ofDays(30), Integer.MAX_VALUE)).hasValue(Long.MAX_VALUE);
        assertThat(unlimited.maxOffsetsPerTrigger(Duration.ofSeconds(2), 3)).isEmpty();
    }

    @Test
    void countingThePartitionsForTheRateBoundWaitsNoLongerThanThePreflightTimeout() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        KafkaSettings settings = settings(Map.of("bootstrap-servers", "127.0.0.1:" + closedPort, "topics", "t",
                "group-id", "g", "max-rate-per-partition", "10"));

        assertThatThrownBy(() -> KafkaSource.partitionCount(settings, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("127.0.0.1:" + closedPort)
                .hasMessageContaining("within 1 s (eos.preflight.timeout)");
    }

    @Test
    void theStructuredEngineNamesTheRateOptionsItAppliesOtherwiseWhenTheJobStarts() {
        Map<String, String> job = new HashMap<>(Map.of("eos.source", "kafka",
                PREFIX + "bootstrap-servers", "k:9092", PREFIX + "topics", "t", PREFIX + "group-id", "g",
                PREFIX + "max-rate-per-partition", "1000", PREFIX + "backpressure", "true",
                "eos.checkpoint.dir", "/cp", "eos.sink", "files", "eos.sink.files.path", "/out"));
        job.put("eos.engine", "structured");

        List<String> structured = JobConfig.validate(job).warnings();
        job.put("eos.engine", "dstream");
        List<String> dstream = JobConfig.validate(job).warnings();

        assertThat(structured).anySatisfy(w -> assertThat(w).startsWith(PREFIX + "backpressure=true is not applied "
                + "on eos.engine=structured"));
        assertThat(structured).anySatisfy(w -> assertThat(w).startsWith(PREFIX + "max-rate-per-partition=1000 "
                + "becomes Spark's maxOffsetsPerTrigger on eos.engine=structured"));
        assertThat(dstream).noneSatisfy(w -> assertThat(w).contains("eos.engine=structured"));
    }

    @Test
    void explicitPartitionsAreAssigned() {
        KafkaSettings settings = settings(Map.of("bootstrap-servers", "k:9092", "assign", "orders:0,orders:2,a:b:1",
                "group-id", "g"));

        assertThat(settings.isAssign()).isTrue();
        assertThat(settings.partitions()).containsExactly(new Partition("orders", 0), new Partition("orders", 2),
                new Partition("a:b", 1));
    }

    @Test
    void consumerSettingsPassThroughByTheirKafkaNamesAndCredentialsStayHidden() {
        KafkaSettings settings = settings(Map.of("bootstrap-servers", "k:9092", "topics", "t", "group-id", "g",
                "security.protocol", "SASL_SSL", "sasl.jaas.config", "x required password=\"pw-123\";",
                "max.poll.records", "100", "session.timeout.ms", "10000"));

        assertThat(settings.kafkaParams()).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.jaas.config", "x required password=\"pw-123\";")
                .containsEntry("max.poll.records", "100")
                .containsEntry("session.timeout.ms", "10000");
        assertThat(settings.toString()).contains("security.protocol=SASL_SSL").doesNotContain("pw-123");
    }

    @Test
    void rateLimitAndBackpressureMapToSparkSettings() {
        KafkaSettings settings = settings(Map.of("bootstrap-servers", "k:9092", "topics", "t", "group-id", "g",
                "max-rate-per-partition", "1000", "backpressure", "true", "starting-offsets", "latest"));

        assertThat(settings.sparkConf()).containsExactly(
                Map.entry("spark.streaming.kafka.maxRatePerPartition", "1000"),
                Map.entry("spark.streaming.backpressure.enabled", "true"));
        assertThat(settings.kafkaParams()).containsEntry("auto.offset.reset", "latest");
    }

    @Test
    void committedRecordsOnlyByDefaultOnTheDriverAndTheExecutors() {
        KafkaSettings settings = settings(Map.of("bootstrap-servers", "k:9092", "topics", "t", "group-id", "g"));

        assertThat(settings.isolationLevel()).isEqualTo(KafkaSettings.IsolationLevel.READ_COMMITTED);
        assertThat(settings.kafkaParams()).containsEntry("isolation.level", "read_committed");
        assertThat(settings.executorKafkaParams())
                .containsEntry("isolation.level", "read_committed")
                .containsEntry("group.id", "spark-executor-g")
                .containsEntry("auto.offset.reset", "none")
                .containsEntry("enable.auto.commit", "false");
        dev.eos.spi.Config options = KafkaSourceOptions.SPEC.parse(PREFIX, Map.of(
                PREFIX + "bootstrap-servers", "k:9092", PREFIX + "assign", "t:0", PREFIX + "group-id", "g"));
        assertThat(new KafkaSource().startWarnings(options)).isEmpty();
        assertThat(new KafkaSource().sparkSettings(options))
                .as("Spark's own gap reader, which reads every batch twice, stays off")
                .containsEntry("spark.streaming.kafka.allowNonConsecutiveOffsets", "false");
    }

    @Test
    void readUncommittedIsExplicitAndWarnsThatAbortedRecordsWillBeWritten() {
        Map<String, String> given = Map.of(PREFIX + "bootstrap-servers", "k:9092", PREFIX + "assign", "t:0",
                PREFIX + "group-id", "g", PREFIX + "isolation-level", "read-uncommitted");

        assertThat(KafkaSourceOptions.settings(PREFIX, given).kafkaParams())
                .containsEntry("isolation.level", "read_uncommitted");
        assertThat(new KafkaSource().startWarnings(KafkaSourceOptions.SPEC.parse(PREFIX, given)))
                .singleElement().asString()
                .contains(PREFIX + "isolation-level=read-uncommitted")
                .contains("aborted transactions are read and written to the sink");
    }

    @Test
    void kafkasOwnIsolationSettingIsRefusedInFavourOfTheOption() {
        assertThatThrownBy(() -> settings(Map.of("bootstrap-servers", "k:9092", "topics", "t", "group-id", "g",
                "isolation.level", "read_uncommitted")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("\"" + PREFIX + "isolation.level\" is set by EOS: use isolation-level");
    }

    @Test
    void topicsAndAssignExcludeEachOther() {
        assertThatThrownBy(() -> settings(Map.of("bootstrap-servers", "k:9092", "topics", "t", "assign", "t:0",
                "group-id", "g")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("exclude each other");
        assertThatThrownBy(() -> settings(Map.of("bootstrap-servers", "k:9092", "group-id", "g")))
                .hasMessageContaining("give \"" + PREFIX + "topics\" or \"" + PREFIX + "assign\"");
    }

    @Test
    void everyBadKeyIsNamedAtOnce() {
        assertThatThrownBy(() -> settings(Map.of("assign", "t:x,u:1", "enable.auto.commit", "true",
                "group.id", "g", "fetch.max.bytez", "5", "max-rate-per-partition", "-1", "topicz", "t")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).hasSize(8))
                .hasMessageContaining("\"t:x\" is not topic:partition")
                .hasMessageContaining("\"" + PREFIX + "enable.auto.commit\" is set by EOS")
                .hasMessageContaining("Missing required configuration \"" + PREFIX + "bootstrap-servers\"")
                .hasMessageContaining("Missing required configuration \"" + PREFIX + "group-id\"")
                .hasMessageContaining("Invalid value -1 for configuration \"" + PREFIX + "max-rate-per-partition\"")
                .hasMessageContaining("Unknown configuration \"" + PREFIX + "topicz\" (did you mean \"" + PREFIX + "topics\"?)");
    }

    @Test
    void crossOptionProblemsAreReportedTogether() {
        assertThatThrownBy(() -> settings(Map.of("bootstrap-servers", "k:9092", "group-id", "g",
                "assign", "t:x,u:1", "enable.auto.commit", "true", "group.id", "g2", "fetch.max.bytez", "5")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).hasSize(4))
                .hasMessageContaining("\"t:x\" is not topic:partition")
                .hasMessageContaining("\"" + PREFIX + "enable.auto.commit\" is set by EOS")
                .hasMessageContaining("\"" + PREFIX + "group.id\" is set by EOS: use group-id")
                .hasMessageContaining("Unknown configuration \"" + PREFIX + "fetch.max.bytez\" (not a Kafka consumer setting)");
    }

    @Test
    void theJobReportsTheSourcesOwnChecksTogetherWithEveryOtherProblem() {
        Map<String, String> props = Map.of("eos.source", "kafka", "eos.sink", "no-such-sink",
                PREFIX + "group-id", "g", PREFIX + "fetch.max.bytez", "1", PREFIX + "enable.auto.commit", "true");

        assertThatThrownBy(() -> dev.eos.runtime.config.JobConfig.validate(props))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("eos.checkpoint.dir")
                .hasMessageContaining("no-such-sink")
                .hasMessageContaining("Missing required configuration \"" + PREFIX + "bootstrap-servers\"")
                .hasMessageContaining("Unknown configuration \"" + PREFIX + "fetch.max.bytez\"")
                .hasMessageContaining("\"" + PREFIX + "enable.auto.commit\" is set by EOS")
                .hasMessageContaining("give \"" + PREFIX + "topics\" or \"" + PREFIX + "assign\"");
    }
}
