package dev.eos.it.cluster;

import dev.eos.demo.crashloop.ClusterFault;
import dev.eos.demo.crashloop.SinkStateReader;
import dev.eos.it.AzureBlobEventsContainer;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The cluster run against the {@code azure-blob} sink on Azurite ({@link AzureBlobEventsContainer}: one object per
 * record), the drop-in jar submitted with {@code --jars}: an executor SIGKILLed mid-batch and its task retried on
 * another executor, and the supervised driver SIGKILLed and relaunched; every event must end up in exactly one object.
 * {@code FilesClusterIT} injects every fault.
 */
class AzureBlobClusterIT extends AbstractClusterIT {

    private final AzureBlobEventsContainer container = new AzureBlobEventsContainer("cluster");

    @Override
    protected Map<String, String> sinkProperties(Path workDir) {
        return container.sinkProperties();
    }

    @Override
    protected Set<ClusterFault> sinkFaults() {
        return EnumSet.of(ClusterFault.EXECUTOR_KILLED, ClusterFault.TASK_RETRIED, ClusterFault.DRIVER_KILLED);
    }

    @Override
    protected List<String> connectors() {
        return List.of("azure-blob");
    }

    @Override
    protected SinkStateReader sinkState(Path workDir) {
        return container.state();
    }
}
