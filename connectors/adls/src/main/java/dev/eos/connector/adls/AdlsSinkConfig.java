package dev.eos.connector.adls;

import com.azure.storage.file.datalake.DataLakeServiceVersion;
import dev.eos.connector.azurecommon.AzureStorageConfig;
import dev.eos.spi.Config;
import dev.eos.spi.ConfigException;

import static dev.eos.connector.adls.AdlsSinkOptions.CREATE_FILE_SYSTEM;
import static dev.eos.connector.adls.AdlsSinkOptions.FILE_SYSTEM;
import static dev.eos.connector.adls.AdlsSinkOptions.SERVICE_VERSION;

/**
 * The values of the {@link AdlsSinkOptions}.
 *
 * @param storage the file system, the account and how records become files
 * @param serviceVersion the REST API version to send, or null for the SDK's newest
 */
public record AdlsSinkConfig(AzureStorageConfig storage, DataLakeServiceVersion serviceVersion) {

    /**
     * Reads a validated configuration, checking what spans several options.
     *
     * @throws ConfigException with every problem found
     */
    public static AdlsSinkConfig from(Config config) {
        return new AdlsSinkConfig(AzureStorageConfig.from(config, "dfs", FILE_SYSTEM, CREATE_FILE_SYSTEM),
                AzureStorageConfig.serviceVersion(config, SERVICE_VERSION, DataLakeServiceVersion.values()));
    }
}
