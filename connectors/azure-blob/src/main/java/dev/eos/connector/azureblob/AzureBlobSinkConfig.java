package dev.eos.connector.azureblob;

import com.azure.storage.blob.BlobServiceVersion;
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
 * The options of the {@code azure-blob} sink (keys under {@code eos.sink.azure-blob.}): the container, and the
 * connection, authentication, retry and writing options of {@link AzureStorageOptions}.
 *
 * @param connection the account and how to authenticate
 * @param container the container objects are written to
 * @param createContainer create the container at preflight when missing
 * @param serviceVersion the REST API version to send, or null for the SDK's newest
 * @param writer how records become objects
 */
public record AzureBlobSinkConfig(AzureConnection connection, String container, boolean createContainer,
                                  BlobServiceVersion serviceVersion, ObjectWriterSettings writer) {

    public static final ConfigOption<String> CONTAINER = ConfigOption.stringOption("container")
            .required()
            .check(s -> s.matches("[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]"),
                    "a container name is 3 to 63 lower-case letters, digits and single hyphens, not at either end")
            .description("The container the objects are written to.");
    public static final ConfigOption<Boolean> CREATE_CONTAINER = ConfigOption.booleanOption("create-container")
            .defaultValue(false)
            .description("Create the container at start when it does not exist; when false a missing container "
                    + "fails the start.");
    public static final ConfigOption<String> SERVICE_VERSION = ConfigOption.stringOption("service-version")
            .check(v -> version(v) != null, "not a Blob service version this SDK knows, such as "
                    + BlobServiceVersion.V2021_12_02.getVersion())
            .description("The Blob REST API version to send, for an emulator or Azure Stack that lags behind "
                    + "Azure (such as 2021-12-02). Default: the SDK's newest.");

    static final ConfigSpec SPEC = ConfigSpec.builder()
            .add(CONTAINER, CREATE_CONTAINER)
            .add(AzureStorageOptions.connectionOptions().toArray(ConfigOption[]::new))
            .add(SERVICE_VERSION)
            .add(AzureStorageOptions.writingOptions().toArray(ConfigOption[]::new))
            .build();

    /**
     * Reads a validated configuration, checking what spans several options.
     *
     * @throws ConfigException with every problem found
     */
    static AzureBlobSinkConfig from(Config config) {
        List<String> problems = new ArrayList<>();
        AzureConnection connection = AzureStorageOptions.connection(config, "blob", problems);
        ObjectWriterSettings writer = AzureStorageOptions.writerSettings(config, problems);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new AzureBlobSinkConfig(connection, config.get(CONTAINER), config.get(CREATE_CONTAINER),
                config.getOptional(SERVICE_VERSION).map(AzureBlobSinkConfig::version).orElse(null), writer);
    }

    private static BlobServiceVersion version(String text) {
        return Arrays.stream(BlobServiceVersion.values()).filter(v -> v.getVersion().equals(text)).findFirst().orElse(null);
    }
}
