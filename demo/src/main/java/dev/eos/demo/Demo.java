package dev.eos.demo;

import dev.eos.demo.crashloop.ClusterCrashRun;
import dev.eos.demo.crashloop.ClusterFault;
import dev.eos.demo.crashloop.ClusterVerdict;
import dev.eos.demo.crashloop.CrashLoop;
import dev.eos.demo.crashloop.FilesEventFeeder;
import dev.eos.demo.crashloop.FilesSinkStateReader;
import dev.eos.demo.crashloop.Verdict;
import dev.eos.runtime.crash.CrashPoint;
import dev.eos.testing.sparkcluster.SparkCluster;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code bin/eos demo}: proves exactly-once on the embedded default with no set-up. Runs the job (files source to
 * files sink, local Spark) as a child JVM under {@code ./eos-demo/}, keeps events arriving, kills the driver with
 * SIGKILL at random moments (three times by default), restarts it from its checkpoint each time, and prints a
 * verdict table. Exit code 0 when every event is stored exactly once, 1 when not, 2 on a bad command line.
 * {@code --cluster} runs the same on a local Spark standalone cluster ({@link #runOnCluster}).
 *
 * <p>The {@link CrashLoop} does the work; this class is the command line, the work directory and the console.
 */
public final class Demo {

    /** Marks a directory as the demo's own, so that a second run may wipe it. */
    static final String MARKER = ".eos-demo";

    private Demo() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the demo; the process exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        DemoCommandLine options;
        try {
            options = DemoCommandLine.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("eos demo: " + e.getMessage());
            err.println(DemoCommandLine.USAGE);
            return 2;
        }
        if (options.help) {
            out.println(DemoCommandLine.USAGE);
            return 0;
        }
        try {
            Path dir = prepare(options);
            if (options.cluster) {
                return runOnCluster(options, dir, out);
            }
            DemoSource source = options.source;
            Path output = dir.resolve("output");
            out.println("EOS exactly-once demo");
            out.println("  " + source.describe(dir) + " -> files sink (" + output + "), local Spark, a batch every 2 seconds, "
                    + "engine " + options.engine);
            List<CrashPoint> points = List.of(CrashPoint.values());
            out.println("  the job runs in a child JVM; while events keep arriving it is made to die at each of the "
                    + points.size() + " crash points (" + points.stream().map(CrashPoint::pointName)
                    .collect(Collectors.joining(", ")) + ") and SIGKILLed "
                    + options.crashes + " times at random moments, and restarted from its checkpoint each time");
            out.println("  seed " + options.seed + " (--seed " + options.seed + " repeats the plan); job output: "
                    + dir.resolve("job.log"));
            out.println();
            CrashLoop loop = CrashLoop.builder()
                    .workDir(dir)
                    .feeder(source.feeder(dir))
                    .jobProperty("eos.sink", "files")
                    .jobProperty("eos.sink.files.path", output.toString())
                    .jobProperty("eos.app.name", "eos-demo")
                    .jobProperty("eos.engine", options.engine)
                    .sinkState(FilesSinkStateReader.perRecord(output))
                    .crashPoints(points)
                    .randomKills(options.crashes)
                    .seed(options.seed)
                    .feedRate(5, Duration.ofMillis(200))
                    .uptime(Duration.ofMillis(300), Duration.ofMillis(1500))
                    .jvm(jvm -> jvm.withClasspath(jobClasspath()))
                    .narrator(line -> out.println("  " + line))
                    .build();
            Verdict verdict = loop.run();
            out.println();
            out.print(verdict.table());
            return verdict.passed() ? 0 : 1;
        } catch (IllegalArgumentException e) {
            err.println("eos demo: " + e.getMessage());
            return 2;
        } catch (Exception e) {
            err.println("eos demo: failed: " + e);
            return 1;
        }
    }

    /**
     * {@code bin/eos demo --cluster}: the job on a Spark standalone cluster the demo starts under {@code <dir>/cluster}
     * and stops at the end ({@link SparkCluster}, the same cluster the integration tests use), submitted with the
     * command {@code bin/eos run --print-submit} prints ({@code EOS_HOME}, which {@code bin/eos} sets, is the
     * checkout); an executor SIGKILLed mid-batch and the supervised driver SIGKILLed along the way.
     */
    private static int runOnCluster(DemoCommandLine options, Path dir, PrintStream out) throws Exception {
        String home = System.getenv("EOS_HOME");
        if (home == null || home.isBlank()) {
            throw new IllegalArgumentException("--cluster needs EOS_HOME (the checkout): run it as bin/eos demo --cluster");
        }
        Path output = dir.resolve("output");
        out.println("EOS exactly-once demo on a Spark standalone cluster");
        out.println("  files source (" + dir.resolve("input") + ") -> files sink (" + output + "), a batch every 5 s, "
                + "engine " + options.engine);
        out.println("  starting a local cluster: a Master and two Workers, each its own JVM, under " + dir.resolve("cluster"));
        long started = System.nanoTime();
        try (SparkCluster cluster = SparkCluster.start(dir.resolve("cluster"))) {
            out.printf("  the cluster is up (%s, %.0f s); the job is submitted in cluster deploy mode with --supervise%n",
                    cluster.masterUrl(), (System.nanoTime() - started) / 1e9);
            out.println("  along the way: an executor is SIGKILLed mid-batch, then the driver; seed " + options.seed);
            out.println();
            ClusterVerdict verdict = ClusterCrashRun.builder()
                    .cluster(cluster)
                    .workDir(dir)
                    .eosHome(Path.of(home))
                    .feeder(new FilesEventFeeder(dir.resolve("input")))
                    .jobProperties(Map.of("eos.sink", "files", "eos.sink.files.path", output.toString(),
                            "eos.app.name", "eos-demo", "eos.engine", options.engine))
                    .sinkState(FilesSinkStateReader.perRecord(output))
                    .faults(EnumSet.of(ClusterFault.EXECUTOR_KILLED, ClusterFault.DRIVER_KILLED))
                    .seed(options.seed)
                    .narrator(line -> out.println("  " + line))
                    .build()
                    .run();
            out.println();
            out.print(verdict.table());
            out.println("  stopping the cluster");
            return verdict.passed() ? 0 : 1;
        }
    }

    /** The job's class path: the one {@code bin/eos} runs the job with ({@code EOS_CLASSPATH}), else this JVM's. */
    private static String jobClasspath() {
        String given = System.getenv("EOS_CLASSPATH");
        return given != null && !given.isBlank() ? given : System.getProperty("java.class.path");
    }

    private static Path prepare(DemoCommandLine options) throws IOException {
        Path dir;
        if (options.temp) {
            dir = Files.createTempDirectory("eos-demo-");
        } else {
            dir = options.dir.toAbsolutePath().normalize();
            if (Files.exists(dir)) {
                boolean ours = Files.exists(dir.resolve(MARKER));
                boolean empty;
                try (Stream<Path> entries = Files.list(dir)) {
                    empty = entries.findAny().isEmpty();
                }
                if (!ours && !empty) {
                    throw new IllegalArgumentException(dir + " exists and is not a demo directory; remove it, "
                            + "or choose another with --dir DIR or --temp");
                }
                deleteContents(dir);
            }
        }
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(MARKER), "made by bin/eos demo; a new run wipes this directory\n");
        return dir;
    }

    private static void deleteContents(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                if (!p.equals(dir)) {
                    Files.delete(p);
                }
            }
        }
    }
}
