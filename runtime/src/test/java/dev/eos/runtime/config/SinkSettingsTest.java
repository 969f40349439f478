package dev.eos.runtime.config;

import dev.eos.runtime.config.JobOptions.Tolerance;
import dev.eos.spi.ConfigException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The one parse of the sink side's keys, its rules and their wording; the sink is the test double memory-double. */
class SinkSettingsTest {

    private static Map<String, String> config(String... keyValues) {
        Map<String, String> p = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            p.put(keyValues[i], keyValues[i + 1]);
        }
        return p;
    }

    private static List<String> problems(Map<String, String> properties) {
        try {
            SinkSettings.parse(properties);
        } catch (ConfigException e) {
            return e.problems();
        }
        throw new AssertionError("expected a ConfigException");
    }

    @Test
    void aSinkAloneGetsTheDefaultsAndNoDeadLetterSink() {
        SinkSettings s = SinkSettings.parse(config("eos.sink", "memory-double", "eos.sink.memory-double.store", "s"));

        assertThat(s.sink()).isEqualTo("memory-double");
        assertThat(s.sinkOptions()).containsExactly(Map.entry("eos.sink.memory-double.store", "s"));
        assertThat(s.sinkPrefix()).isEqualTo("eos.sink.memory-double.");
        assertThat(s.deadLetterSink()).isNull();
        assertThat(s.deadLetterPrefix()).isNull();
        assertThat(s.deadLetterOptions()).isEmpty();
        assertThat(s.tolerance()).isEqualTo(Tolerance.NONE);
        assertThat(s.retryAttempts()).isEqualTo(5);
        assertThat(s.retryBackoff()).isEqualTo(Duration.ofMillis(200));
        assertThat(s.retryMaxBackoff()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.retryBufferRecords()).isEqualTo(100_000);
        assertThat(s.warnings()).isEmpty();
    }

    @Test
    void everyKeyIsReadAndEachSinkGetsOnlyItsOwnOptions() {
        SinkSettings s = SinkSettings.parse(config(
                "eos.sink", "memory-double",
                "eos.sink.memory-double.store", "main",
                "eos.sink.files.path", "/not/the/chosen/sink",
                "eos.errors.tolerance", "all",
                "eos.errors.dead-letter.sink", "memory-double",
                "eos.errors.dead-letter.memory-double.store", "dead",
                "eos.retry.attempts", "3",
                "eos.retry.backoff", "1s",
                "eos.retry.max-backoff", "1m",
                "eos.retry.buffer-records", "10",
                "eos.source", "files",
                "eos.checkpoint.dir", "/cp"));

        assertThat(s.sinkOptions()).containsExactly(Map.entry("eos.sink.memory-double.store", "main"));
        assertThat(s.deadLetterSink()).isEqualTo("memory-double");
        assertThat(s.deadLetterPrefix()).isEqualTo("eos.errors.dead-letter.memory-double.");
        assertThat(s.deadLetterOptions())
                .containsExactly(Map.entry("eos.errors.dead-letter.memory-double.store", "dead"));
        assertThat(s.tolerance()).isEqualTo(Tolerance.ALL);
        assertThat(s.retryAttempts()).isEqualTo(3);
        assertThat(s.retryBackoff()).isEqualTo(Duration.ofSeconds(1));
        assertThat(s.retryMaxBackoff()).isEqualTo(Duration.ofMinutes(1));
        assertThat(s.retryBufferRecords()).isEqualTo(10);
    }

    @Test
    void toleranceAllNeedsADeadLetterSink() {
        assertThat(problems(config("eos.sink", "memory-double", "eos.sink.memory-double.store", "s",
                "eos.errors.tolerance", "all")))
                .containsExactly("Invalid value all for configuration \"eos.errors.tolerance\": bad records need "
                        + "somewhere to go: set eos.errors.dead-letter.sink (bad records are never dropped silently)")
                .containsExactly(SinkSettings.TOLERANCE_ALL_NEEDS_DEAD_LETTER);
    }

    @Test
    void theMaximumBackoffMustNotBeShorterThanTheBackoff() {
        assertThat(problems(config("eos.sink", "memory-double", "eos.sink.memory-double.store", "s",
                "eos.retry.backoff", "2s", "eos.retry.max-backoff", "1500ms")))
                .containsExactly("Invalid value 1500ms for configuration \"eos.retry.max-backoff\": must not be "
                        + "shorter than eos.retry.backoff (2s)");
        assertThat(problems(config("eos.sink", "memory-double", "eos.sink.memory-double.store", "s",
                "eos.retry.backoff", "20s")))
                .as("against the default maximum, 10s")
                .containsExactly("Invalid value 10s for configuration \"eos.retry.max-backoff\": must not be "
                        + "shorter than eos.retry.backoff (20s)");
    }

    @Test
    void aDeadLetterSinkWithToleranceNoneIsValidButWarned() {
        SinkSettings s = SinkSettings.parse(config("eos.sink", "memory-double", "eos.sink.memory-double.store", "s",
                "eos.errors.dead-letter.sink", "memory-double", "eos.errors.dead-letter.memory-double.store", "d"));

        assertThat(s.warnings()).containsExactly("eos.errors.dead-letter.sink is set but eos.errors.tolerance=none: "
                + "a bad record stops the job and nothing is dead-lettered");
    }

    @Test
    void unknownSinksAreNamedWithTheKeyAndTheSinksFound() {
        List<String> problems = problems(config("eos.sink", "nosuch", "eos.errors.tolerance", "all",
                "eos.errors.dead-letter.sink", "nowhere"));

        assertThat(problems).hasSize(2);
        assertThat(problems.get(0)).startsWith("Unknown sink \"nosuch\" for configuration \"eos.sink\"; sinks found: ")
                .contains("memory-double");
        assertThat(problems.get(1))
                .startsWith("Unknown sink \"nowhere\" for configuration \"eos.errors.dead-letter.sink\"; sinks found: ");
    }

    @Test
    void everyProblemIsReportedAtOnceTheRulesIncludedWhenOtherKeysAreInvalid() {
        List<String> problems = problems(config(
                "eos.sink", "memory-double",
                "eos.errors.tolerance", "all",
                "eos.retry.attempts", "0",
                "eos.retry.buffer-records", "-1",
                "eos.retry.backoff", "2s",
                "eos.retry.max-backoff", "1s",
                "eos.retry.atempts", "3",
                "eos.errors.dead-letter.sink", "",
                "eos.sink.memory-double.retriable-failures", "many"));

        assertThat(problems).containsExactlyInAnyOrder(
                "Invalid value 0 for configuration \"eos.retry.attempts\": must be at least 1",
                "Invalid value -1 for configuration \"eos.retry.buffer-records\": must be at least 0",
                "Unknown configuration \"eos.retry.atempts\" (did you mean \"eos.retry.attempts\"?)",
                SinkSettings.TOLERANCE_ALL_NEEDS_DEAD_LETTER,
                "Invalid value 1s for configuration \"eos.retry.max-backoff\": must not be shorter than "
                        + "eos.retry.backoff (2s)",
                "Missing required configuration \"eos.sink.memory-double.store\"",
                "Invalid value many for configuration \"eos.sink.memory-double.retriable-failures\": not an integer");
    }

    @Test
    void aRuleWhoseInputIsInvalidIsNotCheckedTwice() {
        assertThat(problems(config("eos.sink", "memory-double", "eos.sink.memory-double.store", "s",
                "eos.retry.backoff", "soon", "eos.errors.tolerance", "sometimes")))
                .containsExactlyInAnyOrder(
                        "Invalid value soon for configuration \"eos.retry.backoff\": not a duration (examples: 500ms, "
                                + "5s, 2m, 1h)",
                        "Invalid value sometimes for configuration \"eos.errors.tolerance\": must be one of none, all");
    }

    @Test
    void aMissingSinkIsAMissingKey() {
        assertThat(problems(config("eos.retry.attempts", "2")))
                .containsExactly("Missing required configuration \"eos.sink\"");
    }

    @Test
    void theJobReportsTheSameProblemsOnceAndInTheSameWords() {
        Map<String, String> job = config("eos.source", "files", "eos.source.files.path", "/in",
                "eos.checkpoint.dir", "/cp", "eos.sink", "memory-double", "eos.sink.memory-double.store", "s",
                "eos.errors.tolerance", "all", "eos.retry.attempts", "0");

        assertThatThrownBy(() -> JobConfig.validate(job))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactly(
                        "Invalid value 0 for configuration \"eos.retry.attempts\": must be at least 1",
                        SinkSettings.TOLERANCE_ALL_NEEDS_DEAD_LETTER));
    }

    @Test
    void theJobHoldsTheParsedSettingsAndTheirWarnings() {
        Map<String, String> job = config("eos.source", "files", "eos.source.files.path", "/in",
                "eos.checkpoint.dir", "/cp", "eos.sink", "memory-double", "eos.sink.memory-double.store", "s",
                "eos.errors.dead-letter.sink", "memory-double", "eos.errors.dead-letter.memory-double.store", "d",
                "eos.retry.attempts", "2");

        JobConfig config = JobConfig.validate(job);

        assertThat(config.sinkSettings()).isEqualTo(SinkSettings.parse(job));
        assertThat(config.sinkSettings().retryAttempts()).isEqualTo(2);
        assertThat(config.warnings()).contains(SinkSettings.DEAD_LETTER_UNUSED);
    }

    @Test
    void theSettingsTravelSerializedAndNeverShowAnOptionsValue() throws Exception {
        SinkSettings s = SinkSettings.parse(config("eos.sink", "memory-double", "eos.sink.memory-double.store", "s",
                "eos.sink.memory-double.token", "hunter2-secret-value"));

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(s);
        }
        Object copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = in.readObject();
        }

        assertThat(copy).isEqualTo(s);
        assertThat(s.toString()).contains("eos.sink.memory-double.token").doesNotContain("hunter2");
    }

    @Test
    void theConfigurationPackageDoesNotDependOnTheRuntimePackage() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("src/main/java/dev/eos/runtime/config"))) {
            for (Path file : files.toList()) {
                assertThat(Files.readAllLines(file)).as(file.toString())
                        .noneMatch(line -> line.matches("import (static )?dev\\.eos\\.runtime\\.[A-Z].*"));
            }
        }
    }
}
