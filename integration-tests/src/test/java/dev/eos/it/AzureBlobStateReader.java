package dev.eos.it;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.ListBlobsOptions;
import dev.eos.demo.crashloop.SinkStateReader;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the {@code azure-blob} sink stored in one object per record under a prefix: each object's content is one
 * payload. Objects never change once written (a replay writes the same bytes), so each is downloaded once.
 */
public final class AzureBlobStateReader implements SinkStateReader {

    private final BlobContainerClient container;
    private final String prefix;
    private final Map<String, String> payloadByObject = new ConcurrentHashMap<>();

    public AzureBlobStateReader(BlobContainerClient container, String prefix) {
        this.container = container;
        this.prefix = prefix;
    }

    @Override
    public List<String> storedPayloads() {
        return names().stream().map(name -> payloadByObject.computeIfAbsent(name,
                n -> container.getBlobClient(n).downloadContent().toString())).toList();
    }

    @Override
    public long storedCount() {
        return names().size();
    }

    private List<String> names() {
        if (!container.exists()) {
            return List.of();
        }
        return container.listBlobs(new ListBlobsOptions().setPrefix(prefix), null).stream().map(BlobItem::getName)
                .toList();
    }
}
