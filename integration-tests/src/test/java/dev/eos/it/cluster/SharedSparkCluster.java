package dev.eos.it.cluster;

import dev.eos.testing.sparkcluster.SparkCluster;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One Spark standalone cluster for every cluster test of the test JVM, given to a test method as a
 * {@link SparkCluster} parameter: the first test that asks starts it (a Master and two Workers, about 20-35 s on
 * 2 cores), the others reuse it, and JUnit closes it when the whole run ends (it lives in the root context's
 * store). Before handing it out, a Worker that an earlier test stopped for good
 * ({@code ClusterFault.WORKER_STOPPED}) is started again, so each test gets two Workers.
 *
 * <p>The integration tests run in two JVMs at once (integration-tests/pom.xml); a cluster test class holds a file lock
 * in {@code java.io.tmpdir} from its start to its end, so that cluster tests of the two JVMs take turns instead of
 * running two clusters' faults side by side on two cores (the other JVM waits, idle, then goes on).
 */
public final class SharedSparkCluster implements ParameterResolver, BeforeAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedSparkCluster.class);

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        Path file = Path.of(System.getProperty("java.io.tmpdir"), "eos-spark-cluster.lock");
        long waiting = System.nanoTime();
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = channel.lock();
        long waited = (System.nanoTime() - waiting) / 1_000_000_000;
        if (waited > 0) {
            System.out.printf("[cluster] waited %d s for the cluster tests of the other test JVM%n", waited);
        }
        context.getStore(NAMESPACE).put(Turn.class, new Turn(channel, lock));
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == SparkCluster.class;
    }

    @Override
    public SparkCluster resolveParameter(ParameterContext parameter, ExtensionContext context) {
        SparkCluster cluster = context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(Running.class, k -> Running.start(), Running.class).cluster;
        long started = System.nanoTime();
        int restored = cluster.restoreStoppedWorkers();
        if (restored > 0) {
            System.out.printf("[cluster] started %d stopped worker(s) again in %.1f s%n", restored,
                    (System.nanoTime() - started) / 1e9);
        }
        return cluster;
    }

    /** A test class's turn at the cluster: released when the class ends (its store is closed). */
    private record Turn(FileChannel channel, FileLock lock) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() throws IOException {
            try {
                lock.release();
            } finally {
                channel.close();
            }
        }
    }

    /** The cluster in the root store: closed by JUnit after the last test of the run. */
    private record Running(SparkCluster cluster) implements ExtensionContext.Store.CloseableResource {

        static Running start() {
            long started = System.nanoTime();
            try {
                SparkCluster cluster = SparkCluster.start(Files.createTempDirectory(
                        Path.of(System.getProperty("java.io.tmpdir")), "spark-cluster-"));
                System.out.printf("[cluster] Master %s and %d workers ready in %.1f s (%s), shared by every cluster "
                        + "test of this run%n", cluster.masterUrl(), cluster.workers().size(),
                        (System.nanoTime() - started) / 1e9, cluster.dir());
                return new Running(cluster);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            cluster.close();
        }
    }
}
