package dev.eos.runtime.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code bin/eos demo}: proves exactly-once on the embedded default with no set-up. Runs the job (files source to
 * files sink, local Spark) as a child JVM under {@code ./eos-demo/}, keeps events arriving, kills the driver with
 * SIGKILL at random moments (three times by default), restarts it from its checkpoint each time, and prints a
 * verdict table. Exit code 0 when every event is stored exactly once, 1 when not, 2 on a bad command line.
 */
public final class Demo {

    /** Marks a directory as the demo's own, so that a second run may wipe it. */
    static final String MARKER = ".eos-demo";

    private static final String KAFKA_TOPIC = "events";
    private static final int KAFKA_PARTITIONS = 3;

    /** The sources the demo can feed. Another source adds itself here (for example {@code kafka}). */
    private static final Map<String, DemoSource> SOURCES = new LinkedHashMap<>();

    static {
        SOURCES.put("files", new DemoSource() {
            @Override
            public String describe(Path dir) {
                return "files source (" + dir.resolve("input") + ")";
            }

            @Override
            public EventFeeder feeder(Path dir) {
                return new FilesEventFeeder(dir.resolve("input"));
            }
        });
        SOURCES.put("kafka", new DemoSource() {
            @Override
            public String describe(Path dir) {
                return "kafka source (a real broker embedded in this JVM, which outlives the killed driver; "
                        + "topic " + KAFKA_TOPIC + ", " + KAFKA_PARTITIONS + " partitions)";
            }

            @Override
            public EventFeeder feeder(Path dir) {
                return KafkaEventFeeder.withOwnBroker(dir.resolve("kafka"), KAFKA_TOPIC, KAFKA_PARTITIONS);
            }
        });
    }

    /** A source the demo can run against: the feeder that produces its events (and starts what it needs). */
    interface DemoSource {
        String describe(Path dir);

        EventFeeder feeder(Path dir) throws Exception;
    }

    private Demo() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the demo; the process exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("eos demo: " + e.getMessage());
            err.println(Options.USAGE);
            return 2;
        }
        if (options.help) {
            out.println(Options.USAGE);
            return 0;
        }
        try {
            Path dir = prepare(options);
            DemoSource source = SOURCES.get(options.source);
            Path output = dir.resolve("output");
            out.println("EOS exactly-once demo");
            out.println("  " + source.describe(dir) + " -> files sink (" + output + "), local Spark, a batch every second");
            out.println("  the job runs in a child JVM; it is killed with SIGKILL " + options.crashes
                    + " times while events keep arriving, and restarted from its checkpoint each time");
            out.println("  seed " + options.seed + " (--seed " + options.seed + " repeats the plan); job output: "
                    + dir.resolve("job.log"));
            out.println();
            CrashLoop loop = CrashLoop.builder()
                    .workDir(dir)
                    .feeder(source.feeder(dir))
                    .jobProperty("eos.sink", "files")
                    .jobProperty("eos.sink.files.path", output.toString())
                    .jobProperty("eos.app.name", "eos-demo")
                    .sinkState(FilesSinkStateReader.perRecord(output))
                    .crashes(options.crashes)
                    .seed(options.seed)
                    .feedRate(5, Duration.ofMillis(200))
                    .uptime(Duration.ofMillis(300), Duration.ofMillis(1500))
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

    private static Path prepare(Options options) throws IOException {
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

    /** The command line. */
    static final class Options {
        static final String USAGE = String.join("\n",
                "usage: bin/eos demo [--dir DIR | --temp] [--crashes N] [--seed N] [--source NAME]",
                "  --dir DIR      work under DIR (default ./eos-demo; wiped at the start of each demo run)",
                "  --temp         work under a new temporary directory instead",
                "  --crashes N    SIGKILL the job N times, N >= 2 (default 3)",
                "  --seed N       the seed of the events and of the moments of the kills (default: random)",
                "  --source NAME  the source to feed: " + String.join(", ", SOURCES.keySet()) + " (default files)");

        Path dir = Paths.get("eos-demo");
        boolean temp;
        int crashes = 3;
        long seed = System.currentTimeMillis() % 100_000;
        String source = "files";
        boolean help;

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "--dir" -> o.dir = Paths.get(value(args, ++i, arg));
                    case "--temp" -> o.temp = true;
                    case "--crashes" -> o.crashes = number(value(args, ++i, arg), arg);
                    case "--seed" -> o.seed = number(value(args, ++i, arg), arg);
                    case "--source" -> o.source = value(args, ++i, arg);
                    case "-h", "--help" -> o.help = true;
                    default -> throw new IllegalArgumentException("unknown argument " + arg);
                }
            }
            if (o.crashes < 2) {
                throw new IllegalArgumentException("--crashes must be at least 2");
            }
            if (!SOURCES.containsKey(o.source)) {
                throw new IllegalArgumentException("unknown source " + o.source + "; the demo knows "
                        + String.join(", ", SOURCES.keySet()));
            }
            return o;
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }

        private static int number(String text, String option) {
            try {
                return Integer.parseInt(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " needs a number, not " + text);
            }
        }
    }
}
