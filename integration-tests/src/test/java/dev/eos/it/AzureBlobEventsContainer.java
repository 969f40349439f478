package dev.eos.it;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import dev.eos.connector.azurecommon.Azurite;
import dev.eos.demo.crashloop.SinkStateReader;

import java.util.Map;
import java.util.UUID;

/**
 * The {@code azure-blob} sink's target in the crash tests (the crash loop and the cluster run): a new container on
 * the shared Azurite (its own process, which outlives every killed driver and executor), created by the sink, one
 * object per record ({@code events/{key}}) uploaded one at a time, so that a batch becomes visible record by record and
 * {@code before-commit} finds part of a partition stored; read back one payload per object
 * ({@link AzureBlobStateReader}).
 */
public final class AzureBlobEventsContainer {

    private static final String PREFIX = "events/";

    private final Azurite azurite = Azurite.shared();
    private final String name;
    private final BlobContainerClient container;

    /** A container named after {@code prefix}, not created yet. */
    public AzureBlobEventsContainer(String prefix) {
        this.name = prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        this.container = new BlobServiceClientBuilder().connectionString(azurite.connectionString()).buildClient()
                .getBlobContainerClient(name);
    }

    /** {@code eos.sink=azure-blob} and its options against this container. */
    public Map<String, String> sinkProperties() {
        return Map.of("eos.sink", "azure-blob",
                "eos.sink.azure-blob.connection-string", azurite.connectionString(),
                "eos.sink.azure-blob.container", name,
                "eos.sink.azure-blob.create-container", "true",
                "eos.sink.azure-blob.mode", "per-record",
                "eos.sink.azure-blob.path-template", PREFIX + "{key}",
                "eos.sink.azure-blob.concurrency", "1");
    }

    /** What the sink stored: one payload per object. */
    public SinkStateReader state() {
        return new AzureBlobStateReader(container, PREFIX);
    }
}
