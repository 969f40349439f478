package dev.eos.connector.azurecommon;

import com.azure.storage.blob.BlobServiceVersion;
import dev.eos.spi.ConfigException;
import dev.eos.spi.ConfigOption;
import dev.eos.spi.ConfigSpec;
import dev.eos.spi.RetriableSinkException;
import dev.eos.spi.SinkWriter;
import dev.eos.spi.WriteContext;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The preflight and lifecycle every object-store sink inherits, over a container that answers as told. */
class ObjectSinkTest {

    private static final String P = "eos.sink.test.";
    private static final ConfigOption<String> CONTAINER = AzureStorageOptions.containerOption("container", "container",
            "The container.");
    private static final ConfigOption<Boolean> CREATE_CONTAINER =
            AzureStorageOptions.createContainerOption("create-container", "container");
    private static final ConfigSpec SPEC = AzureStorageOptions.spec(CONTAINER, CREATE_CONTAINER,
            AzureStorageOptions.serviceVersionOption("Blob", BlobServiceVersion.values()));

    private static AzureStorageConfig config(boolean createContainer) {
        Map<String, String> props = new HashMap<>();
        props.put(P + "account-name", "acct");
        props.put(P + "account-key", "s3cr3t");
        props.put(P + "container", "events");
        props.put(P + "create-container", String.valueOf(createContainer));
        return AzureStorageConfig.from(SPEC.parse(P, props), "blob", CONTAINER, CREATE_CONTAINER);
    }

    /** A container whose existence check answers with {@code exists}. */
    private static final class FakeSink extends ObjectSink {
        private final BooleanSupplier exists;
        private int created;

        FakeSink(boolean createContainer, BooleanSupplier exists) {
            super("test", "container", config(createContainer));
            this.exists = exists;
        }

        @Override
        protected boolean exists() {
            return exists.getAsBoolean();
        }

        @Override
        protected void create() {
            created++;
        }

        @Override
        protected String accountUrl() {
            return "https://acct.blob.core.windows.net";
        }

        @Override
        protected ObjectSinkWriter newWriter(WriteContext context, ObjectWriterSettings settings, Executor uploads,
                                             String authKey) {
            return new FakeWriter(context, settings, uploads, authKey);
        }
    }

    private static final class FakeWriter extends ObjectSinkWriter {
        FakeWriter(WriteContext context, ObjectWriterSettings settings, Executor uploads, String authKey) {
            super(context, settings, uploads, authKey);
        }

        @Override
        protected ObjectUpload startUpload(String path, String contentType) {
            throw new UnsupportedOperationException();
        }

        @Override
        protected Optional<String> storedSha256(String path) {
            return Optional.empty();
        }

        @Override
        protected String target() {
            return "container=events";
        }
    }

    @Test
    void aMissingContainerFailsTheStartNamingTheFullKeyThatAllowsCreatingIt() {
        try (FakeSink sink = new FakeSink(false, () -> false)) {
            assertThatThrownBy(sink::preflight).isExactlyInstanceOf(ConfigException.class)
                    .hasMessage("The container \"events\" does not exist at https://acct.blob.core.windows.net; create "
                            + "it, or set " + P + "create-container=true");
            assertThat(sink.created).isZero();
        }
    }

    @Test
    void aMissingContainerIsCreatedWhenAllowedAndAnExistingOneIsLeftAlone() {
        try (FakeSink missing = new FakeSink(true, () -> false); FakeSink existing = new FakeSink(true, () -> true)) {
            missing.preflight();
            existing.preflight();

            assertThat(missing.created).isOne();
            assertThat(existing.created).isZero();
        }
    }

    @Test
    void aTransientFailureOfTheCheckStaysRetriable() {
        try (FakeSink sink = new FakeSink(false, () -> {
            throw new UncheckedIOException(new IOException("connection reset"));
        })) {
            assertThatThrownBy(sink::preflight).isInstanceOf(RetriableSinkException.class)
                    .hasMessageContaining("Checking the container \"events\" failed", "connection reset");
        }
    }

    @Test
    void anyOtherFailureOfTheCheckFailsTheStart() {
        try (FakeSink sink = new FakeSink(false, () -> {
            throw new IllegalStateException("unexpected answer");
        })) {
            assertThatThrownBy(sink::preflight).isExactlyInstanceOf(ConfigException.class)
                    .hasMessageContaining("Checking the container \"events\" failed", "unexpected answer");
        }
    }

    @Test
    void aClosedSinkOpensNoWriterAndAnOpenOneNamesItsTarget() {
        FakeSink sink = new FakeSink(false, () -> true);
        WriteContext batch = new WriteContext(Instant.EPOCH, 2, 0, List.of());
        try (SinkWriter writer = sink.open(batch)) {
            assertThat(writer).hasToString("FakeWriter{container=events, batch=1970-01-01T00:00:00Z, partition=2, "
                    + "attempt=0}");
        }
        assertThat(sink.toString()).startsWith("FakeSink{container=events, AzureConnection{endpoint="
                + "https://acct.blob.core.windows.net, auth=" + P + "account-key}").doesNotContain("s3cr3t");

        sink.close();

        assertThatThrownBy(() -> sink.open(batch)).isInstanceOf(IllegalStateException.class)
                .hasMessage("The test sink is closed");
    }
}
