package dev.eos.testing.sparkcluster;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One Worker of a {@link SparkCluster}: its own JVM and work directory. The executors and drivers it launches are
 * its child JVMs; their output lands under its work directory ({@code <app id>/<executor id>/stderr},
 * {@code <driver id>/stdout}).
 */
public final class Worker {

    private final SparkCluster cluster;
    private final int number;
    private final String host;
    private final Path workDir;
    private final int webUiPort;
    private final Path log;
    private final Process process;

    Worker(SparkCluster cluster, int number, String host, Path workDir, int webUiPort, Path log, Process process) {
        this.cluster = cluster;
        this.number = number;
        this.host = host;
        this.workDir = workDir;
        this.webUiPort = webUiPort;
        this.log = log;
        this.process = process;
    }

    /** 1 for the first Worker started. */
    public int number() {
        return number;
    }

    /** The address it and its executors listen on: {@code 127.0.0.<number>}. */
    public String host() {
        return host;
    }

    /** The Master's id of this Worker ({@code worker-<date>-127.0.0.1-<port>}), as the JSON API lists it. */
    public String id() {
        return cluster.workerState(this).map(s -> s.path("id").asText())
                .orElseThrow(() -> new IllegalStateException("the Master does not know worker " + number));
    }

    /** Where its executors and drivers keep their files and output. */
    public Path workDir() {
        return workDir;
    }

    public int webUiPort() {
        return webUiPort;
    }

    /** The Worker's own output. */
    public Path log() {
        return log;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The executor JVMs it runs now (for every application). */
    public List<ProcessHandle> executors() {
        return children(SparkCluster.EXECUTOR_CLASS);
    }

    /** The driver JVMs it runs now ({@code --deploy-mode cluster}). */
    public List<ProcessHandle> drivers() {
        return children(SparkCluster.DRIVER_CLASS);
    }

    private List<ProcessHandle> children(String mainClass) {
        return process.descendants().filter(p -> p.isAlive() && commandLine(p).contains(mainClass)).toList();
    }

    /**
     * Stops this Worker for good, as a machine that leaves the cluster: SIGTERM (Spark's shutdown hook kills the
     * Worker's executors and drivers), SIGKILL after 30 s for whatever is left; returns once the Master no longer
     * counts it ALIVE.
     */
    public void stop() {
        if (!process.isAlive() && process.descendants().findAny().isEmpty()) {
            return;
        }
        SparkCluster.stop(process, log);
        try {
            cluster.await(Duration.ofSeconds(90), "worker " + number + " gone from the Master's alive workers",
                    state -> {
                        Optional<JsonNode> me = cluster.workerState(this);
                        return me.isEmpty() || !"ALIVE".equals(me.get().path("state").asText());
                    });
        } catch (IllegalStateException e) {
            // the Master itself is gone (cluster shut down): nothing counts this worker any more
            if (!e.getMessage().startsWith("the Master exited")) {
                throw e;
            }
        }
    }

    /** The command line of a process, {@code ""} when the system does not tell. */
    public static String commandLine(ProcessHandle process) {
        return String.join(" ", arguments(process));
    }

    /** The value after {@code option} in a process's arguments ({@code --executor-id}, {@code --app-id}). */
    public static Optional<String> argument(ProcessHandle process, String option) {
        List<String> args = arguments(process);
        for (int i = 0; i < args.size() - 1; i++) {
            if (args.get(i).equals(option)) {
                return Optional.of(args.get(i + 1));
            }
        }
        return Optional.empty();
    }

    /**
     * The process's command and arguments: from {@code /proc/<pid>/cmdline} on Linux (the JDK's
     * {@code ProcessHandle.Info} gives none for these processes here), else what the JDK tells.
     */
    private static List<String> arguments(ProcessHandle process) {
        Path cmdline = Path.of("/proc", String.valueOf(process.pid()), "cmdline");
        try {
            String text = new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8);
            if (!text.isEmpty()) {
                return List.of(text.split("\0"));
            }
        } catch (IOException e) {
            // not Linux, or the process is gone
        }
        List<String> args = new ArrayList<>();
        process.info().command().ifPresent(args::add);
        process.info().arguments().ifPresent(a -> args.addAll(List.of(a)));
        return args;
    }

    @Override
    public String toString() {
        return "worker " + number + " (pid " + process.pid() + ", " + workDir + ")";
    }
}
