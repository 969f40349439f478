package dev.eos.connector.azureblob;

import com.azure.core.http.HttpClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import dev.eos.connector.azurecommon.AzureConnection;
import dev.eos.connector.azurecommon.AzureErrors;
import dev.eos.spi.RetriableSinkException;
import dev.eos.spi.Sink;
import dev.eos.spi.ConfigException;
import dev.eos.spi.SinkException;
import dev.eos.spi.SinkWriter;
import dev.eos.spi.WriteContext;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Writes to one container of an Azure Blob Storage account. Holds the SDK client (JDK HttpClient transport, the
 * SDK's retry policy from the retry options) and the threads of per-record uploads; thread-safe.
 */
public final class AzureBlobSink implements Sink {

    private final AzureBlobSinkConfig config;
    private final BlobContainerClient container;
    private final ExecutorService uploads;
    private volatile boolean closed;

    AzureBlobSink(AzureBlobSinkConfig config) {
        this.config = config;
        HttpClient http = AzureConnection.newHttpClient();
        this.container = config.storage().connection().build(() -> {
            BlobServiceClientBuilder builder = config.storage().connection().configure(new BlobServiceClientBuilder(), http,
                            BlobServiceClientBuilder::connectionString)
                    .retryOptions(config.storage().connection().retryOptions());
            if (config.serviceVersion() != null) {
                builder.serviceVersion(config.serviceVersion());
            }
            return builder.buildClient().getBlobContainerClient(config.storage().container());
        });
        AtomicInteger threads = new AtomicInteger();
        this.uploads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "eos-azure-blob-upload-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Checks that the container exists (or creates it with {@code create-container}) and can be read. */
    @Override
    public void preflight() {
        try {
            if (container.exists()) {
                return;
            }
            if (!config.storage().createContainer()) {
                throw new ConfigException("The container \"" + config.storage().container() + "\" does not exist at "
                        + container.getAccountUrl() + "; create it, or set " + config.storage().createContainerKey()
                        + "=true");
            }
            container.createIfNotExists();
        } catch (SinkException e) {
            throw e;
        } catch (RuntimeException e) {
            SinkException translated = AzureErrors.translate(e, "Checking the container", config.storage().container(), null,
                    config.storage().connection().authKey());
            if (translated instanceof RetriableSinkException) {
                throw translated;
            }
            throw new ConfigException(translated.getMessage(), e);
        }
    }

    @Override
    public SinkWriter open(WriteContext context) {
        if (closed) {
            throw new IllegalStateException("The azure-blob sink is closed");
        }
        return new AzureBlobSinkWriter(container, context, config.storage().writer(), uploads, config.storage().connection().authKey());
    }

    @Override
    public void close() {
        closed = true;
        uploads.shutdown();
    }

    @Override
    public String toString() {
        return "AzureBlobSink{container=" + config.storage().container() + ", " + config.storage().connection() + ", mode="
                + config.storage().writer().mode() + ", template=" + config.storage().writer().template() + "}";
    }
}
