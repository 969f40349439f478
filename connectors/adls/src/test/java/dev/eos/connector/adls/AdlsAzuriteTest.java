package dev.eos.connector.adls;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.options.BlobParallelUploadOptions;
import com.azure.storage.file.datalake.DataLakeFileSystemClient;
import com.azure.storage.file.datalake.DataLakeServiceClientBuilder;
import dev.eos.connector.azurecommon.Azurite;
import dev.eos.connector.azurecommon.AzureStorageOptions;
import dev.eos.connector.azurecommon.ObjectSinkWriter;
import dev.eos.connector.azurecommon.ObjectWriterSettings;
import dev.eos.connector.support.PathTemplate;
import dev.eos.connector.support.WriteMode;
import dev.eos.spi.Sink;
import dev.eos.spi.SinkException;
import dev.eos.spi.SinkRecord;
import dev.eos.spi.SinkWriter;
import dev.eos.spi.WriteContext;
import dev.eos.spi.host.SinkRegistry;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The ADLS operations Azurite serves, against Azurite: the file system's creation and existence (preflight), and a
 * file's properties and metadata (how a replay finds the stored hash). Azurite has no dfs endpoint: the write path
 * is tested through {@link AdlsDfsEndpointDouble}, and here only shown to fail cleanly.
 */
class AdlsAzuriteTest {

    private static final String P = AdlsTestTarget.PREFIX;
    private static final WriteContext BATCH = new WriteContext(Instant.EPOCH, 0, 0, List.of());

    private final Azurite azurite = Azurite.shared();
    private final String fileSystem = "fs" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    private final BlobContainerClient container = new BlobServiceClientBuilder()
            .connectionString(azurite.connectionString()).buildClient().getBlobContainerClient(fileSystem);

    private Map<String, String> properties() {
        Map<String, String> props = new HashMap<>();
        props.put(P + "endpoint", azurite.blobEndpoint());
        props.put(P + "account-name", Azurite.ACCOUNT);
        props.put(P + "account-key", Azurite.ACCOUNT_KEY);
        props.put(P + "file-system", fileSystem);
        props.put(P + "create-file-system", "true");
        props.put(P + "retry.max-tries", "1");
        return props;
    }

    @Test
    void preflightCreatesTheFileSystemAndThenFindsIt() {
        try (Sink sink = SinkRegistry.load().create("adls", P, properties())) {
            sink.preflight();
        }
        assertThat(container.exists()).isTrue();

        Map<String, String> noCreate = properties();
        noCreate.put(P + "create-file-system", "false");
        try (Sink sink = SinkRegistry.load().create("adls", P, noCreate)) {
            sink.preflight();
        }
    }

    @Test
    void theStoredHashIsReadFromAFilesMetadataAndSetMetadataIsVisibleToIt() {
        container.create();
        container.getBlobClient("dir/a.json").uploadWithResponse(new BlobParallelUploadOptions(BinaryData.fromString("{}"))
                .setMetadata(Map.of(ObjectSinkWriter.HASH_METADATA, "abc123")), null, null);
        container.getBlobClient("dir/b.json").upload(BinaryData.fromString("{}"));
        DataLakeFileSystemClient fs = new DataLakeServiceClientBuilder().endpoint(azurite.blobEndpoint())
                .credential(new com.azure.storage.common.StorageSharedKeyCredential(Azurite.ACCOUNT, Azurite.ACCOUNT_KEY))
                .buildClient().getFileSystemClient(fileSystem);
        AdlsSinkWriter writer = new AdlsSinkWriter(fs, BATCH,
                new ObjectWriterSettings(PathTemplate.parse("{key}", WriteMode.PER_RECORD, AzureStorageOptions.MAX_PATH_LENGTH), false, 1 << 20, 1),
                Executors.newSingleThreadExecutor(), "account-key");

        fs.getFileClient("dir/b.json").setMetadata(Map.of(ObjectSinkWriter.HASH_METADATA, "def456"));

        assertThat(writer.storedSha256("dir/a.json")).contains("abc123");
        assertThat(writer.storedSha256("dir/b.json")).contains("def456");
        assertThat(writer.storedSha256("dir/missing.json")).isEmpty();
        java.io.ByteArrayOutputStream content = new java.io.ByteArrayOutputStream();
        fs.getFileClient("dir/a.json").read(content);
        assertThat(content.toString(java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("{}");
    }

    @Test
    void theDfsWritePathThatAzuriteLacksFailsTheAttemptWithTheHttpStatusInsteadOfHanging() {
        try (Sink sink = SinkRegistry.load().create("adls", P, properties())) {
            sink.preflight();
            Throwable thrown = catchThrowable(() -> {
                try (SinkWriter writer = sink.open(BATCH)) {
                    writer.write(SinkRecord.builder("k").value("v").build());
                    writer.commit();
                }
            });

            assertThat(thrown).isInstanceOf(SinkException.class).hasMessageContaining("\"k\"").hasMessageContaining("HTTP 400");
        }
        assertThat(container.listBlobs().stream().toList()).isEmpty();
    }
}
