package dev.eos.demo;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/**
 * The demo's command line: {@code bin/eos demo [--dir DIR | --temp] [--crashes N] [--seed N] [--source NAME]
 * [--engine NAME] [--cluster]}.
 */
final class DemoCommandLine {

    /** The values of {@code eos.engine}. */
    static final List<String> ENGINES = List.of("dstream", "structured");

    static final String USAGE = String.join("\n",
            "usage: bin/eos demo [--dir DIR | --temp] [--crashes N] [--seed N] [--source NAME] [--engine NAME] [--cluster]",
            "  --dir DIR      work under DIR (default ./eos-demo; wiped at the start of each demo run)",
            "  --temp         work under a new temporary directory instead",
            "  --crashes N    SIGKILL the job N times at random moments, besides once at every crash point, N >= 1 (default 2)",
            "  --seed N       the seed of the events and of the moments of the kills (default: random)",
            "  --source NAME  the source to feed: " + String.join(", ", DemoSource.names()) + " (default files)",
            "  --engine NAME  the job's engine (eos.engine): " + String.join(", ", ENGINES) + " (default dstream)",
            "  --cluster      run on a local Spark standalone cluster (a Master and two Workers, started and stopped",
            "                 by the demo), submitted as bin/eos run --print-submit prints it; SIGKILL an executor",
            "                 mid-batch and the supervised driver (--crashes does not apply; files source only)");

    Path dir = Paths.get("eos-demo");
    boolean temp;
    int crashes = 2;
    long seed = System.currentTimeMillis() % 100_000;
    DemoSource source = DemoSource.FILES;
    String engine = "dstream";
    boolean help;
    boolean cluster;

    /** Parses the arguments; an {@link IllegalArgumentException} says what is wrong with them. */
    static DemoCommandLine parse(String[] args) {
        DemoCommandLine o = new DemoCommandLine();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--dir" -> o.dir = Paths.get(value(args, ++i, arg));
                case "--temp" -> o.temp = true;
                case "--crashes" -> o.crashes = number(value(args, ++i, arg), arg);
                case "--seed" -> o.seed = number(value(args, ++i, arg), arg);
                case "--source" -> {
                    String name = value(args, ++i, arg);
                    o.source = DemoSource.named(name).orElseThrow(() -> new IllegalArgumentException(
                            "unknown source " + name + "; the demo knows " + String.join(", ", DemoSource.names())));
                }
                case "--engine" -> {
                    String name = value(args, ++i, arg);
                    if (!ENGINES.contains(name)) {
                        throw new IllegalArgumentException("unknown engine " + name + "; the job has "
                                + String.join(", ", ENGINES));
                    }
                    o.engine = name;
                }
                case "--cluster" -> o.cluster = true;
                case "-h", "--help" -> o.help = true;
                default -> throw new IllegalArgumentException("unknown argument " + arg);
            }
        }
        if (o.cluster && o.source != DemoSource.FILES) {
            throw new IllegalArgumentException("--cluster runs with the files source only");
        }
        if (o.crashes < 1) {
            throw new IllegalArgumentException("--crashes must be at least 1");
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
