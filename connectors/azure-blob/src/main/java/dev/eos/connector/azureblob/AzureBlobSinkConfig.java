package dev.eos.connector.azureblob;

import com.azure.storage.blob.BlobServiceVersion;
import dev.eos.connector.azurecommon.AzureStorageConfig;
import dev.eos.spi.Config;
import dev.eos.spi.ConfigException;

import static dev.eos.connector.azureblob.AzureBlobSinkOptions.CONTAINER;
import static dev.eos.connector.azureblob.AzureBlobSinkOptions.CREATE_CONTAINER;
import static dev.eos.connector.azureblob.AzureBlobSinkOptions.SERVICE_VERSION;

/**
 * The values of the {@link AzureBlobSinkOptions}.
 *
 * @param storage the container, the account and how records become objects
 * @param serviceVersion the REST API version to send, or null for the SDK's newest
 */
public record AzureBlobSinkConfig(AzureStorageConfig storage, BlobServiceVersion serviceVersion) {

    /**
     * Reads a validated configuration, checking what spans several options.
     *
     * @throws ConfigException with every problem found
     */
    public static AzureBlobSinkConfig from(Config config) {
        return new AzureBlobSinkConfig(AzureStorageConfig.from(config, "blob", CONTAINER, CREATE_CONTAINER),
                AzureStorageConfig.serviceVersion(config, SERVICE_VERSION, BlobServiceVersion.values()));
    }
}
