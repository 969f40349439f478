package dev.eos.connector.azureblob;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import dev.eos.connector.azurecommon.AzureConnection;
import dev.eos.connector.azurecommon.ObjectSink;
import dev.eos.connector.azurecommon.ObjectSinkWriter;
import dev.eos.connector.azurecommon.ObjectWriterSettings;
import dev.eos.spi.WriteContext;

import java.util.concurrent.Executor;

/** Writes to one container of an Azure Blob Storage account, as block blobs; thread-safe. */
public final class AzureBlobSink extends ObjectSink {

    private final BlobContainerClient container;

    AzureBlobSink(AzureBlobSinkConfig config) {
        super(AzureBlobSinkProvider.NAME, "container", config.storage());
        AzureConnection connection = config.storage().connection();
        this.container = connect(http -> connection.configure(new BlobServiceClientBuilder(), http,
                        BlobServiceClientBuilder::connectionString)
                .retryOptions(connection.retryOptions())
                .serviceVersion(config.serviceVersion())
                .buildClient().getBlobContainerClient(config.storage().container()));
    }

    @Override
    protected boolean exists() {
        return container.exists();
    }

    @Override
    protected void create() {
        container.createIfNotExists();
    }

    @Override
    protected String accountUrl() {
        return container.getAccountUrl();
    }

    @Override
    protected ObjectSinkWriter newWriter(WriteContext context, ObjectWriterSettings settings, Executor uploads,
                                         String authKey) {
        return new AzureBlobSinkWriter(container, context, settings, uploads, authKey);
    }
}
