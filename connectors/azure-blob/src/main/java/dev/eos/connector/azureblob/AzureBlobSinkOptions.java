package dev.eos.connector.azureblob;

import com.azure.storage.blob.BlobServiceVersion;
import dev.eos.connector.azurecommon.AzureStorageOptions;
import dev.eos.spi.ConfigOption;
import dev.eos.spi.ConfigSpec;

/**
 * The options of the {@code azure-blob} sink (keys under {@code eos.sink.azure-blob.}): the container, and the
 * connection, authentication, retry and writing options of {@link AzureStorageOptions}.
 */
public final class AzureBlobSinkOptions {

    public static final ConfigOption<String> CONTAINER = AzureStorageOptions.containerOption("container", "container",
            "The container the objects are written to.");
    public static final ConfigOption<Boolean> CREATE_CONTAINER =
            AzureStorageOptions.createContainerOption("create-container", "container");
    public static final ConfigOption<String> SERVICE_VERSION =
            AzureStorageOptions.serviceVersionOption("Blob", BlobServiceVersion.values());

    public static final ConfigSpec SPEC = AzureStorageOptions.spec(CONTAINER, CREATE_CONTAINER, SERVICE_VERSION);

    private AzureBlobSinkOptions() {
    }
}
