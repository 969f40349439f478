package dev.eos.connector.azurecommon;

import com.azure.core.http.HttpClient;
import dev.eos.spi.ConfigException;
import dev.eos.spi.RetriableSinkException;
import dev.eos.spi.Sink;
import dev.eos.spi.SinkException;
import dev.eos.spi.SinkWriter;
import dev.eos.spi.WriteContext;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Writes objects into one container of an Azure Storage account (a Blob container, an ADLS Gen2 file system)
 * through {@link ObjectSinkWriter}s. Holds the threads of per-record uploads; a storage service holds its SDK client
 * of the container (built with {@link #connect}, JDK HttpClient transport, the SDK's retry policy from the retry
 * options) and supplies the operations {@link #exists()}, {@link #create()}, {@link #accountUrl()} and
 * {@link #newWriter}. Thread-safe.
 *
 * <h2>Preflight</h2>
 * A missing container fails the start as a {@link ConfigException}, unless the create option allows creating it.
 * A refused or failing check is a {@link ConfigException} too, except a transient failure (throttling, a timeout, a
 * broken connection), which stays retriable.
 */
public abstract class ObjectSink implements Sink {

    private final String name;
    private final String noun;
    private final AzureStorageConfig config;
    private final ExecutorService uploads;
    private volatile boolean closed;

    /**
     * @param name the sink's name: {@code azure-blob}, {@code adls}
     * @param noun what the service calls a container, for messages: {@code container}, {@code file system}
     */
    protected ObjectSink(String name, String noun, AzureStorageConfig config) {
        this.name = name;
        this.noun = noun;
        this.config = config;
        AtomicInteger threads = new AtomicInteger();
        this.uploads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "eos-" + name + "-upload-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Builds the SDK client of the container with the sink's transport; what the SDK refuses (a malformed connection
     * string or endpoint) becomes a {@link ConfigException} naming the options.
     */
    protected final <C> C connect(Function<HttpClient, C> build) {
        HttpClient http = AzureConnection.newHttpClient();
        return config.connection().build(() -> build.apply(http));
    }

    /** Whether the container exists. */
    protected abstract boolean exists();

    /** Creates the container, unless it exists. */
    protected abstract void create();

    /** The storage account's URL, for messages. */
    protected abstract String accountUrl();

    /** A writer of one partition of one batch into the container. */
    protected abstract ObjectSinkWriter newWriter(WriteContext context, ObjectWriterSettings settings,
                                                  Executor uploads, String authKey);

    /** Checks that the container exists (or creates it when the create option allows) and can be read. */
    @Override
    public final void preflight() {
        try {
            if (exists()) {
                return;
            }
            if (!config.createContainer()) {
                throw new ConfigException("The " + noun + " \"" + config.container() + "\" does not exist at "
                        + accountUrl() + "; create it, or set " + config.createContainerKey() + "=true");
            }
            create();
        } catch (SinkException e) {
            throw e;
        } catch (RuntimeException e) {
            SinkException translated = AzureErrors.translate(e, "Checking the " + noun, config.container(), null,
                    config.connection().authKey());
            if (translated instanceof RetriableSinkException) {
                throw translated;
            }
            throw new ConfigException(translated.getMessage(), e);
        }
    }

    @Override
    public final SinkWriter open(WriteContext context) {
        if (closed) {
            throw new IllegalStateException("The " + name + " sink is closed");
        }
        return newWriter(context, config.writer(), uploads, config.connection().authKey());
    }

    @Override
    public final void close() {
        closed = true;
        uploads.shutdown();
    }

    @Override
    public String endpoint() {
        return accountUrl() + ", " + noun + " " + config.container();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "{" + noun + "=" + config.container() + ", " + config.connection()
                + ", mode=" + config.writer().mode() + ", template=" + config.writer().template() + "}";
    }
}
