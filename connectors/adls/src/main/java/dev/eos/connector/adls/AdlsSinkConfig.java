package dev.eos.connector.adls;

import com.azure.storage.file.datalake.DataLakeServiceVersion;
import dev.eos.connector.azurecommon.AzureConnection;
import dev.eos.connector.azurecommon.AzureStorageOptions;
import dev.eos.connector.azurecommon.ObjectWriterSettings;
import dev.eos.spi.ConfigOption;
import dev.eos.spi.ConfigSpec;
import dev.eos.spi.Config;
import dev.eos.spi.ConfigException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The options of the {@code adls} sink (keys under {@code eos.sink.adls.}): the file system, and the connection,
 * authentication, retry and writing options of {@link AzureStorageOptions}.
 *
 * @param connection the account and how to authenticate
 * @param fileSystem the file system (container) files are written to
 * @param createFileSystem create the file system at preflight when missing
 * @param serviceVersion the REST API version to send, or null for the SDK's newest
 * @param writer how records become files
 */
public record AdlsSinkConfig(AzureConnection connection, String fileSystem, boolean createFileSystem,
                             DataLakeServiceVersion serviceVersion, ObjectWriterSettings writer) {

    public static final ConfigOption<String> FILE_SYSTEM = ConfigOption.stringOption("file-system")
            .required()
            .check(s -> s.matches("[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]"),
                    "a file system name is 3 to 63 lower-case letters, digits and single hyphens, not at either end")
            .description("The file system (container) the files are written to.");
    public static final ConfigOption<Boolean> CREATE_FILE_SYSTEM = ConfigOption.booleanOption("create-file-system")
            .defaultValue(false)
            .description("Create the file system at start when it does not exist; when false a missing file system "
                    + "fails the start.");
    public static final ConfigOption<String> SERVICE_VERSION = ConfigOption.stringOption("service-version")
            .check(v -> version(v) != null, "not a Data Lake service version this SDK knows, such as "
                    + DataLakeServiceVersion.V2021_12_02.getVersion())
            .description("The REST API version to send, for an emulator or Azure Stack that lags behind Azure "
                    + "(such as 2021-12-02). Default: the SDK's newest.");

    static final ConfigSpec SPEC = ConfigSpec.builder()
            .add(FILE_SYSTEM, CREATE_FILE_SYSTEM)
            .add(AzureStorageOptions.connectionOptions().toArray(ConfigOption[]::new))
            .add(SERVICE_VERSION)
            .add(AzureStorageOptions.writingOptions().toArray(ConfigOption[]::new))
            .build();

    /**
     * Reads a validated configuration, checking what spans several options.
     *
     * @throws ConfigException with every problem found
     */
    static AdlsSinkConfig from(Config config) {
        List<String> problems = new ArrayList<>();
        AzureConnection connection = AzureStorageOptions.connection(config, "dfs", problems);
        ObjectWriterSettings writer = AzureStorageOptions.writerSettings(config, problems);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new AdlsSinkConfig(connection, config.get(FILE_SYSTEM), config.get(CREATE_FILE_SYSTEM),
                config.getOptional(SERVICE_VERSION).map(AdlsSinkConfig::version).orElse(null), writer);
    }

    private static DataLakeServiceVersion version(String text) {
        return Arrays.stream(DataLakeServiceVersion.values()).filter(v -> v.getVersion().equals(text)).findFirst().orElse(null);
    }
}
