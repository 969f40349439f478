package dev.eos.connector.adls;

import com.azure.core.http.HttpClient;
import com.azure.storage.file.datalake.DataLakeFileSystemClient;
import com.azure.storage.file.datalake.DataLakeServiceClientBuilder;
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
 * Writes to one file system of an ADLS Gen2 account (hierarchical namespace). Holds the SDK client (JDK
 * HttpClient transport, the SDK's retry policy from the retry options) and the threads of per-record uploads;
 * thread-safe.
 */
public final class AdlsSink implements Sink {

    private final AdlsSinkConfig config;
    private final DataLakeFileSystemClient fileSystem;
    private final ExecutorService uploads;
    private volatile boolean closed;

    AdlsSink(AdlsSinkConfig config) {
        this.config = config;
        HttpClient http = AzureConnection.newHttpClient();
        this.fileSystem = config.storage().connection().build(() -> {
            DataLakeServiceClientBuilder builder = config.storage().connection().configure(new DataLakeServiceClientBuilder(),
                            http, DataLakeServiceClientBuilder::connectionString)
                    .retryOptions(config.storage().connection().retryOptions());
            if (config.serviceVersion() != null) {
                builder.serviceVersion(config.serviceVersion());
            }
            return builder.buildClient().getFileSystemClient(config.storage().container());
        });
        AtomicInteger threads = new AtomicInteger();
        this.uploads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "eos-adls-upload-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Checks that the file system exists (or creates it with {@code create-file-system}) and can be read. */
    @Override
    public void preflight() {
        try {
            if (fileSystem.exists()) {
                return;
            }
            if (!config.storage().createContainer()) {
                throw new ConfigException("The file system \"" + config.storage().container() + "\" does not exist at "
                        + fileSystem.getAccountUrl() + "; create it, or set " + config.storage().createContainerKey()
                        + "=true");
            }
            fileSystem.createIfNotExists();
        } catch (SinkException e) {
            throw e;
        } catch (RuntimeException e) {
            SinkException translated = AzureErrors.translate(e, "Checking the file system", config.storage().container(), null,
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
            throw new IllegalStateException("The adls sink is closed");
        }
        return new AdlsSinkWriter(fileSystem, context, config.storage().writer(), uploads, config.storage().connection().authKey());
    }

    @Override
    public void close() {
        closed = true;
        uploads.shutdown();
    }

    @Override
    public String toString() {
        return "AdlsSink{fileSystem=" + config.storage().container() + ", " + config.storage().connection() + ", mode="
                + config.storage().writer().mode() + ", template=" + config.storage().writer().template() + "}";
    }
}
