package dev.eos.connector.azurecommon;

import com.azure.core.util.ServiceVersion;
import dev.eos.connector.support.PathTemplate;
import dev.eos.connector.support.WriteMode;
import dev.eos.spi.ConfigOption;
import dev.eos.spi.ConfigSpec;
import dev.eos.spi.Secret;
import dev.eos.spi.Config;
import dev.eos.spi.ConfigException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The options the Azure Blob and ADLS Gen2 sinks share: where the account is, how to authenticate, how to
 * retry, and how records become objects. Each sink declares its own container options (a container, a file
 * system) and its service version with the factories here, and its spec with {@link #spec}; the values are read by
 * {@link AzureStorageConfig#from}.
 */
public final class AzureStorageOptions {

    private static final String SERVICE_VERSION_EXAMPLE = "2021-12-02";

    public static final ConfigOption<String> ENDPOINT = ConfigOption.stringOption("endpoint")
            .description("The service endpoint, such as https://myaccount.blob.core.windows.net (Blob) or "
                    + "https://myaccount.dfs.core.windows.net (ADLS), or an emulator's, such as "
                    + "http://127.0.0.1:10000/devstoreaccount1. Default: built from account-name. "
                    + "Not with connection-string, which holds the endpoint.");
    public static final ConfigOption<String> ACCOUNT_NAME = ConfigOption.stringOption("account-name")
            .check(s -> s.matches("[a-z0-9]{3,24}"), "an account name is 3 to 24 lower-case letters and digits")
            .description("The storage account's name; needed with account-key, and to build the endpoint when "
                    + "endpoint is not given.");
    public static final ConfigOption<Secret> CONNECTION_STRING = ConfigOption.secretOption("connection-string")
            .description("Authenticate with a connection string (holds the endpoint and an account key or a SAS token).");
    public static final ConfigOption<Secret> ACCOUNT_KEY = ConfigOption.secretOption("account-key")
            .description("Authenticate with the account's shared key (with account-name).");
    public static final ConfigOption<Secret> SAS_TOKEN = ConfigOption.secretOption("sas-token")
            .description("Authenticate with a shared access signature (needs write, create and read permissions).");
    public static final ConfigOption<String> MANAGED_IDENTITY_CLIENT_ID = ConfigOption.stringOption("managed-identity-client-id")
            .description("With Microsoft Entra ID (no connection-string, account-key or sas-token given: "
                    + "DefaultAzureCredential), the client id of a user-assigned managed identity to use.");

    /** The longest object path the sinks write, in characters. */
    public static final int MAX_PATH_LENGTH = 1024;

    public static final ConfigOption<WriteMode> MODE = WriteMode.option(
            "per-record: one object per record, holding the record's value; per-batch: one object per "
                    + "partition per batch, named by its source offset range, holding the records as JSON lines.");
    public static final ConfigOption<String> PATH_TEMPLATE = ConfigOption.stringOption("path-template")
            .description("The object path: a template of {expression} parts (see record-expressions.md), values "
                    + "escaped so they stay in one path segment, at most " + MAX_PATH_LENGTH + " characters. Per-record "
                    + "mode needs {key}, {position} or {position.offset}; per-batch mode {range} and batch expressions "
                    + "only. Default {key} (per-record) or {range}.jsonl (per-batch).");
    public static final ConfigOption<Boolean> CREATE_ONLY = ConfigOption.booleanOption("create-only")
            .defaultValue(false)
            .description("Never replace an object: a write that finds one at its path compares content hashes; equal "
                    + "is counted as a duplicate, different fails with a divergence error naming both hashes. "
                    + "When false, a replay overwrites with the same bytes.");
    public static final ConfigOption<Integer> BLOCK_SIZE = ConfigOption.intOption("block-size")
            .defaultValue(8 * 1024 * 1024)
            .min(64 * 1024).max(100 * 1024 * 1024)
            .description("Bytes buffered before an uploaded part of an object is sent; an object up to this size is "
                    + "one request.");
    public static final ConfigOption<Integer> CONCURRENCY = ConfigOption.intOption("concurrency")
            .defaultValue(8)
            .min(1).max(256)
            .description("Objects uploaded at once by one writer in per-record mode.");

    public static final ConfigOption<Integer> RETRY_MAX_TRIES = ConfigOption.intOption("retry.max-tries")
            .defaultValue(4)
            .min(1).max(100)
            .description("Tries of one request (the SDK's exponential retry policy) before the writer gives up "
                    + "with a retriable error.");
    public static final ConfigOption<Duration> RETRY_DELAY = ConfigOption.durationOption("retry.delay")
            .defaultValue(Duration.ofSeconds(1))
            .min(Duration.ofMillis(1)).max(Duration.ofHours(1))
            .description("The first retry's delay; it doubles with each try.");
    public static final ConfigOption<Duration> RETRY_MAX_DELAY = ConfigOption.durationOption("retry.max-delay")
            .defaultValue(Duration.ofSeconds(30))
            .min(Duration.ofMillis(1)).max(Duration.ofHours(1))
            .description("The longest delay between tries.");
    public static final ConfigOption<Duration> RETRY_TRY_TIMEOUT = ConfigOption.durationOption("retry.try-timeout")
            .defaultValue(Duration.ofSeconds(60))
            .min(Duration.ofSeconds(1)).max(Duration.ofHours(1))
            .description("How long one try of one request may take.");

    private AzureStorageOptions() {
    }

    /**
     * The required option naming the container a sink writes into.
     *
     * @param noun what the service calls a container, for the check's message: {@code container}, {@code file system}
     */
    public static ConfigOption<String> containerOption(String name, String noun, String description) {
        return ConfigOption.stringOption(name)
                .required()
                .check(s -> s.matches("[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]"), "a " + noun
                        + " name is 3 to 63 lower-case letters, digits and single hyphens, not at either end")
                .description(description);
    }

    /** The option that lets preflight create a missing container; {@code noun} as in {@link #containerOption}. */
    public static ConfigOption<Boolean> createContainerOption(String name, String noun) {
        return ConfigOption.booleanOption(name)
                .defaultValue(false)
                .description("Create the " + noun + " at start when it does not exist; when false a missing " + noun
                        + " fails the start.");
    }

    /**
     * The {@code service-version} option: one of the REST API versions the service's SDK knows.
     *
     * @param api the REST API's name: {@code Blob}, {@code Data Lake}
     * @param known the SDK's versions ({@code BlobServiceVersion.values()})
     */
    public static ConfigOption<String> serviceVersionOption(String api, ServiceVersion[] known) {
        return ConfigOption.stringOption("service-version")
                .check(v -> find(known, v) != null, "not a " + api + " service version this SDK knows, such as "
                        + SERVICE_VERSION_EXAMPLE)
                .description("The " + api + " REST API version to send, for an emulator or Azure Stack that lags "
                        + "behind Azure (such as " + SERVICE_VERSION_EXAMPLE + "). Default: the SDK's newest.");
    }

    /** A sink's spec, in documentation order: its container options, the shared options and its service version. */
    public static ConfigSpec spec(ConfigOption<String> container, ConfigOption<Boolean> createContainer,
                                  ConfigOption<String> serviceVersion) {
        return ConfigSpec.builder()
                .add(container, createContainer)
                .add(connectionOptions().toArray(ConfigOption[]::new))
                .add(serviceVersion)
                .add(writingOptions().toArray(ConfigOption[]::new))
                .build();
    }

    /** The version among {@code known} whose text is {@code text}, or null. */
    static <V extends ServiceVersion> V find(V[] known, String text) {
        return Arrays.stream(known).filter(v -> v.getVersion().equals(text)).findFirst().orElse(null);
    }

    /** Connection, authentication and retry options, in documentation order. */
    public static List<ConfigOption<?>> connectionOptions() {
        return List.of(ENDPOINT, ACCOUNT_NAME, CONNECTION_STRING, ACCOUNT_KEY, SAS_TOKEN, MANAGED_IDENTITY_CLIENT_ID,
                RETRY_MAX_TRIES, RETRY_DELAY, RETRY_MAX_DELAY, RETRY_TRY_TIMEOUT);
    }

    /** How records become objects, in documentation order. */
    public static List<ConfigOption<?>> writingOptions() {
        return List.of(MODE, PATH_TEMPLATE, CREATE_ONLY, BLOCK_SIZE, CONCURRENCY);
    }

    /**
     * Reads the shared options, adding every cross-option problem to {@code problems}.
     *
     * @param service {@code blob} or {@code dfs}: the host label of the default endpoint
     * @return the connection, or null when there were problems
     */
    static AzureConnection connection(Config config, String service, List<String> problems) {
        List<String> given = new ArrayList<>();
        for (ConfigOption<Secret> secret : List.of(CONNECTION_STRING, ACCOUNT_KEY, SAS_TOKEN)) {
            if (config.isSet(secret)) {
                given.add("\"" + config.key(secret) + "\"");
            }
        }
        int before = problems.size();
        if (given.size() > 1) {
            problems.add("Give one way to authenticate, not " + String.join(" and ", given));
        }
        Secret connectionString = config.get(CONNECTION_STRING);
        String endpoint = config.get(ENDPOINT);
        String accountName = config.get(ACCOUNT_NAME);
        if (connectionString != null && endpoint != null) {
            problems.add("\"" + config.key(ENDPOINT) + "\" is not used with \"" + config.key(CONNECTION_STRING)
                    + "\", which holds the endpoint");
        }
        if (connectionString == null && endpoint == null && accountName == null) {
            problems.add(ConfigException.missing(config.key(ENDPOINT)) + " (or \"" + config.key(ACCOUNT_NAME)
                    + "\", or \"" + config.key(CONNECTION_STRING) + "\")");
        }
        if (config.isSet(ACCOUNT_KEY) && accountName == null) {
            problems.add("\"" + config.key(ACCOUNT_KEY) + "\" needs \"" + config.key(ACCOUNT_NAME) + "\"");
        }
        if (endpoint != null && !endpoint.matches("https?://[^\\s]+")) {
            problems.add(ConfigException.invalid(config.key(ENDPOINT), endpoint, "not an http(s) URL"));
        }
        if (config.isSet(MANAGED_IDENTITY_CLIENT_ID) && !given.isEmpty()) {
            problems.add("\"" + config.key(MANAGED_IDENTITY_CLIENT_ID) + "\" is for Microsoft Entra ID; it is not used with "
                    + given.get(0));
        }
        if (config.get(RETRY_MAX_DELAY).compareTo(config.get(RETRY_DELAY)) < 0) {
            problems.add("\"" + config.key(RETRY_MAX_DELAY) + "\" is shorter than \"" + config.key(RETRY_DELAY) + "\"");
        }
        if (problems.size() > before) {
            return null;
        }
        String resolvedEndpoint = endpoint != null ? endpoint
                : accountName != null ? "https://" + accountName + "." + service + ".core.windows.net" : null;
        AzureConnection.Auth auth = connectionString != null ? AzureConnection.Auth.CONNECTION_STRING
                : config.isSet(ACCOUNT_KEY) ? AzureConnection.Auth.ACCOUNT_KEY
                : config.isSet(SAS_TOKEN) ? AzureConnection.Auth.SAS_TOKEN
                : AzureConnection.Auth.ENTRA_ID;
        Secret secret = switch (auth) {
            case CONNECTION_STRING -> connectionString;
            case ACCOUNT_KEY -> config.get(ACCOUNT_KEY);
            case SAS_TOKEN -> config.get(SAS_TOKEN);
            case ENTRA_ID -> null;
        };
        String authKey = switch (auth) {
            case CONNECTION_STRING -> config.key(CONNECTION_STRING);
            case ACCOUNT_KEY -> config.key(ACCOUNT_KEY);
            case SAS_TOKEN -> config.key(SAS_TOKEN);
            case ENTRA_ID -> "Microsoft Entra ID (DefaultAzureCredential)";
        };
        return new AzureConnection(resolvedEndpoint, config.key(ENDPOINT), accountName, auth, authKey, secret,
                config.get(MANAGED_IDENTITY_CLIENT_ID), config.get(RETRY_MAX_TRIES), config.get(RETRY_DELAY),
                config.get(RETRY_MAX_DELAY), config.get(RETRY_TRY_TIMEOUT));
    }

    /**
     * Reads the writing options, adding problems (a bad path template) to {@code problems}.
     *
     * @return the settings, or null when there were problems
     */
    static ObjectWriterSettings writerSettings(Config config, List<String> problems) {
        WriteMode mode = config.get(MODE);
        String template = config.getOptional(PATH_TEMPLATE)
                .orElse(mode == WriteMode.PER_RECORD ? "{key}" : "{range}.jsonl");
        try {
            PathTemplate parsed = PathTemplate.parse(template, mode, MAX_PATH_LENGTH);
            return new ObjectWriterSettings(parsed, config.get(CREATE_ONLY), config.get(BLOCK_SIZE), config.get(CONCURRENCY));
        } catch (IllegalArgumentException e) {
            problems.add(ConfigException.invalid(config.key(PATH_TEMPLATE), template,
                    e.getMessage() + " (mode " + MODE.format(mode) + ")"));
            return null;
        }
    }
}
