package dev.eos.it;

import dev.eos.demo.crashloop.CrashLoopOptions;
import dev.eos.demo.crashloop.SinkStateReader;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The crash loop against the {@code azure-blob} sink on Azurite ({@link AzureBlobEventsContainer}: one object per
 * record, uploaded one at a time). Every event must end up in exactly one object.
 */
class AzureBlobCrashLoopIT extends AbstractCrashLoopIT {

    private final AzureBlobEventsContainer container = new AzureBlobEventsContainer("crash");

    @Override
    protected Map<String, String> sinkProperties(Path workDir) {
        return container.sinkProperties();
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
        return container.state();
    }
}
