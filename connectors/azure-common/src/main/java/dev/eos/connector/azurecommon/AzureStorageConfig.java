package dev.eos.connector.azurecommon;

import com.azure.core.util.ServiceVersion;
import dev.eos.spi.Config;
import dev.eos.spi.ConfigException;
import dev.eos.spi.ConfigOption;

import java.util.ArrayList;
import java.util.List;

/**
 * What an {@link ObjectSink} reads from the options of {@link AzureStorageOptions}: the container it writes into,
 * the account and how to authenticate, and how records become objects.
 *
 * @param container the container (Blob) or file system (ADLS) objects are written to
 * @param createContainer create the container at preflight when missing
 * @param createContainerKey the option that allows it, for messages
 * @param connection the account and how to authenticate
 * @param writer how records become objects
 */
public record AzureStorageConfig(String container, boolean createContainer, String createContainerKey,
                                 AzureConnection connection, ObjectWriterSettings writer) {

    /**
     * Reads a validated configuration, checking what spans several options.
     *
     * @param service {@code blob} or {@code dfs}: the host label of the endpoint built from the account name
     * @param container the sink's {@link AzureStorageOptions#containerOption}
     * @param createContainer the sink's {@link AzureStorageOptions#createContainerOption}
     * @throws ConfigException with every problem found
     */
    public static AzureStorageConfig from(Config config, String service, ConfigOption<String> container,
                                          ConfigOption<Boolean> createContainer) {
        List<String> problems = new ArrayList<>();
        AzureConnection connection = AzureStorageOptions.connection(config, service, problems);
        ObjectWriterSettings writer = AzureStorageOptions.writerSettings(config, problems);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new AzureStorageConfig(config.get(container), config.get(createContainer), config.key(createContainer),
                connection, writer);
    }

    /**
     * The version named by a sink's {@link AzureStorageOptions#serviceVersionOption}, or null when not given (the
     * SDK's newest).
     */
    public static <V extends ServiceVersion> V serviceVersion(Config config, ConfigOption<String> option, V[] known) {
        return config.getOptional(option).map(text -> AzureStorageOptions.find(known, text)).orElse(null);
    }
}
