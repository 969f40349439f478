package dev.eos.connector.jdbc;

import dev.eos.spi.ConfigException;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Configuration problems are found before any connection is made, all at once, without showing secrets. */
class JdbcSinkConfigTest {

    private static Map<String, String> props(String... keyValues) {
        Map<String, String> out = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            out.put("eos.sink.jdbc." + keyValues[i], keyValues[i + 1]);
        }
        return out;
    }

    @Test
    void everyMissingAndInvalidOptionIsReportedAtOnce() {
        assertThatThrownBy(() -> Sinks.create(props("batch-size", "0", "mode", "merge")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .contains("Missing required configuration \"eos.sink.jdbc.url\"",
                                "Missing required configuration \"eos.sink.jdbc.table\"",
                                "Missing required configuration \"eos.sink.jdbc.key-columns\"")
                        .anySatisfy(p -> assertThat(p).contains("eos.sink.jdbc.batch-size").contains("must be at least 1"))
                        .anySatisfy(p -> assertThat(p).contains("eos.sink.jdbc.mode").contains("insert-if-absent, procedure, upsert")));
    }

    @Test
    void crossOptionProblemsAreReportedTogether() {
        assertThatThrownBy(() -> Sinks.create(props("url", "jdbc:postgresql://db/app", "table", "events",
                "key-columns", "id", "mode", "procedure", "procedure-table-type", "dbo.Rows", "create-table", "true",
                "pool.min-idle", "9", "pool.max-size", "2")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactlyInAnyOrder(
                        "Missing configuration \"eos.sink.jdbc.procedure\", required when \"eos.sink.jdbc.mode=procedure\"",
                        "Configuration \"eos.sink.jdbc.procedure-table-type\" (a table-valued parameter) needs SQL Server (a jdbc:sqlserver: URL)",
                        "Configuration \"eos.sink.jdbc.create-table=true\" needs \"eos.sink.jdbc.columns\" to say which columns to create",
                        "Invalid value 9 for configuration \"eos.sink.jdbc.pool.min-idle\": must not exceed \"eos.sink.jdbc.pool.max-size\" (2)"));
    }

    @Test
    void upsertNeedsAVersionAndTheUpsertOptionsNeedModeUpsert() {
        assertThatThrownBy(() -> Sinks.create(props("url", "jdbc:h2:mem:x", "table", "events", "key-columns", "id",
                "mode", "upsert")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement()
                        .asString().startsWith("Missing configuration \"eos.sink.jdbc.version\", required when \"eos.sink.jdbc.mode=upsert\""));
        assertThatThrownBy(() -> Sinks.create(props("url", "jdbc:h2:mem:x", "table", "events", "key-columns", "id",
                "version", "ver=position.offset", "delete-on-null", "true")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactlyInAnyOrder(
                        "Configuration \"eos.sink.jdbc.version\" applies only with \"eos.sink.jdbc.mode=upsert\"",
                        "Configuration \"eos.sink.jdbc.delete-on-null\" applies only with \"eos.sink.jdbc.mode=upsert\""));
        assertThatThrownBy(() -> Sinks.create(props("url", "jdbc:h2:mem:x", "table", "events", "key-columns", "id",
                "write-path", "sideways")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement()
                        .asString().contains("eos.sink.jdbc.write-path", "bulk, statement"));
    }

    @Test
    void theVersionIsOneColumnOfTheRecordGrammarAndJoinsTheMapping() {
        JdbcSinkConfig byName = JdbcSinkConfig.from(JdbcSinkOptions.SPEC.parse(JdbcSinkOptions.PREFIX,
                props("url", "jdbc:h2:mem:x", "table", "events", "key-columns", "id", "mode", "upsert",
                        "version", "ver=position.offset")));
        assertThat(byName.columns()).isEmpty();
        assertThat(byName.versionColumn()).isEqualTo("ver");
        assertThat(byName.versionSource().text()).isEqualTo("position.offset");

        JdbcSinkConfig mapped = JdbcSinkConfig.from(JdbcSinkOptions.SPEC.parse(JdbcSinkOptions.PREFIX,
                props("url", "jdbc:h2:mem:x", "table", "events", "key-columns", "id", "mode", "upsert",
                        "columns", "id=key,amount", "version", "ver=event-time")));
        assertThat(mapped.columns()).containsKeys("id", "amount", "ver");
        assertThat(mapped.columns().get("ver").text()).isEqualTo("event-time");

        assertThatThrownBy(() -> Sinks.create(props("url", "jdbc:h2:mem:x", "table", "events", "key-columns", "id",
                "mode", "upsert", "columns", "id=key,ver=field.v", "version", "ver=position.offset")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement()
                        .asString().contains("eos.sink.jdbc.version", "column ver is mapped to field.v"));
        assertThatThrownBy(() -> Sinks.create(props("url", "jdbc:h2:mem:x", "table", "events", "key-columns", "id",
                "mode", "upsert", "version", "ver=@nonsense")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement()
                        .asString().contains("eos.sink.jdbc.version", "@nonsense"));
    }

    @Test
    void aMappingThatDoesNotWriteTheKeyOrNamesAnUnknownSourceIsRefused() {
        assertThatThrownBy(() -> Sinks.create(props("url", "jdbc:h2:mem:x", "table", "events", "key-columns", "id",
                "columns", "body=@value,at=@when")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .anySatisfy(p -> assertThat(p).contains("\"eos.sink.jdbc.columns\"",
                                "entry \"at=@when\": \"@when\" is not a record expression (allowed here: key, value"))
                        .anySatisfy(p -> assertThat(p).contains("Key column id").contains("id=key")));
    }

    @Test
    void columnsAreColumnEqualsExpressionAndOldSourcesAreStillAccepted() {
        Map<String, ValueSource> columns = JdbcSinkConfig.from(JdbcSinkOptions.SPEC.parse(JdbcSinkOptions.PREFIX,
                props("url", "jdbc:h2:mem:x", "table", "events", "key-columns", "id", "columns",
                        "id=key,body=@value,off=@offset,src=position.source,t=header.trace,amount,c=customer")))
                .columns();

        assertThat(columns).hasToString("{id=key, body=value, off=position.offset, src=position.source, "
                + "t=header.trace, amount=field.amount, c=field.customer}");
    }

    @Test
    void batchExpressionsAreNotColumnSources() {
        assertThatThrownBy(() -> Sinks.create(props("url", "jdbc:h2:mem:x", "table", "events", "key-columns", "id",
                "columns", "id=key,p=partition")))
                .hasMessageContaining("\"partition\" (partition) cannot be used here");
    }

    @Test
    void theUrlIsASecretBecauseItCanCarryAPassword() {
        assertThatThrownBy(() -> Sinks.create(props("url", "postgres://u:pw-in-url@db/app", "table", "t", "key-columns", "k")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Invalid value [hidden] for configuration \"eos.sink.jdbc.url\": must start with jdbc:")
                .hasMessageNotContaining("pw-in-url");
        assertThat(JdbcSinkOptions.SPEC.parse(JdbcSinkOptions.PREFIX, props("url", "jdbc:h2:mem:x;PASSWORD=pw-in-url",
                "table", "t", "key-columns", "k", "password", "pw-option")).toString())
                .doesNotContain("pw-in-url").doesNotContain("pw-option");
    }

    @Test
    void credentialsAreRedactedFromUrlsOfEveryDriver() {
        assertThat(Redaction.url("jdbc:sqlserver://db:1433;databaseName=app;user=u;password=s3cr;encrypt=true"))
                .isEqualTo("jdbc:sqlserver://db:1433;databaseName=app;user=u;password=[hidden];encrypt=true");
        assertThat(Redaction.url("jdbc:postgresql://db/app?user=u&password=s3cr&sslpassword=k3y"))
                .isEqualTo("jdbc:postgresql://db/app?user=u&password=[hidden]&sslpassword=[hidden]");
        assertThat(Redaction.url("jdbc:mysql://u:s3cr@db:3306/app")).isEqualTo("jdbc:mysql://u:[hidden]@db:3306/app");
        assertThat(Redaction.url("jdbc:h2:mem:x;PASSWORD=s3cr")).isEqualTo("jdbc:h2:mem:x;PASSWORD=[hidden]");
        assertThat(Redaction.text("login to jdbc:sqlserver://db;Pwd=s3cr failed for s3cr", null, "s3cr"))
                .doesNotContain("s3cr");
    }
}
