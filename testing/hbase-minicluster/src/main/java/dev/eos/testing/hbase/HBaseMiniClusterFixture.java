package dev.eos.testing.hbase;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * A real HBase mini cluster (ZooKeeper, one master, one region server, local file system) running in a child JVM,
 * for tests. Uses only the JDK, so a test class path holds nothing of HBase's server side: depend on this artifact
 * with every transitive dependency excluded.
 *
 * <pre>{@code
 * HBaseMiniClusterFixture hbase = HBaseMiniClusterFixture.shared();   // one per test JVM, started on first use
 * conf.set("hbase.zookeeper.quorum", hbase.zookeeperQuorum());
 * }</pre>
 *
 * The child's class path is the one this module's build wrote to {@code minicluster.classpath} next to this class;
 * the child prints {@value #PREFIX}{@code READY <port>} when it serves, and stops when its standard input closes,
 * so it dies with the test JVM even after a {@code kill -9}. Its output goes to {@link #logFile()}.
 */
public final class HBaseMiniClusterFixture implements AutoCloseable {

    /** Prefix of the child's protocol lines on its standard output. */
    public static final String PREFIX = "EOS-MINICLUSTER ";

    private static final String CLASSPATH_RESOURCE = "minicluster.classpath";
    private static final long START_TIMEOUT_SECONDS = 180;
    private static final long COMMAND_TIMEOUT_SECONDS = 120;

    private static HBaseMiniClusterFixture shared;

    private final Process process;
    private final Path workDir;
    private final Path logFile;
    private final Writer commands;
    private final BlockingQueue<String> replies;
    private final int zookeeperPort;

    private HBaseMiniClusterFixture(Process process, Path workDir, Path logFile, CompletableFuture<Integer> ready,
                                    BlockingQueue<String> replies) {
        this.process = process;
        this.replies = replies;
        this.workDir = workDir;
        this.logFile = logFile;
        this.commands = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        try {
            this.zookeeperPort = ready.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("interrupted while the HBase mini cluster started", e);
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            throw new IllegalStateException("the HBase mini cluster did not start within " + START_TIMEOUT_SECONDS
                    + " s; its log " + logFile + " ends with:\n" + tail(logFile), e);
        }
    }

    /**
     * The mini cluster of this JVM: started on the first call (in {@code java.io.tmpdir}), stopped when the JVM
     * exits. Tests that share it use their own table names.
     */
    public static synchronized HBaseMiniClusterFixture shared() {
        if (shared == null || !shared.process.isAlive()) {
            Path dir = Path.of(System.getProperty("java.io.tmpdir"), "hbase-minicluster-" + ProcessHandle.current().pid());
            shared = start(dir, Map.of());
            HBaseMiniClusterFixture started = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "hbase-minicluster-stop"));
        }
        return shared;
    }

    /**
     * Starts a mini cluster whose files live under {@code workDir}, with extra configuration for its master and
     * region server, and waits until it serves.
     */
    public static HBaseMiniClusterFixture start(Path workDir, Map<String, String> configuration) {
        try {
            Files.createDirectories(workDir.resolve("tmp"));
            Path logFile = workDir.resolve("minicluster.log");
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx768m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                    "-Djava.io.tmpdir=" + workDir.resolve("tmp"),
                    "-Dtest.build.data.basedirectory=" + workDir.resolve("data"),
                    "-cp", classPath(),
                    HBaseMiniClusterMain.class.getName(),
                    "hadoop.tmp.dir=" + workDir.resolve("hadoop-tmp")));
            configuration.forEach((k, v) -> command.add(k + "=" + v));
            Process process = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .start();
            CompletableFuture<Integer> ready = new CompletableFuture<>();
            BlockingQueue<String> replies = new LinkedBlockingQueue<>();
            Thread pump = new Thread(() -> pump(process.getInputStream(), logFile, ready, replies),
                    "hbase-minicluster-output");
            pump.setDaemon(true);
            pump.start();
            return new HBaseMiniClusterFixture(process, workDir, logFile, ready, replies);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the HBase mini cluster", e);
        }
    }

    /** {@code 127.0.0.1}, the value of {@code hbase.zookeeper.quorum}. */
    public String zookeeperHost() {
        return "127.0.0.1";
    }

    /** The value of {@code hbase.zookeeper.property.clientPort}. */
    public int zookeeperPort() {
        return zookeeperPort;
    }

    /** {@code 127.0.0.1:<port>}: a quorum string with the port, as a client's quorum option takes it. */
    public String zookeeperQuorum() {
        return zookeeperHost() + ":" + zookeeperPort;
    }

    /** The child's output: the cluster's warnings and errors. */
    public Path logFile() {
        return logFile;
    }

    /** Stops the region server: every region goes offline until {@link #startRegionServer()}. */
    public void stopRegionServer() {
        command("stop-regionserver");
    }

    /** Starts a region server and returns once every region of every table is assigned to it. */
    public void startRegionServer() {
        command("start-regionserver");
    }

    private synchronized void command(String command) {
        try {
            commands.write(command + "\n");
            commands.flush();
            String reply = replies.poll(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (reply == null) {
                throw new IllegalStateException("no answer to " + command + " within " + COMMAND_TIMEOUT_SECONDS + " s");
            }
            if (!reply.equals("OK " + command)) {
                throw new IllegalStateException("mini cluster answered: " + reply + "; see " + logFile);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Stops the cluster (gracefully for up to 30 s, then by force) and deletes its files. */
    @Override
    public void close() {
        try {
            commands.write("stop\n");
            commands.close();
        } catch (IOException ignored) {
            // the child is gone already
        }
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        deleteQuietly(workDir.resolve("data"));
        deleteQuietly(workDir.resolve("hadoop-tmp"));
    }

    private static void pump(InputStream output, Path logFile, CompletableFuture<Integer> ready,
                             BlockingQueue<String> replies) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(output, StandardCharsets.UTF_8));
             Writer log = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                log.write(line);
                log.write('\n');
                log.flush();
                if (line.startsWith(PREFIX + "READY ")) {
                    ready.complete(Integer.parseInt(line.substring((PREFIX + "READY ").length()).trim()));
                } else if (line.startsWith(PREFIX)) {
                    replies.add(line.substring(PREFIX.length()));
                }
            }
        } catch (IOException | RuntimeException e) {
            ready.completeExceptionally(e);
        }
        ready.completeExceptionally(new IllegalStateException("the mini cluster JVM exited"));
    }

    private static String classPath() throws IOException {
        String dependencies;
        try (InputStream in = HBaseMiniClusterFixture.class.getResourceAsStream(CLASSPATH_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(CLASSPATH_RESOURCE + " is missing next to "
                        + HBaseMiniClusterFixture.class.getName() + ": build eos-testing-hbase-minicluster with Maven");
            }
            dependencies = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        }
        return ownLocation() + java.io.File.pathSeparator + dependencies;
    }

    private static String ownLocation() {
        try {
            return Path.of(HBaseMiniClusterFixture.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException | RuntimeException e) {
            return "(unreadable: " + e + ")";
        }
    }

    private static void deleteQuietly(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // best effort: the files live under target/
        }
    }
}
