package dev.eos.it.cluster;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import dev.eos.connector.azurecommon.Azurite;
import dev.eos.demo.crashloop.SinkStateReader;
import dev.eos.it.AzureBlobStateReader;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The cluster faults against the {@code azure-blob} sink on Azurite (its own process): the drop-in jar submitted
 * with {@code --jars}, one object per record ({@code events/{key}}); every event must end up in exactly one object.
 */
@EnabledIfSystemProperty(named = "eos.it.cluster.every-sink", matches = "true",
        disabledReason = "several minutes on 2 cores: runs with -Pcrash-heavy; FilesClusterIT covers every fault by default")
class AzureBlobClusterIT extends AbstractClusterIT {

    private static final String PREFIX = "events/";
    private final Azurite azurite = Azurite.shared();
    private final String containerName = "cluster" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    private final BlobContainerClient container = new BlobServiceClientBuilder()
            .connectionString(azurite.connectionString()).buildClient().getBlobContainerClient(containerName);

    @Override
    protected Map<String, String> sinkProperties(Path workDir) {
        return Map.of("eos.sink", "azure-blob",
                "eos.sink.azure-blob.connection-string", azurite.connectionString(),
                "eos.sink.azure-blob.container", containerName,
                "eos.sink.azure-blob.create-container", "true",
                "eos.sink.azure-blob.mode", "per-record",
                "eos.sink.azure-blob.path-template", PREFIX + "{key}");
    }

    @Override
    protected List<String> connectors() {
        return List.of("azure-blob");
    }

    @Override
    protected SinkStateReader sinkState(Path workDir) {
        return new AzureBlobStateReader(container, PREFIX);
    }
}
