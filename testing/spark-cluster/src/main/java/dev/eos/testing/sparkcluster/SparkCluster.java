package dev.eos.testing.sparkcluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real Spark standalone cluster on the loopback interface for tests and the cluster demo: one Master and N Workers,
 * each in its own JVM with its own work directory, started from the Maven jars of Spark (no download, no Spark
 * installation). The Master listens on 127.0.0.1, Worker N on 127.0.0.N (all loopback on Linux): Spark never starts a
 * speculative copy of a task on a host where an attempt of it runs, so the Workers must look like two hosts.
 *
 * <pre>{@code
 * try (SparkCluster cluster = SparkCluster.start(dir)) {       // one Master, two Workers of 2 cores each
 *     List<String> submit = cluster.sparkSubmit();              // java ... org.apache.spark.deploy.SparkSubmit
 *     submit.addAll(List.of("--master", cluster.masterUrl(), ...));
 * }
 * }</pre>
 *
 * <h2>How</h2>
 * <ul>
 *   <li>{@code <dir>/spark-home/jars} holds a symbolic link to every jar of the Spark "distribution": the class path
 *       this module's build wrote ({@code spark-distribution.classpath}: Spark core and streaming with their
 *       dependencies, which is the runtime's provided scope). Workers launch executors and drivers from it, as
 *       from a downloaded Spark.</li>
 *   <li>Every daemon runs {@code java <flags> -cp <spark-home>/jars/*:<this module> Attached <Spark main>} with
 *       {@code SPARK_HOME}, its own {@code SPARK_LOCAL_IP} and free ports; {@link Attached} ends the daemon when
 *       the JVM that started it is gone. Output goes to {@code master.log} and {@code worker-N.log}.</li>
 *   <li>{@link #start} returns once the Master's JSON API ({@code http://127.0.0.1:<web UI port>/json/}) says it
 *       is ALIVE with every Worker registered: no sleeping.</li>
 *   <li>{@link #close()} stops the Workers first (each kills its executors and drivers), then the Master. The
 *       files stay (logs, work directories) under {@code dir}.</li>
 * </ul>
 * The Master's REST server listens on a free port ({@link #restUrl()}, for {@code spark-submit --kill}); a
 * {@code --deploy-mode cluster} submission to {@link #masterUrl()} goes through the RPC gateway.
 */
public final class SparkCluster implements AutoCloseable {

    static final String MASTER_CLASS = "org.apache.spark.deploy.master.Master";
    static final String WORKER_CLASS = "org.apache.spark.deploy.worker.Worker";
    static final String SUBMIT_CLASS = "org.apache.spark.deploy.SparkSubmit";
    /** In the command line of every executor JVM a Worker starts. */
    public static final String EXECUTOR_CLASS = "org.apache.spark.executor.CoarseGrainedExecutorBackend";
    /** In the command line of every driver JVM a Worker starts ({@code --deploy-mode cluster}). */
    public static final String DRIVER_CLASS = "org.apache.spark.deploy.worker.DriverWrapper";

    private static final String CLASSPATH_RESOURCE = "spark-distribution.classpath";
    private static final String FLAGS_RESOURCE = "jvm-flags.txt";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final Path sparkHome;
    private final int masterPort;
    private final int masterWebUiPort;
    private final int restPort;
    private final int workerCores;
    private final String workerMemory;
    private final Process master;
    private final List<Worker> workers = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private SparkCluster(Path dir, Path sparkHome, int masterPort, int masterWebUiPort, int restPort, int workerCores,
                         String workerMemory, Process master) {
        this.dir = dir;
        this.sparkHome = sparkHome;
        this.masterPort = masterPort;
        this.masterWebUiPort = masterWebUiPort;
        this.restPort = restPort;
        this.workerCores = workerCores;
        this.workerMemory = workerMemory;
        this.master = master;
    }

    /** One Master and two Workers of 2 cores and 2 GiB each, under {@code dir}. */
    public static SparkCluster start(Path dir) {
        return start(dir, 2, 2, "2g");
    }

    /**
     * Starts a Master and {@code workers} Workers of {@code cores} cores and {@code memory} (Spark's notation:
     * {@code 2g}, {@code 1536m}) each under {@code dir}, and returns once every Worker is registered.
     */
    public static SparkCluster start(Path dir, int workers, int cores, String memory) {
        Path root = dir.toAbsolutePath();
        SparkCluster cluster = null;
        try {
            Path sparkHome = sparkHome(root.resolve("spark-home"));
            int port = freePort();
            int webUi = freePort();
            int rest = freePort();
            Process master = daemon(root, sparkHome, "127.0.0.1", root.resolve("master.log"),
                    List.of("-Dspark.master.rest.enabled=true", "-Dspark.master.rest.port=" + rest), List.of(MASTER_CLASS,
                    "--host", "127.0.0.1", "--port", String.valueOf(port), "--webui-port", String.valueOf(webUi)));
            cluster = new SparkCluster(root, sparkHome, port, webUi, rest, cores, memory, master);
            for (int n = 1; n <= workers; n++) {
                cluster.workers.add(cluster.startWorker(n));
            }
            cluster.awaitWorkersRegistered();
            return cluster;
        } catch (IOException e) {
            if (cluster != null) {
                cluster.close();
            }
            throw new UncheckedIOException("cannot start the Spark cluster under " + root, e);
        } catch (RuntimeException e) {
            if (cluster != null) {
                cluster.close();
            }
            throw e;
        }
    }

    /**
     * Starts a Worker again in place of each one that was stopped ({@link Worker#stop()}, a test's "worker lost for
     * good"): the same number, address and work directory, new ports; its output is appended to the same log. Returns
     * once the Master counts every Worker ALIVE. A cluster shared by several tests calls this before each.
     *
     * @return how many Workers were started again
     */
    public int restoreStoppedWorkers() {
        int restored = 0;
        for (int i = 0; i < workers.size(); i++) {
            Worker worker = workers.get(i);
            if (!worker.isAlive()) {
                worker.stop(); // whatever of it is left, and the Master no longer counts it
                try {
                    workers.set(i, startWorker(worker.number()));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot start worker " + worker.number() + " again", e);
                }
                restored++;
            }
        }
        if (restored > 0) {
            awaitWorkersRegistered();
        }
        return restored;
    }

    private void awaitWorkersRegistered() {
        await(START_TIMEOUT, "the Master ALIVE with " + workers.size() + " workers registered",
                state -> "ALIVE".equals(state.path("status").asText())
                        && state.path("aliveworkers").asInt() == workers.size()
                        && workers.stream().allMatch(w -> workerState(w).isPresent()));
    }

    private Worker startWorker(int number) throws IOException {
        Path workDir = dir.resolve("worker-" + number);
        Files.createDirectories(workDir);
        int webUi = freePort();
        Path log = dir.resolve("worker-" + number + ".log");
        String host = "127.0.0." + number;
        Process process = daemon(dir, sparkHome, host, log, List.of(), List.of(WORKER_CLASS, "--host", host,
                "--cores", String.valueOf(workerCores), "--memory", workerMemory, "--webui-port", String.valueOf(webUi),
                "-d", workDir.toString(), masterUrl()));
        return new Worker(this, number, host, workDir, webUi, log, process);
    }

    /** {@code spark://127.0.0.1:<port>}: the {@code --master} of a submission. */
    public String masterUrl() {
        return "spark://127.0.0.1:" + masterPort;
    }

    /**
     * {@code spark://127.0.0.1:<REST port>}: the {@code --master} of {@code spark-submit --kill <driver id>} and
     * {@code --status}, which go through the Master's REST server (submissions go through {@link #masterUrl()}).
     */
    public String restUrl() {
        return "spark://127.0.0.1:" + restPort;
    }

    /** The Master's JSON API: {@code http://127.0.0.1:<web UI port>/json/}. */
    public URI masterJsonUri() {
        return URI.create("http://127.0.0.1:" + masterWebUiPort + "/json/");
    }

    /** The cluster's Spark installation: {@code jars/} holds Spark and its dependencies. */
    public Path sparkHome() {
        return sparkHome;
    }

    /** Where the cluster keeps its logs and work directories. */
    public Path dir() {
        return dir;
    }

    public Path masterLog() {
        return dir.resolve("master.log");
    }

    /** The Workers, in the order they were started (1, 2, ...), including stopped ones. */
    public List<Worker> workers() {
        return List.copyOf(workers);
    }

    /**
     * What {@code spark-submit} is on this cluster's Spark: {@code java <flags> -cp <spark-home>/jars/*
     * org.apache.spark.deploy.SparkSubmit}; append the submission's arguments. Run it with {@link #environment()}.
     */
    public List<String> sparkSubmit() {
        List<String> command = new ArrayList<>();
        command.add(java());
        command.addAll(jvmFlags());
        command.add("-Djava.io.tmpdir=" + scratch());
        command.add("-cp");
        command.add(sparkHome.resolve("jars") + File.separator + "*");
        command.add(SUBMIT_CLASS);
        return command;
    }

    /** The environment of the cluster's JVMs and of {@link #sparkSubmit()}: {@code SPARK_HOME} and friends. */
    public Map<String, String> environment() {
        return environment(sparkHome, dir);
    }

    /**
     * The JVM flags Spark needs on JDK 17: {@code -Deos.jvm.flags} when given (the build sets it for tests), else the
     * parent POM's {@code eos.jvm.flags} as this module's build wrote them. Executors and drivers need them too:
     * pass them in {@code spark.executor.extraJavaOptions} and {@code spark.driver.extraJavaOptions}.
     */
    public static List<String> jvmFlags() {
        String given = System.getProperty("eos.jvm.flags");
        String flags = given != null && !given.isBlank() ? given : resource(FLAGS_RESOURCE);
        if (flags.contains("${")) {
            throw new IllegalStateException(FLAGS_RESOURCE + " was not filtered by the build: " + flags.strip());
        }
        return Arrays.stream(flags.trim().split("\\s+")).filter(f -> !f.isEmpty()).toList();
    }

    /** The Master's state as its JSON API gives it ({@code status}, {@code workers}, {@code activeapps}, ...). */
    public JsonNode masterState() {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(masterJsonUri())
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("the Master's JSON API answered HTTP " + response.statusCode());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("the Master's JSON API at " + masterJsonUri() + " is not answering", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The Worker's entry in the Master's state (id, state, cores used, ...), if the Master knows it. */
    public Optional<JsonNode> workerState(Worker worker) {
        String address = "http://" + worker.host() + ":" + worker.webUiPort();
        for (JsonNode node : masterState().path("workers")) {
            if (address.equals(node.path("webuiaddress").asText())) {
                return Optional.of(node);
            }
        }
        return Optional.empty();
    }

    /** The drivers the Master runs ({@code --deploy-mode cluster}): id, state, the worker they run on. */
    public List<Driver> activeDrivers() {
        List<Driver> drivers = new ArrayList<>();
        for (JsonNode node : masterState().path("activedrivers")) {
            drivers.add(new Driver(node.path("id").asText(), node.path("state").asText(),
                    node.path("worker").asText()));
        }
        return drivers;
    }

    /** The applications running on the cluster: id, name, state. */
    public List<App> activeApps() {
        List<App> apps = new ArrayList<>();
        for (JsonNode node : masterState().path("activeapps")) {
            apps.add(new App(node.path("id").asText(), node.path("name").asText(), node.path("state").asText()));
        }
        return apps;
    }

    /** A driver in the Master's state. */
    public record Driver(String id, String state, String workerId) {
    }

    /** An application in the Master's state. */
    public record App(String id, String name, String state) {
    }

    /**
     * Waits until the Master's state satisfies {@code condition}, polling its JSON API; fails with {@code what}
     * when {@code timeout} passes.
     */
    public JsonNode await(Duration timeout, String what, Predicate<JsonNode> condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        RuntimeException last = null;
        while (true) {
            if (!master.isAlive()) {
                throw new IllegalStateException("the Master exited (code " + master.exitValue() + ") while waiting for "
                        + what + "; its log " + masterLog() + " ends with:\n" + tail(masterLog()));
            }
            try {
                JsonNode state = masterState();
                if (condition.test(state)) {
                    return state;
                }
                last = null;
            } catch (RuntimeException e) {
                last = e; // not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no " + what + " within " + timeout.toSeconds() + " s"
                        + (last != null ? " (" + last.getMessage() + ")" : "") + "; see " + dir, last);
            }
            pause(200);
        }
    }

    /** Stops every Worker (and with it its executors and drivers), then the Master. */
    @Override
    public void close() {
        for (Worker worker : workers) {
            worker.stop();
        }
        stop(master, masterLog());
    }

    static void stop(Process process, Path log) {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
            for (ProcessHandle child : children) {
                if (child.isAlive()) {
                    child.destroyForcibly();
                    child.onExit().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            throw new IllegalStateException("a process did not stop; see " + log, e);
        }
    }

    private static Process daemon(Path root, Path sparkHome, String host, Path log, List<String> jvmOptions,
                                  List<String> mainAndArgs) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(java());
        command.addAll(jvmFlags());
        command.add("-Xmx512m");
        command.add("-XX:+UseSerialGC");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-Djava.io.tmpdir=" + scratch(root));
        // a killed driver (spark-submit --kill) gets a minute to stop gracefully before SIGKILL, not 10 s
        command.add("-Dspark.worker.driverTerminateTimeout=60s");
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(sparkHome.resolve("jars") + File.separator + "*" + File.pathSeparator + ownLocation());
        command.add(Attached.class.getName());
        command.addAll(mainAndArgs);
        ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment(sparkHome, root));
        builder.environment().put("SPARK_LOCAL_IP", host);
        builder.environment().put("SPARK_LOCAL_HOSTNAME", host);
        return builder.start();
    }

    private static Map<String, String> environment(Path sparkHome, Path root) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SPARK_HOME", sparkHome.toString());
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        env.put("SPARK_LOCAL_HOSTNAME", "127.0.0.1");
        env.put("SPARK_SCALA_VERSION", "2.13");
        env.put("SPARK_LOCAL_DIRS", scratch(root).toString());
        env.put("JAVA_HOME", System.getProperty("java.home"));
        return env;
    }

    private Path scratch() {
        return scratch(dir);
    }

    private static Path scratch(Path root) {
        Path tmp = root.resolve("tmp");
        try {
            Files.createDirectories(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return tmp;
    }

    /** {@code <home>/jars/}: a link to every jar of the Spark distribution's class path. */
    private static Path sparkHome(Path home) throws IOException {
        Path jars = home.resolve("jars");
        Files.createDirectories(jars);
        for (String entry : resource(CLASSPATH_RESOURCE).trim().split(File.pathSeparator)) {
            Path jar = Path.of(entry);
            if (!entry.endsWith(".jar") || !Files.isRegularFile(jar)) {
                continue;
            }
            Path link = jars.resolve(jar.getFileName());
            try {
                Files.createSymbolicLink(link, jar);
            } catch (FileAlreadyExistsException e) {
                if (!Files.isSameFile(link, jar)) {
                    Files.delete(link);
                    Files.createSymbolicLink(link, jar);
                }
            }
        }
        return home;
    }

    private static String resource(String name) {
        try (InputStream in = SparkCluster.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing beside " + SparkCluster.class.getName()
                        + ": build eos-spark-cluster with Maven, which writes it");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String ownLocation() {
        try {
            return Path.of(SparkCluster.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (Exception e) {
            throw new IllegalStateException("cannot locate " + SparkCluster.class.getName() + "'s classes", e);
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static void pause(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException | RuntimeException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
