package dev.eos.connector.adls;

import com.azure.storage.file.datalake.DataLakeServiceVersion;
import dev.eos.connector.azurecommon.AzureStorageOptions;
import dev.eos.spi.ConfigOption;
import dev.eos.spi.ConfigSpec;

/**
 * The options of the {@code adls} sink (keys under {@code eos.sink.adls.}): the file system, and the connection,
 * authentication, retry and writing options of {@link AzureStorageOptions}.
 */
public final class AdlsSinkOptions {

    public static final ConfigOption<String> FILE_SYSTEM = AzureStorageOptions.containerOption("file-system",
            "file system", "The file system (container) the files are written to.");
    public static final ConfigOption<Boolean> CREATE_FILE_SYSTEM =
            AzureStorageOptions.createContainerOption("create-file-system", "file system");
    public static final ConfigOption<String> SERVICE_VERSION =
            AzureStorageOptions.serviceVersionOption("Data Lake", DataLakeServiceVersion.values());

    public static final ConfigSpec SPEC = AzureStorageOptions.spec(FILE_SYSTEM, CREATE_FILE_SYSTEM, SERVICE_VERSION);

    private AdlsSinkOptions() {
    }
}
