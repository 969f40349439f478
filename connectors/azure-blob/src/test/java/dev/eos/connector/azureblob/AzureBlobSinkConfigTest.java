package dev.eos.connector.azureblob;

import dev.eos.spi.Sink;
import dev.eos.spi.ConfigException;
import dev.eos.spi.host.SinkRegistry;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Cross-option rules, checked when the sink is created; a missing container, at preflight. */
class AzureBlobSinkConfigTest {

    private static final String P = BlobTestTarget.PREFIX;

    private static ConfigException createFails(Map<String, String> props) {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> SinkRegistry.load().create("azure-blob", P, props).close());
        assertThat(e).as("creating with %s", props.keySet()).isNotNull();
        return e;
    }

    @Test
    void twoWaysToAuthenticateAreOneProblemNamingBothKeysAndNoValue() {
        ConfigException e = createFails(Map.of(P + "container", "data", P + "account-name", "acct",
                P + "account-key", "s3cr3t-key", P + "sas-token", "sv=2024&sig=s3cr3t-sig"));

        assertThat(e.problems()).containsExactly("Give one way to authenticate, not \"" + P + "account-key\" and \""
                + P + "sas-token\"");
        assertThat(e.getMessage()).doesNotContain("s3cr3t");
    }

    @Test
    void everyCrossOptionProblemIsReportedAtOnce() {
        ConfigException e = createFails(Map.of(P + "container", "data", P + "account-key", "k",
                P + "mode", "per-batch", P + "path-template", "{key}.json",
                P + "retry.delay", "10s", P + "retry.max-delay", "1s"));

        assertThat(e.problems()).hasSize(4).anySatisfy(p -> assertThat(p).contains("\"" + P + "endpoint\""))
                .anySatisfy(p -> assertThat(p).contains("\"" + P + "account-key\" needs \"" + P + "account-name\""))
                .anySatisfy(p -> assertThat(p).contains(P + "path-template", "{key} is a record expression and cannot name a per-batch path", "must contain {range}"))
                .anySatisfy(p -> assertThat(p).contains(P + "retry.max-delay"));
    }

    @Test
    void aConnectionStringTheSdkRefusesFailsTheStartWithoutShowingIt() {
        ConfigException e = createFails(Map.of(P + "container", "data",
                P + "connection-string", "AccountName=x;AccountKey=s3cr3t;NoEndpointHere"));

        assertThat(e.getMessage()).contains(P + "connection-string").doesNotContain("s3cr3t");
    }

    @Test
    void aConnectionStringHoldsTheEndpoint() {
        ConfigException e = createFails(Map.of(P + "container", "data", P + "connection-string", "x",
                P + "endpoint", "https://acct.blob.core.windows.net"));

        assertThat(e.problems()).singleElement().asString().contains("\"" + P + "endpoint\" is not used with");
    }

    @Test
    void withoutASecretTheSinkUsesEntraIdAndBuildsTheEndpointFromTheAccountName() {
        try (Sink sink = SinkRegistry.load().create("azure-blob", P, Map.of(P + "container", "data",
                P + "account-name", "acct", P + "managed-identity-client-id", "00000000-0000-0000-0000-000000000001"))) {
            assertThat(sink.toString()).contains("https://acct.blob.core.windows.net", "Microsoft Entra ID");
        }
    }

    @Test
    void aMissingContainerFailsThePreflightUnlessItMayBeCreated() {
        BlobTestTarget target = new BlobTestTarget();
        Map<String, String> props = new HashMap<>(target.connectionStringProperties("per-record", "{key}"));
        props.put(P + "create-container", "false");

        try (Sink sink = SinkRegistry.load().create("azure-blob", P, props)) {
            ConfigException e = catchThrowableOfType(ConfigException.class, sink::preflight);
            assertThat(e).isNotNull();
            assertThat(e.getMessage()).contains("\"" + target.container + "\" does not exist", "create-container=true");
        }
        props.put(P + "create-container", "true");
        try (Sink sink = SinkRegistry.load().create("azure-blob", P, props)) {
            sink.preflight();
        }
        assertThat(target.client.exists()).isTrue();
    }
}
