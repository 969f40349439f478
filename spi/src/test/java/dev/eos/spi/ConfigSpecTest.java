package dev.eos.spi;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ConfigSpecTest {

    enum Mode { INSERT_IF_ABSENT, MERGE }

    static final String PREFIX = "eos.sink.test.";
    static final String CANARY = "s3cr3t-CANARY-value";

    static final ConfigOption<String> URL = ConfigOption.stringOption("url").required().description("Where to write.");
    static final ConfigOption<Integer> BATCH_SIZE = ConfigOption.intOption("batch-size").defaultValue(1000)
            .check(n -> n > 0, "must be positive");
    static final ConfigOption<Long> MAX_BYTES = ConfigOption.longOption("max-bytes").defaultValue(10L);
    static final ConfigOption<Boolean> CREATE = ConfigOption.booleanOption("create-table").defaultValue(false);
    static final ConfigOption<Duration> TIMEOUT = ConfigOption.durationOption("timeout").defaultValue(Duration.ofSeconds(30));
    static final ConfigOption<Mode> MODE = ConfigOption.enumOption("mode", Mode.class).defaultValue(Mode.MERGE);
    static final ConfigOption<List<String>> COLUMNS = ConfigOption.listOption("columns");
    static final ConfigOption<Secret> PASSWORD = ConfigOption.secretOption("password")
            .check(s -> s.reveal().length() >= 4, "must have at least 4 characters");

    static final ConfigSpec SPEC = ConfigSpec.builder()
            .add(URL, BATCH_SIZE, MAX_BYTES, CREATE, TIMEOUT, MODE, COLUMNS, PASSWORD)
            .passThrough("client.", "Handed to the client library as they are.")
            .build();

    private static Map<String, String> props(String... keyValues) {
        Map<String, String> out = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            out.put(PREFIX + keyValues[i], keyValues[i + 1]);
        }
        return out;
    }

    private static ConfigException failure(Map<String, String> properties) {
        return catchThrowableOfType(ConfigException.class, () -> SPEC.parse(PREFIX, properties));
    }

    @Nested
    class Parsing {

        @Test
        void everyTypeParsesItsTextForm() {
            Config config = SPEC.parse(PREFIX, props(
                    "url", "  jdbc:h2:mem:x  ",
                    "batch-size", "250",
                    "max-bytes", "5000000000",
                    "create-table", "TRUE",
                    "timeout", "1500ms",
                    "mode", "insert-if-absent",
                    "columns", "a, b,,c ",
                    "password", CANARY));

            assertThat(config.get(URL)).isEqualTo("jdbc:h2:mem:x");
            assertThat(config.get(BATCH_SIZE)).isEqualTo(250);
            assertThat(config.get(MAX_BYTES)).isEqualTo(5_000_000_000L);
            assertThat(config.get(CREATE)).isTrue();
            assertThat(config.get(TIMEOUT)).isEqualTo(Duration.ofMillis(1500));
            assertThat(config.get(MODE)).isEqualTo(Mode.INSERT_IF_ABSENT);
            assertThat(config.get(COLUMNS)).containsExactly("a", "b", "c");
            assertThat(config.get(PASSWORD).reveal()).isEqualTo(CANARY);
        }

        @Test
        void durationsAcceptShortUnitsAndIso8601() {
            assertThat(ConfigOption.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
            assertThat(ConfigOption.parseDuration("5s")).isEqualTo(Duration.ofSeconds(5));
            assertThat(ConfigOption.parseDuration("2m")).isEqualTo(Duration.ofMinutes(2));
            assertThat(ConfigOption.parseDuration("2min")).isEqualTo(Duration.ofMinutes(2));
            assertThat(ConfigOption.parseDuration("1h")).isEqualTo(Duration.ofHours(1));
            assertThat(ConfigOption.parseDuration("1d")).isEqualTo(Duration.ofDays(1));
            assertThat(ConfigOption.parseDuration("PT5S")).isEqualTo(Duration.ofSeconds(5));
        }

        @Test
        void enumAcceptsConstantNameInAnyCaseWithUnderscores() {
            assertThat(MODE.parse("INSERT_IF_ABSENT")).isEqualTo(Mode.INSERT_IF_ABSENT);
            assertThat(MODE.allowedValues()).containsExactly("insert-if-absent", "merge");
        }

        @Test
        void defaultsApplyWhenAbsentAndAreNotReportedAsSet() {
            Config config = SPEC.parse(PREFIX, props("url", "x"));

            assertThat(config.get(BATCH_SIZE)).isEqualTo(1000);
            assertThat(config.get(TIMEOUT)).isEqualTo(Duration.ofSeconds(30));
            assertThat(config.get(MODE)).isEqualTo(Mode.MERGE);
            assertThat(config.get(COLUMNS)).isNull();
            assertThat(config.getOptional(PASSWORD)).isEmpty();
            assertThat(config.isSet(BATCH_SIZE)).isFalse();
            assertThat(config.isSet(URL)).isTrue();
        }

        @Test
        void defaultsAreShownAsAUserWouldWriteThem() {
            assertThat(TIMEOUT.defaultText()).isEqualTo("30s");
            assertThat(MODE.defaultText()).isEqualTo("merge");
            assertThat(BATCH_SIZE.defaultText()).isEqualTo("1000");
            assertThat(COLUMNS.defaultText()).isNull();
        }

        @Test
        void keysOutsideThePrefixAreIgnored() {
            Map<String, String> properties = props("url", "x");
            properties.put("eos.sink.other.url", "y");
            properties.put("eos.source", "kafka");

            assertThat(SPEC.parse(PREFIX, properties).get(URL)).isEqualTo("x");
        }

        @Test
        void passThroughKeysAreAcceptedAndHandedOnWithoutTheirPrefix() {
            Config config = SPEC.parse(PREFIX, props("url", "x", "client.fs.defaultFS", "file:///", "client.retries", "3"));

            assertThat(config.passThrough("client.")).containsOnly(
                    Map.entry("fs.defaultFS", "file:///"), Map.entry("retries", "3"));
        }

        @Test
        void anOptionNotInTheSpecCannotBeRead() {
            Config config = SPEC.parse(PREFIX, props("url", "x"));

            assertThatThrownBy(() -> config.get(ConfigOption.stringOption("other")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("other");
        }
    }

    @Nested
    class Problems {

        @Test
        void missingRequiredKeyIsNamedInFull() {
            ConfigException e = failure(props());

            assertThat(e.problems()).containsExactly("Missing required configuration \"eos.sink.test.url\"");
        }

        @Test
        void blankRequiredValueCountsAsMissing() {
            assertThat(failure(props("url", "  ")).problems())
                    .containsExactly("Missing required configuration \"eos.sink.test.url\"");
        }

        @Test
        void badValueOfEachTypeNamesKeyValueAndReason() {
            ConfigException e = failure(props(
                    "url", "x",
                    "batch-size", "many",
                    "max-bytes", "1.5",
                    "create-table", "yes",
                    "timeout", "soon",
                    "mode", "upsert"));

            assertThat(e.problems()).containsExactlyInAnyOrder(
                    "Invalid value many for configuration \"eos.sink.test.batch-size\": not an integer",
                    "Invalid value 1.5 for configuration \"eos.sink.test.max-bytes\": not a long integer",
                    "Invalid value yes for configuration \"eos.sink.test.create-table\": must be true or false",
                    "Invalid value soon for configuration \"eos.sink.test.timeout\": not a duration (examples: 500ms, 5s, 2m, 1h)",
                    "Invalid value upsert for configuration \"eos.sink.test.mode\": must be one of insert-if-absent, merge");
        }

        @Test
        void ruleViolationReportsTheRulesReason() {
            assertThat(failure(props("url", "x", "batch-size", "0")).problems())
                    .containsExactly("Invalid value 0 for configuration \"eos.sink.test.batch-size\": must be positive");
        }

        @Test
        void unknownKeyCloseToAnOptionSuggestsIt() {
            assertThat(failure(props("url", "x", "bach-size", "5")).problems()).containsExactly(
                    "Unknown configuration \"eos.sink.test.bach-size\" (did you mean \"eos.sink.test.batch-size\"?)");
        }

        @Test
        void unknownKeyFarFromEveryOptionIsReportedWithoutSuggestion() {
            assertThat(failure(props("url", "x", "completely-different", "5")).problems())
                    .containsExactly("Unknown configuration \"eos.sink.test.completely-different\"");
        }

        @Test
        void everyProblemIsReportedAtOnceOnePerLine() {
            ConfigException e = failure(props("batch-size", "-1", "timeout", "later", "colums", "a"));

            assertThat(e.problems()).hasSize(4);
            assertThat(e.getMessage().split(System.lineSeparator())).hasSize(4);
            assertThat(e.getMessage())
                    .contains("eos.sink.test.url", "eos.sink.test.batch-size", "eos.sink.test.timeout", "eos.sink.test.colums");
        }
    }

    @Nested
    class Secrets {

        @Test
        void invalidSecretIsReportedWithoutItsValue() {
            ConfigException e = failure(props("url", "x", "password", "abc"));

            assertThat(e.problems()).containsExactly(
                    "Invalid value [hidden] for configuration \"eos.sink.test.password\": must have at least 4 characters");
        }

        @Test
        void blankSecretIsRefusedNotTakenAsEmpty() {
            ConfigException e = failure(props("url", "x", "password", "  "));

            assertThat(e.problems()).containsExactly(
                    "Invalid value [hidden] for configuration \"eos.sink.test.password\": must not be blank");
            assertThat(failure(props("url", "x", "password", "")).problems()).containsExactly(
                    "Invalid value [hidden] for configuration \"eos.sink.test.password\": must not be blank");
        }

        @Test
        void secretsNeverAppearInMessagesOrToString() {
            ConfigException e = failure(props("password", CANARY, "client.sas-token", CANARY, "pasword", CANARY));
            assertThat(e.getMessage()).doesNotContain(CANARY).contains("eos.sink.test.pasword");

            Config config = SPEC.parse(PREFIX, props("url", "x", "password", CANARY,
                    "client.account-key", CANARY, "client.connectionString", CANARY, "client.retries", "3"));
            assertThat(config.toString())
                    .doesNotContain(CANARY)
                    .contains("password=[hidden]", "client.account-key=[hidden]", "client.retries=3", "url=x");
        }

        @Test
        void secretPrintsHiddenAndRevealsOnlyOnRequest() {
            Secret secret = new Secret(CANARY);

            assertThat(secret).hasToString("[hidden]");
            assertThat(String.valueOf(List.of(secret))).doesNotContain(CANARY);
            assertThat(secret.reveal()).isEqualTo(CANARY);
        }

        @Test
        void credentialLookingNamesAreRecognised() {
            assertThat(List.of("password", "ssl.truststore.password", "sasl.jaas.config", "sas-token",
                    "account-key", "fs.azure.account.key.x.blob.core.windows.net", "connection-string", "client-secret",
                    "fs.azure.sas.fixed.token", "sas"))
                    .allMatch(ConfigSpec::looksSecret);
            assertThat(List.of("url", "retries", "fs.defaultFS", "batch-size", "sasl.mechanism",
                    "sasl.kerberos.service.name")).noneMatch(ConfigSpec::looksSecret);
        }

        @Test
        void anAddressOptionIsSecretOnlyInItsCredentialsKeepsItsOtherAttributesAndMustBeASecret() {
            ConfigOption<Secret> url = ConfigOption.secretOption("url").required().secretOnlyInCredentials()
                    .description("The URL.");

            assertThat(url.isSecret()).isTrue();
            assertThat(url.isSecretOnlyInCredentials()).isTrue();
            assertThat(url.isRequired()).isTrue();
            assertThat(url.description()).isEqualTo("The URL.");
            assertThat(ConfigOption.secretOption("password").isSecretOnlyInCredentials()).isFalse();
            assertThatThrownBy(() -> ConfigOption.stringOption("endpoint").secretOnlyInCredentials())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("endpoint");
        }

        @Test
        void aSecretCannotHaveADefault() {
            assertThatThrownBy(() -> ConfigOption.secretOption("key").defaultValue(new Secret("x")))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class Declaration {

        @Test
        void optionNamesMustBeLowerCaseHyphenated() {
            assertThatThrownBy(() -> ConfigOption.stringOption("batchSize")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> ConfigOption.stringOption("batch_size")).isInstanceOf(IllegalArgumentException.class);
            assertThat(ConfigOption.stringOption("bulk-flush.max-actions").name()).isEqualTo("bulk-flush.max-actions");
        }

        @Test
        void anOptionCannotBeDeclaredTwice() {
            assertThatThrownBy(() -> ConfigSpec.of(URL, ConfigOption.intOption("url")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("url");
        }

        @Test
        void passThroughPrefixMustEndWithADot() {
            assertThatThrownBy(() -> ConfigSpec.builder().passThrough("hadoop", "x"))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void withMethodsKeepEveryOtherAttribute() {
            ConfigOption<Integer> option = ConfigOption.intOption("n").description("N.").defaultValue(3).check(n -> n < 10, "too big");

            assertThat(option.description()).isEqualTo("N.");
            assertThat(option.defaultValue()).isEqualTo(3);
            assertThatThrownBy(() -> option.parse("11")).hasMessage("too big");
            assertThat(option.required().description()).isEqualTo("N.");
            assertThat(option.required().isRequired()).isTrue();
        }
    }

    @Nested
    class Bounds {

        final ConfigOption<Duration> interval = ConfigOption.durationOption("interval")
                .defaultValue(Duration.ofSeconds(5)).min(Duration.ofMillis(1)).max(Duration.ofDays(30))
                .warnAbove(Duration.ofDays(1), "a batch is cut less than once a day");
        final ConfigOption<Integer> count = ConfigOption.intOption("count").defaultValue(5).min(0).max(100);
        final ConfigSpec spec = ConfigSpec.of(interval, count, TIMEOUT, MAX_BYTES);

        private List<String> problems(String... keyValues) {
            return catchThrowableOfType(ConfigException.class, () -> spec.parse(PREFIX, props(keyValues))).problems();
        }

        @Test
        void aDurationThatOverflowsIsRefusedNamingTheKeyNotThrown() {
            assertThat(problems("timeout", "9999999999999999d", "interval", "99999999999999999999999s")).containsExactlyInAnyOrder(
                    "Invalid value 9999999999999999d for configuration \"eos.sink.test.timeout\": too long: a duration "
                            + "is at most 9223372036854775807ms (about 292471208 years)",
                    "Invalid value 99999999999999999999999s for configuration \"eos.sink.test.interval\": too long: a "
                            + "duration is at most 9223372036854775807ms (about 292471208 years)");
        }

        @Test
        void anIsoDurationThatOverflowsIsRefusedToo() {
            assertThat(problems("timeout", "PT9223372036854775807S")).singleElement().asString()
                    .startsWith("Invalid value PT9223372036854775807S for configuration \"eos.sink.test.timeout\": too long");
        }

        @Test
        void aNegativeDurationIsRefusedEvenWithoutADeclaredMinimum() {
            assertThat(problems("timeout", "PT-5S", "interval", "-5s")).containsExactlyInAnyOrder(
                    "Invalid value PT-5S for configuration \"eos.sink.test.timeout\": a duration cannot be negative",
                    "Invalid value -5s for configuration \"eos.sink.test.interval\": a duration cannot be negative");
        }

        @Test
        void aNumberThatDoesNotFitItsTypeSaysSo() {
            assertThat(problems("count", "99999999999", "max-bytes", "-99999999999999999999")).containsExactlyInAnyOrder(
                    "Invalid value 99999999999 for configuration \"eos.sink.test.count\": out of range: at most 2147483647",
                    "Invalid value -99999999999999999999 for configuration \"eos.sink.test.max-bytes\": out of range: "
                            + "at least -9223372036854775808");
        }

        @Test
        void valuesOutsideTheDeclaredRangeAreRefusedWithTheBound() {
            assertThat(problems("interval", "0ms", "count", "-1")).containsExactly(
                    "Invalid value 0ms for configuration \"eos.sink.test.interval\": must be at least 1ms",
                    "Invalid value -1 for configuration \"eos.sink.test.count\": must be at least 0");
            assertThat(problems("interval", "31d", "count", "101")).containsExactly(
                    "Invalid value 31d for configuration \"eos.sink.test.interval\": must be at most 30d",
                    "Invalid value 101 for configuration \"eos.sink.test.count\": must be at most 100");
        }

        @Test
        void anAbsurdButLegalValueIsAcceptedWithAWarningNamingTheKey() {
            Config config = spec.parse(PREFIX, props("interval", "2d"));

            assertThat(config.get(interval)).isEqualTo(Duration.ofDays(2));
            assertThat(config.warnings()).containsExactly("Value 2d for configuration \"eos.sink.test.interval\" is "
                    + "unusually large (over 1d): a batch is cut less than once a day");
            assertThat(spec.parse(PREFIX, props("interval", "1d")).warnings()).isEmpty();
        }

        @Test
        void theRangeIsShownInWords() {
            assertThat(interval.rangeText()).isEqualTo("1ms to 30d");
            assertThat(ConfigOption.intOption("n").min(1).rangeText()).isEqualTo("at least 1");
            assertThat(ConfigOption.intOption("n").rangeText()).isEmpty();
        }

        @Test
        void aDefaultOutsideTheRangeOrARangeOnAStringIsADeclarationError() {
            assertThatThrownBy(() -> ConfigOption.intOption("n").min(1).defaultValue(0))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> ConfigOption.intOption("n").defaultValue(0).min(1))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> ConfigOption.stringOption("s").max("z"))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
