package dev.eos.it.jdbc;

import dev.eos.demo.crashloop.ClusterCrashRun;
import dev.eos.demo.crashloop.ClusterFault;
import dev.eos.demo.crashloop.SinkStateReader;
import dev.eos.it.cluster.AbstractClusterIT;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The cluster run into a real PostgreSQL (embedded, in the test JVM; {@link PostgresEventsTable}) on the
 * <b>structured engine</b> ({@code eos.engine=structured}: the files source read as a Structured Streaming query,
 * written with {@code format("eos")}), the jdbc sink's drop-in jar submitted with {@code --jars}: an executor
 * SIGKILLed mid-batch and its task retried on another executor, and the supervised driver SIGKILLed, relaunched by its
 * Worker and resuming the query from its checkpoint (Spark's {@code Resuming at batch <n>}); the table must end with
 * one row per event. {@code FilesClusterIT} injects every fault on the DStream engine.
 */
class JdbcClusterIT extends AbstractClusterIT {

    private PostgresEventsTable table;

    @Override
    protected Map<String, String> sinkProperties(Path workDir) {
        table = PostgresEventsTable.create("cluster");
        return table.sinkProperties();
    }

    @Override
    protected String engine() {
        return "structured";
    }

    @Override
    protected Set<ClusterFault> sinkFaults() {
        return EnumSet.of(ClusterFault.EXECUTOR_KILLED, ClusterFault.TASK_RETRIED, ClusterFault.DRIVER_KILLED);
    }

    /**
     * The files that arrived while an epoch ran are listed by the next one; from 32 paths on, Spark lists them with a
     * distributed job (one task per file), which on two busy cores takes longer than the epoch itself: list on the
     * driver.
     */
    @Override
    protected ClusterCrashRun.Builder configure(ClusterCrashRun.Builder run) {
        return run.sparkConf("spark.sql.sources.parallelPartitionDiscovery.threshold", "100000");
    }

    @Override
    protected List<String> connectors() {
        return List.of("jdbc");
    }

    @Override
    protected SinkStateReader sinkState(Path workDir) {
        return table.state();
    }
}
