package dev.eos.connector.azurecommon;

import com.azure.core.client.traits.AzureNamedKeyCredentialTrait;
import com.azure.core.client.traits.AzureSasCredentialTrait;
import com.azure.core.client.traits.EndpointTrait;
import com.azure.core.client.traits.HttpTrait;
import com.azure.core.client.traits.TokenCredentialTrait;
import com.azure.core.credential.AzureNamedKeyCredential;
import com.azure.core.credential.AzureSasCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import dev.eos.spi.Secret;
import dev.eos.spi.ConfigException;

import java.time.Duration;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * Where a storage account is and how to authenticate to it, read from the shared options; applies itself to an
 * Azure SDK client builder. The secret is revealed only to the builder; {@link #toString()} shows which option
 * authenticates, never its value.
 *
 * @param endpoint the service endpoint, or null with a connection string
 * @param endpointKey the endpoint's option (for messages)
 * @param authKey the option that authenticates (for messages), or a description of Entra ID
 */
public record AzureConnection(String endpoint, String endpointKey, String accountName, Auth auth, String authKey,
                              Secret secret, String managedIdentityClientId, int maxTries, Duration retryDelay,
                              Duration maxRetryDelay, Duration tryTimeout) {

    /** The ways to authenticate. */
    public enum Auth { CONNECTION_STRING, ACCOUNT_KEY, SAS_TOKEN, ENTRA_ID }

    /** The HTTP transport every client of a sink shares: the JDK's HttpClient, so no Netty is needed. */
    public static HttpClient newHttpClient() {
        return new JdkHttpClientBuilder().build();
    }

    /** The SDK's retry policy from the retry options. */
    public RequestRetryOptions retryOptions() {
        return new RequestRetryOptions(RetryPolicyType.EXPONENTIAL, maxTries, tryTimeout, retryDelay, maxRetryDelay, null);
    }

    /**
     * Sets the endpoint, the credential and the transport of a client builder.
     *
     * @param connectionString how the builder takes a connection string
     */
    public <B extends TokenCredentialTrait<B> & AzureNamedKeyCredentialTrait<B> & AzureSasCredentialTrait<B>
            & HttpTrait<B> & EndpointTrait<B>> B configure(B builder, HttpClient httpClient,
                                                            BiConsumer<B, String> connectionString) {
        builder.httpClient(httpClient);
        switch (auth) {
            case CONNECTION_STRING -> connectionString.accept(builder, secret.reveal());
            case ACCOUNT_KEY -> builder.endpoint(endpoint)
                    .credential(new AzureNamedKeyCredential(accountName, secret.reveal()));
            case SAS_TOKEN -> builder.endpoint(endpoint)
                    .credential(new AzureSasCredential(secret.reveal().replaceFirst("^\\?", "")));
            case ENTRA_ID -> {
                DefaultAzureCredentialBuilder credential = new DefaultAzureCredentialBuilder().httpClient(httpClient);
                if (managedIdentityClientId != null) {
                    credential.managedIdentityClientId(managedIdentityClientId);
                }
                builder.endpoint(endpoint).credential(credential.build());
            }
        }
        return builder;
    }

    /**
     * Runs {@code build} (a client builder's configuration and build) and turns what the SDK refuses (a malformed
     * connection string or endpoint) into a {@link ConfigException} naming the options; the SDK's message is kept
     * only when it cannot quote the secret (never for a connection string, whose parts it may repeat).
     */
    public <T> T build(Supplier<T> build) {
        try {
            return build.get();
        } catch (RuntimeException e) {
            String message = e.getMessage() == null ? "" : e.getMessage();
            if (auth == Auth.CONNECTION_STRING || secret != null && !secret.isEmpty() && message.contains(secret.reveal())) {
                message = Secret.HIDDEN;
            }
            throw new ConfigException("The Azure SDK refused the endpoint (\"" + endpointKey + "\") or the credentials ("
                    + authKey + "): " + e.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message));
        }
    }

    @Override
    public String toString() {
        return "AzureConnection{endpoint=" + endpoint + ", auth=" + authKey + "}";
    }
}
