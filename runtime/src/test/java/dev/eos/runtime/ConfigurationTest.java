package dev.eos.runtime;

import dev.eos.runtime.config.ConfigLoader;
import dev.eos.runtime.config.JobConfig;
import dev.eos.spi.ConfigException;
import dev.eos.spi.host.ConfigDocs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigurationTest {

    @TempDir
    Path dir;

    private Path config(String... lines) throws IOException {
        Path file = dir.resolve("job.properties");
        Files.write(file, List.of(lines));
        return file;
    }

    private record Run(int code, String out, String err) {
    }

    private static Run main(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void commandLineArgumentsOverrideSparkConfWhichOverridesTheFile() throws IOException {
        Path file = config("eos.sink=from-file", "eos.source=files", "eos.batch.interval=1s", "spark.master=local[1]");

        Map<String, String> merged = ConfigLoader.load(file, List.of("eos.batch.interval=3s"),
                Map.of("spark.eos.sink", "from-spark-conf", "spark.eos.batch.interval", "2s"));

        assertThat(merged).containsEntry("eos.sink", "from-spark-conf")
                .containsEntry("eos.batch.interval", "3s")
                .containsEntry("eos.source", "files")
                .containsEntry("spark.master", "local[1]");
        assertThat(ConfigLoader.sparkKeys(merged)).containsOnlyKeys("spark.master");
    }

    @Test
    void helpIsNotAConfigurationFile() {
        Run run = main("run", "--help");
        assertThat(run.code()).isZero();
        assertThat(run.out()).contains("Usage: eos <command>");
    }

    @Test
    void everyProblemOfJobSourceAndSinkIsReportedAtOnce() throws IOException {
        Path file = config(
                "eos.source=files",
                "eos.sink=memory-double",
                "eos.batch.interval=soon",
                "eos.checkpiont.dir=/tmp/x",
                "eos.sink.memory-double.retriable-failures=many",
                "eos.source.files.remember=forever");

        assertThatThrownBy(() -> JobConfig.validate(ConfigLoader.load(file, List.of(), Map.of())))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactlyInAnyOrder(
                        JobConfig.NO_CHECKPOINT,
                        "Invalid value soon for configuration \"eos.batch.interval\": not a duration (examples: 500ms, 5s, 2m, 1h)",
                        "Unknown configuration \"eos.checkpiont.dir\" (did you mean \"eos.checkpoint.dir\"?)",
                        "Missing required configuration \"eos.source.files.path\"",
                        "Invalid value forever for configuration \"eos.source.files.remember\": not a duration (examples: 500ms, 5s, 2m, 1h)",
                        "Missing required configuration \"eos.sink.memory-double.store\"",
                        "Invalid value many for configuration \"eos.sink.memory-double.retriable-failures\": not an integer"));
    }

    @Test
    void validateExitsWithTwoNamingTheMissingCheckpointAndTheUnknownSinkWithTheSinksFound() throws IOException {
        Path file = config("eos.source=files", "eos.source.files.path=" + dir, "eos.sink=nosuch");

        Run run = main("validate", file.toString());

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err())
                .contains("(2 problems)")
                .contains("Missing required configuration \"eos.checkpoint.dir\": without a checkpoint directory exactly-once is impossible")
                .contains("Unknown sink \"nosuch\" for configuration \"eos.sink\"; sinks found: ")
                .contains("memory-double")
                .doesNotContain("Exception")
                .doesNotContain("\tat ");
    }

    @Test
    void validateChecksCrossOptionRulesAndTheDeadLetterSink() throws IOException {
        Path file = config("eos.source=files", "eos.source.files.path=" + dir, "eos.checkpoint.dir=" + dir,
                "eos.sink=memory-double", "eos.sink.memory-double.store=s", "eos.key=field:id",
                "eos.errors.tolerance=all", "eos.batch.interval=2s", "eos.checkpoint.interval=3s");

        Run run = main("validate", file.toString(), "eos.errors.dead-letter.sink=nowhere");

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err())
                .contains("Invalid value field:id for configuration \"eos.key\": a key field needs eos.format=json")
                .contains("Unknown sink \"nowhere\" for configuration \"eos.errors.dead-letter.sink\"")
                .contains("Invalid value 3s for configuration \"eos.checkpoint.interval\": must be a multiple of eos.batch.interval (2s)");
    }

    @Test
    void theChecksASinkMakesWhenItIsCreatedAreReportedWithEveryOtherProblem() throws IOException {
        Path file = config("eos.source=files", "eos.source.files.path=" + dir, "eos.sink=memory-double",
                "eos.sink.memory-double.store=forbidden");

        Run run = main("validate", file.toString());

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err())
                .contains("(2 problems)")
                .contains("Missing required configuration \"eos.checkpoint.dir\"")
                .contains("Invalid value forbidden for configuration \"eos.sink.memory-double.store\": reserved name");
    }

    @Test
    void overflowingNegativeAndOutOfRangeValuesAreProblemsNamingTheirKeys() throws IOException {
        Path file = config("eos.source=files", "eos.source.files.path=" + dir, "eos.checkpoint.dir=" + dir,
                "eos.sink=memory-double", "eos.sink.memory-double.store=s",
                "eos.batch.interval=9999999999999999d", "eos.retry.backoff=-5s", "eos.retry.attempts=99999999999",
                "eos.checkpoint.interval=3650d");

        Run run = main("validate", file.toString());

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err())
                .contains("(4 problems)")
                .contains("Invalid value 9999999999999999d for configuration \"eos.batch.interval\": too long")
                .contains("Invalid value -5s for configuration \"eos.retry.backoff\": a duration cannot be negative")
                .contains("Invalid value 99999999999 for configuration \"eos.retry.attempts\": out of range")
                .contains("Invalid value 3650d for configuration \"eos.checkpoint.interval\": must be at most 30d")
                .doesNotContain("Exception")
                .doesNotContain("\tat ");
    }

    @Test
    void aKeyGivenTwiceIsReportedWithTheProblemsOfTheValuesThatWereRead() throws IOException {
        Path file = config("eos.source=files", "eos.source.files.path=" + dir, "eos.checkpoint.dir=" + dir,
                "eos.sink=memory-double", "eos.sink.memory-double.store=s", "eos.retry.backoff=-1s",
                "eos.sink=files");

        Run run = main("validate", file.toString());

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("(2 problems)")
                .contains("Configuration \"eos.sink\" is given twice in file " + file + ", on lines 4 and 7; keep one")
                .contains("Invalid value -1s for configuration \"eos.retry.backoff\": a duration cannot be negative");
    }

    @Test
    void anAbsurdButLegalBatchIntervalIsValidWithAWarningNamingTheKey() throws IOException {
        Path file = config("eos.source=files", "eos.source.files.path=" + dir, "eos.checkpoint.dir=" + dir,
                "eos.sink=memory-double", "eos.sink.memory-double.store=s", "eos.batch.interval=2d");

        Run run = main("validate", file.toString());

        assertThat(run.code()).isZero();
        assertThat(run.err()).contains("WARNING: Value 2d for configuration \"eos.batch.interval\" is unusually large "
                + "(over 1d)");
    }

    @Test
    void validateRunsTheSinksPreflight() throws IOException {
        Path file = config("eos.source=files", "eos.source.files.path=" + dir, "eos.checkpoint.dir=" + dir,
                "eos.sink=memory-double", "eos.sink.memory-double.store=preflight");

        assertThat(main("validate", file.toString()).code()).isZero();
        Run failing = main("validate", file.toString(), "eos.sink.memory-double.fail-preflight=true");
        assertThat(failing.code()).isEqualTo(2);
        assertThat(failing.err()).contains("Store preflight is not writable");
    }

    @Test
    void secretsNeverAppearInProblemsOrTheLoggedConfiguration() throws IOException {
        Path file = config("eos.source=files", "eos.source.files.path=" + dir, "eos.checkpoint.dir=" + dir,
                "eos.sink=memory-double", "eos.sink.memory-double.store=s",
                "eos.sink.memory-double.token=hunter2-secret-value", "eos.sink.memory-double.tokn=hunter3-secret-value");

        Run run = main("validate", file.toString());
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("eos.sink.memory-double.tokn").doesNotContain("hunter");

        Path fixed = config("eos.source=files", "eos.source.files.path=" + dir, "eos.checkpoint.dir=" + dir,
                "eos.sink=memory-double", "eos.sink.memory-double.store=s",
                "eos.sink.memory-double.token=hunter2-secret-value");
        JobConfig valid = JobConfig.validate(ConfigLoader.load(fixed, List.of(), Map.of()));
        assertThat(valid.describe()).contains("eos.sink.memory-double.token=[hidden]").doesNotContain("hunter2");
    }

    @Test
    void aMissingFileAndMalformedArgumentsAreProblemsToo() {
        Run run = main("run", dir.resolve("absent.properties").toString(), "no-equals-sign");

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("absent.properties not found").contains("Invalid argument \"no-equals-sign\"");
    }

    @Test
    void sinksListsEachSinkWithItsOptions() {
        Run run = main("sinks");

        assertThat(run.code()).isZero();
        assertThat(run.out())
                .contains("memory-double: In-memory test double")
                .contains("eos.sink.memory-double.store (required, string)")
                .contains("eos.sink.memory-double.retriable-failures (optional, int, default 0)")
                .contains("eos.sink.memory-double.token (optional, secret)")
                .contains(ConfigDocs.renderText(ConfigDocs.sinkSection(new MemorySinkDouble())));
    }
}
