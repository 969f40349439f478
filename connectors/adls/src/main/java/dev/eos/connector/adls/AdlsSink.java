package dev.eos.connector.adls;

import com.azure.storage.file.datalake.DataLakeFileSystemClient;
import com.azure.storage.file.datalake.DataLakeServiceClientBuilder;
import dev.eos.connector.azurecommon.AzureConnection;
import dev.eos.connector.azurecommon.ObjectSink;
import dev.eos.connector.azurecommon.ObjectSinkWriter;
import dev.eos.connector.azurecommon.ObjectWriterSettings;
import dev.eos.spi.WriteContext;

import java.util.concurrent.Executor;

/**
 * Writes to one file system of an ADLS Gen2 account (hierarchical namespace), as files renamed into place;
 * thread-safe.
 */
public final class AdlsSink extends ObjectSink {

    private final DataLakeFileSystemClient fileSystem;

    AdlsSink(AdlsSinkConfig config) {
        super(AdlsSinkProvider.NAME, "file system", config.storage());
        AzureConnection connection = config.storage().connection();
        this.fileSystem = connect(http -> connection.configure(new DataLakeServiceClientBuilder(), http,
                        DataLakeServiceClientBuilder::connectionString)
                .retryOptions(connection.retryOptions())
                .serviceVersion(config.serviceVersion())
                .buildClient().getFileSystemClient(config.storage().container()));
    }

    @Override
    protected boolean exists() {
        return fileSystem.exists();
    }

    @Override
    protected void create() {
        fileSystem.createIfNotExists();
    }

    @Override
    protected String accountUrl() {
        return fileSystem.getAccountUrl();
    }

    @Override
    protected ObjectSinkWriter newWriter(WriteContext context, ObjectWriterSettings settings, Executor uploads,
                                         String authKey) {
        return new AdlsSinkWriter(fileSystem, context, settings, uploads, authKey);
    }
}
