package dev.eos.it;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import dev.eos.connector.azurecommon.Azurite;
import dev.eos.demo.crashloop.CrashLoopOptions;
import dev.eos.demo.crashloop.SinkStateReader;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/**
 * The crash loop against the {@code azure-blob} sink on Azurite (its own process, which outlives the killed
 * driver), one object per record ({@code events/{key}}) uploaded one at a time, so that a batch becomes visible
 * record by record and {@code before-commit} finds part of a partition stored. Every event must end up in exactly one object.
 * Objects never change once written (a replay writes the same bytes), so the reader downloads each object once.
 */
class AzureBlobCrashLoopIT extends AbstractCrashLoopIT {

    private static final String PREFIX = "events/";
    private final Azurite azurite = Azurite.shared();
    private final String containerName = "crash" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    private final BlobContainerClient container = new BlobServiceClientBuilder()
            .connectionString(azurite.connectionString()).buildClient().getBlobContainerClient(containerName);

    @Override
    protected Map<String, String> sinkProperties(Path workDir) {
        return Map.of("eos.sink", "azure-blob",
                "eos.sink.azure-blob.connection-string", azurite.connectionString(),
                "eos.sink.azure-blob.container", containerName,
                "eos.sink.azure-blob.create-container", "true",
                "eos.sink.azure-blob.mode", "per-record",
                "eos.sink.azure-blob.path-template", PREFIX + "{key}",
                "eos.sink.azure-blob.concurrency", "1");
    }

    /**
     * 10 events a second instead of 50, and three minutes to drain: Azurite is one Node process
     * on the same two shared cores as the job and the build, and each restarted driver loads the relocated Azure SDK
     * before its first batch, so a restarted job needs time to work off the batches it missed.
     */
    @Override
    protected CrashLoopOptions configure(CrashLoopOptions loop) {
        return loop.feedRate(5, Duration.ofMillis(500)).drainTimeout(Duration.ofMinutes(3));
    }

    @Override
    protected SinkStateReader sinkState(Path workDir) {
        return new AzureBlobStateReader(container, PREFIX);
    }
}
