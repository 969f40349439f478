package dev.eos.it.cluster;

import dev.eos.demo.crashloop.ClusterCrashRun;
import dev.eos.demo.crashloop.ClusterFault;
import dev.eos.demo.crashloop.ClusterVerdict;
import dev.eos.demo.crashloop.FilesEventFeeder;
import dev.eos.demo.crashloop.PrintedSubmit;
import dev.eos.demo.crashloop.SinkStateReader;
import dev.eos.testing.sparkcluster.SparkCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The guarantee on a real Spark standalone cluster: one Master and two Workers in their own JVMs (one cluster for
 * every cluster test of the run, {@link SharedSparkCluster}), the job submitted with the very command
 * {@code bin/eos run --print-submit} prints (the runtime jar as the application, the sink's drop-in jar with
 * {@code --jars}) in {@code --deploy-mode cluster --supervise}, events arriving all along, and, in one stream run,
 * the sink's {@link ClusterFault}s (all of them by default): an executor halted at the {@code before-commit} crash
 * point, an executor SIGKILLed mid-batch, a speculative attempt of a slowed task, a lost task retried on another
 * executor, the driver SIGKILLed and relaunched by its Worker (recovering from the checkpoint), one Worker stopped for
 * good. At the end the sink must hold every event exactly once.
 *
 * <p>A sink's test supplies its keys, the connectors to install in the plugins directory and a reader of what it
 * stored, as for {@code AbstractCrashLoopIT}, and may choose its faults and the job's engine. The verdict table (with
 * the evidence of each fault) is printed to the test's output; the cluster's logs and work directories stay under
 * {@code target/tmp} when a test fails.
 */
@ExtendWith(SharedSparkCluster.class)
public abstract class AbstractClusterIT {

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    protected Path workDir;

    /** {@code eos.sink} and the sink's options against a fresh, empty target. */
    protected abstract Map<String, String> sinkProperties(Path workDir) throws Exception;

    /** Reads what the sink stored: one payload per stored copy. */
    protected abstract SinkStateReader sinkState(Path workDir) throws Exception;

    /** The connectors whose drop-in jars go into the plugins directory ({@code files} is embedded: none). */
    protected List<String> connectors() {
        return List.of();
    }

    /** The faults this sink's run injects: all of them by default. */
    protected Set<ClusterFault> sinkFaults() {
        return EnumSet.allOf(ClusterFault.class);
    }

    /** The job's {@code eos.engine}: {@code dstream} by default. */
    protected String engine() {
        return "dstream";
    }

    /** The faults of the run: the sink's ({@link #sinkFaults()}), or those {@code -Deos.it.cluster.faults=NAME,...} names. */
    private Set<ClusterFault> faults() {
        String names = System.getProperty("eos.it.cluster.faults", "");
        if (names.isBlank()) {
            return sinkFaults();
        }
        Set<ClusterFault> faults = EnumSet.noneOf(ClusterFault.class);
        for (String name : names.split(",")) {
            faults.add(ClusterFault.valueOf(name.trim()));
        }
        return faults;
    }

    /** Adjusts the run (feed rate, timeouts); unchanged by default. */
    protected ClusterCrashRun.Builder configure(ClusterCrashRun.Builder run) {
        return run;
    }

    @Test
    void everyEventIsStoredExactlyOnceThroughExecutorDriverAndWorkerFaults(SparkCluster cluster) throws Exception {
        Path eosHome = Path.of(System.getProperty("eos.home", "..")).toAbsolutePath().normalize();
        Path plugins = Files.createDirectories(workDir.resolve("plugins"));
        for (String connector : connectors()) {
            Path jar = PrintedSubmit.connectorJar(eosHome, connector);
            Files.createSymbolicLink(plugins.resolve(jar.getFileName()), jar);
        }
        long seed = Long.getLong("eos.it.seed", System.nanoTime() % 1_000_000);
        Map<String, String> job = new LinkedHashMap<>(sinkProperties(workDir));
        job.put("eos.engine", engine());
        long started = System.nanoTime();
        ClusterCrashRun.Builder run = ClusterCrashRun.builder()
                .cluster(cluster)
                .workDir(workDir)
                .eosHome(eosHome)
                .plugins(plugins)
                .feeder(new FilesEventFeeder(workDir.resolve("input")))
                .jobProperties(job)
                .sinkState(sinkState(workDir))
                .faults(faults())
                .seed(seed)
                // a fault shows within a few batches; on two cores busy with other builds a batch can take a minute
                .faultTimeout(Duration.ofMinutes(6))
                .narrator(line -> System.out.printf("[cluster] %5.1f s  %s%n", (System.nanoTime() - started) / 1e9,
                        line));

        ClusterVerdict verdict = configure(run).build().run();
        System.out.println(verdict.table());

        assertThat(verdict.verdict().problems()).as(verdict.table()).isEmpty();
        assertThat(verdict.verdict().duplicates()).as("duplicates\n" + verdict.table()).isZero();
        assertThat(verdict.verdict().missing()).as("missing\n" + verdict.table()).isZero();
        assertThat(verdict.verdict().unexpected()).as("unexpected\n" + verdict.table()).isZero();
        assertThat(verdict.evidence().keySet()).as("faults seen\n" + verdict.table()).containsAll(faults());
        assertThat(verdict.passed()).as(verdict.table()).isTrue();
    }
}
