package dev.eos.runtime.scrub;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ScrubberTest {

    @Test
    void masksTheValuesOfSecretKeysWhereverTheyAppear() {
        Scrubber.remember(Map.of("eos.sink.jdbc.password", "Pw-secret-key-1",
                "eos.source.kafka.sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\" password=\"Jaas-pw-2\";"));

        assertThat(Scrubber.scrub("login failed for Pw-secret-key-1 (Jaas-pw-2)"))
                .isEqualTo("login failed for [hidden] ([hidden])");
    }

    @Test
    void masksCredentialsEmbeddedInUrlsAndConnectionStrings() {
        Scrubber.remember(Map.of(
                "eos.sink.jdbc.url", "jdbc:mysql://app:Url-userinfo-3@db.example:3306/shop?sslPassword=Url-query-4",
                "eos.sink.azure-blob.endpoint", "https://acc.blob.core.windows.net/?sv=2022&sp=rw&sig=Sas-sig-5%2Fx",
                "eos.source.eventhubs.namespace", "Endpoint=sb://ns/;SharedAccessKeyName=n;SharedAccessKey=Sak-6="));

        String text = "UnknownHostException: app:Url-userinfo-3@127.0.0.1; ssl Url-query-4; sig Sas-sig-5/x and "
                + "Sas-sig-5%2Fx; key Sak-6=";
        assertThat(Scrubber.scrub(text)).doesNotContain("Url-userinfo-3", "Url-query-4", "Sas-sig-5", "Sak-6");
    }

    @Test
    void aSecretUrlOptionKeepsItsEndpointVisibleAndHidesOnlyItsCredentials() {
        Scrubber.remember(Map.of("eos.sink.jdbc.url", "jdbc:postgresql://db-endpoint-12:5432/shop?password=Url-pw-13"));

        assertThat(Scrubber.scrub("The preflight of sink \"jdbc\" at jdbc:postgresql://db-endpoint-12:5432/shop failed"))
                .contains("jdbc:postgresql://db-endpoint-12:5432/shop");
        assertThat(Scrubber.scrub("url jdbc:postgresql://db-endpoint-12:5432/shop?password=Url-pw-13"))
                .doesNotContain("Url-pw-13").contains("db-endpoint-12");
    }

    @Test
    void aKeyThatOnlySharesItsLastWordWithADeclaredSecretIsNotMasked() {
        // "url" is the name of the jdbc sink's secret option; this pass-through key is no option of any sink
        assertThat(Scrubber.secretsOf(Map.of("eos.sink.files.hadoop.dfs.namenode.url", "namenode-host-14",
                "eos.sink.jdbc.properties.url", "driver-property-host-15"))).isEmpty();
    }

    @Test
    void aDeclaredSecretIsMaskedUnderEveryPrefixItCanBeGiven() {
        assertThat(Scrubber.secretsOf(Map.of("eos.errors.dead-letter.jdbc.password", "Dead-letter-pw-16",
                "spark.eos.sink.memory-double.token", "Spark-conf-token-17",
                "eos.source.eventhubs.connection-string", "Endpoint=sb://ns/;SharedAccessKey=Eh-key-18")))
                .contains("Dead-letter-pw-16", "Spark-conf-token-17", "Endpoint=sb://ns/;SharedAccessKey=Eh-key-18");
    }

    @Test
    void aSecretOptionWhoseValueLooksLikeAUrlIsMaskedWholeUnlessDeclaredSecretOnlyInItsCredentials() {
        assertThat(Scrubber.secretsOf(Map.of("eos.sink.memory-double.token", "https://token-host-19/t")))
                .contains("https://token-host-19/t");
        assertThat(Scrubber.secretsOf(Map.of("eos.sink.jdbc.url", "jdbc:postgresql://db-host-20/shop?password=Pw-21")))
                .contains("Pw-21").noneMatch(s -> s.contains("db-host-20"));
    }

    @Test
    void masksCredentialShapedTextItWasNeverToldAbout() {
        assertThat(Scrubber.scrub("Failed to get driver instance for jdbcUrl=jdbc:h2://sa:Unknown-7@h/db;PASSWORD=Unknown-8"))
                .isEqualTo("Failed to get driver instance for jdbcUrl=jdbc:h2://sa:[hidden]@h/db;PASSWORD=[hidden]");
        assertThat(Scrubber.scrub("DefaultEndpointsProtocol=https;AccountName=a;AccountKey=Unknown-9==;EndpointSuffix=x"))
                .isEqualTo("DefaultEndpointsProtocol=https;AccountName=a;AccountKey=[hidden];EndpointSuffix=x");
        assertThat(Scrubber.scrub("BlobEndpoint=https://a/;SharedAccessSignature=sv=1&sig=Unknown-10"))
                .doesNotContain("Unknown-10");
        assertThat(Scrubber.scrub("https://a.blob/c?sv=2022&sig=Unknown-11&se=2030")).doesNotContain("Unknown-11")
                .contains("se=2030");
    }

    @Test
    void settingsOfCredentialLookingKeysThatAreNoCredentialsAreNotMasked() {
        Scrubber.remember(Map.of("eos.source.kafka.sasl.login.refresh.buffer.seconds", "300",
                "eos.sink.x.token.enabled", "true", "eos.source.kafka.sasl.mechanism", "SCRAM-SHA-512",
                "eos.source.kafka.sasl.kerberos.service.name", "kafka"));

        assertThat(Scrubber.scrub("300 rows, enabled=true, SCRAM-SHA-512 to kafka"))
                .isEqualTo("300 rows, enabled=true, SCRAM-SHA-512 to kafka");
    }

    @Test
    void leavesOrdinaryTextAlone() {
        String text = "Batch 1700000000000 ms: 12 written, 0 duplicates skipped (jdbc:postgresql://db:5432/shop)";
        assertThat(Scrubber.scrub(text)).isEqualTo(text);
        assertThat(Scrubber.scrub(null)).isNull();
    }

    @Test
    void scrubsStackTracesWithTheirCauses() {
        Scrubber.remember(Map.of("eos.sink.x.account-key", "Cause-key-12"));
        Exception e = new IllegalStateException("wrapped", new RuntimeException("inner Cause-key-12"));

        assertThat(Scrubber.stackTrace(e)).contains("Caused by: java.lang.RuntimeException: inner [hidden]")
                .doesNotContain("Cause-key-12");
    }

    @Test
    void aScrubbingStreamScrubsWhatIsPrinted() {
        Scrubber.remember(Map.of("eos.sink.x.password", "Stream-pw-13"));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = Scrubber.stream(bytes);

        out.println("eos failed: Stream-pw-13");
        new RuntimeException("boom Stream-pw-13").printStackTrace(out);

        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("eos failed: [hidden]")
                .doesNotContain("Stream-pw-13");
    }
}
