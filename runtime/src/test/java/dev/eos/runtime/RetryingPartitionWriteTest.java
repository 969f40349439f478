package dev.eos.runtime;

import dev.eos.runtime.config.JobOptions.Format;
import dev.eos.runtime.config.SinkSettings;
import dev.eos.runtime.source.SourceEvent;
import dev.eos.spi.SinkException;
import dev.eos.spi.SinkRecord;
import dev.eos.spi.SourcePosition;
import dev.eos.spi.WriteContext;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The executor side of a batch, without Spark: retries, backoff and dead letters. */
class RetryingPartitionWriteTest {

    private final String store = "pw-" + UUID.randomUUID();
    private final String deadLetters = store + "-dead";
    private static final WriteContext CONTEXT = new WriteContext(Instant.ofEpochMilli(1000), 3, 0, List.of());

    private SinkBinding sinks(String... keyValues) {
        Map<String, String> p = new HashMap<>();
        p.put("eos.sink", "memory-double");
        p.put("eos.sink.memory-double.store", store);
        for (int i = 0; i < keyValues.length; i += 2) {
            p.put(keyValues[i], keyValues[i + 1]);
        }
        return SinkBinding.create(SinkSettings.parse(p));
    }

    private static List<RecordOrError> events(Format format, String key, String... values) {
        RecordMapper mapper = RecordMapper.of(format, key);
        return IntStream.range(0, values.length)
                .mapToObj(i -> mapper.map(SourceEvent.of(values[i].getBytes(StandardCharsets.UTF_8),
                        new SourcePosition("file:/in/a.txt", 0, i + 1))))
                .collect(Collectors.toList());
    }

    @Test
    void aTransientFailureIsRetriedInNewWritersWithGrowingBackoffUntilTheBatchCommits() {
        SinkBinding sinks = sinks("eos.sink.memory-double.retriable-failures", "2",
                "eos.retry.backoff", "100ms", "eos.retry.attempts", "3");
        long start = System.nanoTime();

        PartitionCounts result = RetryingPartitionWrite.run(sinks, CONTEXT, events(Format.RAW, "position", "a", "b", "c").iterator());

        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(result).isEqualTo(new PartitionCounts(3, 3, 0, 0));
        assertThat(MemorySinkDouble.store(store)).containsOnlyKeys("file:/in/a.txt/0/1", "file:/in/a.txt/0/2", "file:/in/a.txt/0/3");
        assertThat(MemorySinkDouble.opened(store)).extracting(WriteContext::attempt).containsExactly(0, 1, 2);
        assertThat(MemorySinkDouble.opened(store)).extracting(WriteContext::partition).containsOnly(3);
        assertThat(millis).as("backoff 100ms then 200ms").isGreaterThanOrEqualTo(300);
    }

    @Test
    void theTaskFailsWhenTheRetryBudgetRunsOut() {
        SinkBinding sinks = sinks("eos.sink.memory-double.retriable-failures", "5",
                "eos.retry.backoff", "10ms", "eos.retry.attempts", "2");

        assertThatThrownBy(() -> RetryingPartitionWrite.run(sinks, CONTEXT, events(Format.RAW, "position", "a").iterator()))
                .isInstanceOf(SinkException.class)
                .hasMessageContaining("still failed after 2 attempts (eos.retry.attempts)")
                .hasMessageContaining("store " + store + " is busy");
        assertThat(MemorySinkDouble.store(store)).isEmpty();
    }

    @Test
    void aPartitionLargerThanTheReplayBufferFailsTheTaskOnATransientFailure() {
        SinkBinding sinks = sinks("eos.sink.memory-double.retriable-failures", "1", "eos.retry.buffer-records", "1");

        assertThatThrownBy(() -> RetryingPartitionWrite.run(sinks, CONTEXT, events(Format.RAW, "position", "a", "b").iterator()))
                .hasMessageContaining("more than eos.retry.buffer-records=1 records");
    }

    @Test
    void invalidJsonMissingKeysAndRejectedRecordsGoToTheDeadLetterSinkWithTheirReason() throws Exception {
        SinkBinding sinks = sinks("eos.errors.tolerance", "all", "eos.errors.dead-letter.sink", "memory-double",
                "eos.errors.dead-letter.memory-double.store", deadLetters, "eos.sink.memory-double.reject", "poison");
        List<RecordOrError> input = events(Format.JSON, "field.id",
                "{\"id\":\"k1\",\"v\":1}", "{not json", "{\"v\":2}", "{\"id\":\"k4\",\"v\":\"poison\"}");

        PartitionCounts result = RetryingPartitionWrite.run(sinks, CONTEXT, input.iterator());

        assertThat(result).isEqualTo(new PartitionCounts(4, 1, 0, 3));
        assertThat(MemorySinkDouble.store(store)).containsOnlyKeys("k1");
        Map<String, SinkRecord> dead = MemorySinkDouble.store(deadLetters);
        assertThat(dead).containsOnlyKeys("file:/in/a.txt/0/2", "file:/in/a.txt/0/3", "k4");
        assertThat(dead.get("file:/in/a.txt/0/2").headers())
                .containsEntry("eos.error.position", "file:/in/a.txt/0/2")
                .containsEntry("eos.error.class", "java.lang.IllegalArgumentException")
                .hasEntrySatisfying("eos.error.reason", r -> assertThat(r).startsWith("not a JSON object"));
        assertThat(DeadLetterTest.originalBytes(dead.get("file:/in/a.txt/0/2"))).asString().isEqualTo("{not json");
        assertThat(dead.get("file:/in/a.txt/0/2").fields()).containsEntry("position", "file:/in/a.txt/0/2")
                .hasEntrySatisfying("reason", r -> assertThat((String) r).startsWith("not a JSON object"));
        assertThat(dead.get("file:/in/a.txt/0/3").headers()).containsEntry("eos.error.reason", "missing key field \"id\"");
        assertThat(dead.get("k4").headers())
                .containsEntry("eos.error.class", "dev.eos.spi.SinkDataException")
                .containsEntry("eos.error.reason", "value contains \"poison\"");
    }

    @Test
    void withToleranceNoneABadRecordFailsThePartitionWithItsReason() {
        SinkBinding sinks = sinks();
        List<RecordOrError> input = events(Format.JSON, "position", "{\"ok\":true}", "[1,2]");

        assertThatThrownBy(() -> RetryingPartitionWrite.run(sinks, CONTEXT, input.iterator()))
                .isInstanceOf(SinkException.class)
                .hasMessageContaining("Bad record \"file:/in/a.txt/0/2\" at file:/in/a.txt/0/2: not a JSON object: the value is array")
                .hasMessageContaining("eos.errors.tolerance=all");
        assertThat(MemorySinkDouble.store(store)).isEmpty();
    }

    @Test
    void writingTheSamePartitionAgainCountsDuplicates() {
        SinkBinding sinks = sinks();
        RetryingPartitionWrite.run(sinks, CONTEXT, events(Format.RAW, "position", "a", "b").iterator());

        PartitionCounts again = RetryingPartitionWrite.run(sinks, CONTEXT, events(Format.RAW, "position", "a", "b").iterator());

        assertThat(again).isEqualTo(new PartitionCounts(2, 0, 2, 0));
    }
}
