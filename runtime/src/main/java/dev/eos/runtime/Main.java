package dev.eos.runtime;

import dev.eos.runtime.config.ConfigLoader;
import dev.eos.runtime.config.JobConfig;
import dev.eos.runtime.scrub.Scrubber;
import dev.eos.spi.ConfigException;
import dev.eos.spi.SinkException;
import dev.eos.spi.SinkProvider;
import dev.eos.spi.host.ConfigDocs;
import dev.eos.spi.host.Services;
import dev.eos.spi.host.SinkRegistry;
import org.apache.spark.SparkConf;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The command line:
 * <pre>
 * run CONFIG [key=value ...]        run the job until it is killed or gets SIGTERM
 * validate CONFIG [key=value ...]   check a configuration and the sink's preflight; exit 0 or 2
 * validate --no-preflight CONFIG    check the configuration only (bin/eos run --print-submit does, for a cluster)
 * sinks                             the sinks found, with their options
 * </pre>
 * Exit codes: 0 success, 1 failure while running, 2 bad configuration or usage; a {@code run} stopped by SIGTERM
 * exits with 143 (128 + 15) once its graceful stop is done (see {@code GracefulStop}). The usage also lists
 * {@code demo}, which {@code bin/eos} runs from the demo module (not part of this jar); here it only says so.
 */
public final class Main {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int BAD_CONFIG = 2;

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);
    private static final String USAGE = """
            Usage: eos <command> [arguments]
              run CONFIG [key=value ...]        run the job (until killed or SIGTERM)
              validate CONFIG [key=value ...]   check the configuration and the sink's preflight; exit 0 or 2
                --no-preflight                  check the configuration only, without contacting the sink
              sinks                             list the sinks found, with their options
              demo [options]                    run the exactly-once demo (demo --help)
            CONFIG is a properties file; key=value arguments and Spark conf spark.eos.* override its keys.""";

    private Main() {
    }

    public static void main(String[] args) {
        // every byte the launcher prints goes through the scrubber; the logs too, once their appenders are wrapped
        System.setOut(Scrubber.stream(System.out));
        System.setErr(Scrubber.stream(System.err));
        Scrubber.installLogging();
        int code;
        try {
            code = execute(args, System.out, System.err);
        } catch (RuntimeException | Error e) {
            LOG.error("eos failed", e);
            System.err.println("eos failed: " + rootMessage(e));
            code = FAILED;
        }
        System.out.flush();
        System.err.flush();
        System.exit(code);
    }

    /** Runs a command; returns its exit code. */
    public static int execute(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help") || args[0].equals("help")) {
            (args.length == 0 ? err : out).println(USAGE);
            return args.length == 0 ? BAD_CONFIG : OK;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        if (!args[0].equals("demo") && rest.length > 0 && (rest[0].equals("-h") || rest[0].equals("--help"))) {
            out.println(USAGE);
            return OK;
        }
        if (List.of("run", "validate", "sinks").contains(args[0])) {
            PluginJars.problemsOfConfiguredPlugins().forEach(p -> err.println("WARNING: " + p));
        }
        return switch (args[0]) {
            case "run" -> run(rest, out, err);
            case "validate" -> validate(rest, out, err);
            case "sinks" -> sinks(out, err);
            case "demo" -> demoLivesElsewhere(err);
            default -> {
                err.println("Unknown command \"" + args[0] + "\"");
                err.println(USAGE);
                yield BAD_CONFIG;
            }
        };
    }

    /**
     * Loads and validates the configuration of {@code run}/{@code validate} and creates its job; prints the problems
     * and returns null.
     */
    static EosJob configuration(String command, String[] args, PrintStream err) {
        if (args.length == 0 || args[0].contains("=")) {
            err.println("Missing CONFIG: eos " + command + " CONFIG [key=value ...]");
            return null;
        }
        ConfigLoader.Loaded loaded = ConfigLoader.read(Path.of(args[0]),
                List.of(Arrays.copyOfRange(args, 1, args.length)), sparkConf());
        List<String> problems = new ArrayList<>(loaded.problems());
        Scrubber.install(loaded.merged());
        if (loaded.fileRead()) {
            // the values that were read are checked too, so that every problem is reported at once
            try {
                EosJob job = EosJob.configure(loaded.merged());
                if (problems.isEmpty()) {
                    return job;
                }
            } catch (ConfigException e) {
                problems.addAll(e.problems());
            }
        }
        printProblems(args[0], problems, err);
        return null;
    }

    private static void printProblems(String config, List<String> problems, PrintStream err) {
        err.println("Configuration " + config + " is invalid (" + problems.size()
                + (problems.size() == 1 ? " problem" : " problems") + "):");
        problems.forEach(p -> err.println("  - " + Scrubber.scrub(p).replace("\n", "\n    ")));
    }

    private static int validate(String[] arguments, PrintStream out, PrintStream err) {
        boolean preflight = arguments.length == 0 || !arguments[0].equals("--no-preflight");
        String[] args = preflight ? arguments : Arrays.copyOfRange(arguments, 1, arguments.length);
        EosJob job = configuration("validate", args, err);
        if (job == null) {
            return BAD_CONFIG;
        }
        JobConfig config = job.config();
        config.warnings().forEach(w -> err.println("WARNING: " + w));
        if (!preflight) {
            out.println("Configuration " + args[0] + " is valid: source " + config.source().name() + " -> sink "
                    + config.sinkName() + " (the sink's preflight was not run).");
            return OK;
        }
        try {
            job.preflight();
        } catch (ConfigException e) {
            printProblems(args[0], e.problems(), err);
            return BAD_CONFIG;
        } catch (SinkException e) {
            printProblems(args[0], List.of(e.getMessage()), err);
            return BAD_CONFIG;
        } finally {
            SinkCache.closeAll();
        }
        out.println("Configuration " + args[0] + " is valid: source " + config.source().name() + " -> sink "
                + config.sinkName() + "; the sink's preflight passed.");
        return OK;
    }

    private static int run(String[] args, PrintStream out, PrintStream err) {
        EosJob job = configuration("run", args, err);
        if (job == null) {
            return BAD_CONFIG;
        }
        LOG.info("Configuration: {}", job.config().describe());
        RunningJob ssc;
        try {
            ssc = job.launch();
        } catch (ConfigException e) {
            printProblems(args[0], e.problems(), err);
            return BAD_CONFIG;
        } catch (RuntimeException e) {
            LOG.error("The job could not start", e);
            err.println("The job could not start: " + rootMessage(e));
            return FAILED;
        }
        try {
            ssc.awaitTermination();
            LOG.info("The job stopped");
            return OK;
        } catch (Exception e) {
            LOG.error("The job failed", e);
            err.println("The job failed: " + rootMessage(e));
            ssc.stop();
            return FAILED;
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            if (t instanceof SinkException) {
                break;
            }
            t = t.getCause();
        }
        return Scrubber.scrub(t.getClass().getSimpleName() + ": " + t.getMessage());
    }

    private static int sinks(PrintStream out, PrintStream err) {
        SinkRegistry registry;
        try {
            registry = SinkRegistry.load();
        } catch (ConfigException e) {
            e.problems().forEach(err::println);
            return BAD_CONFIG;
        }
        if (registry.providers().isEmpty()) {
            out.println("No sinks found. Put a sink's jar in plugins/ (or pass --plugins DIR).");
        }
        for (SinkProvider provider : registry.providers()) {
            out.println(provider.name() + (provider.description().isEmpty() ? "" : ": " + provider.description()));
            out.println("  from " + Services.origin(provider));
            out.print(ConfigDocs.renderText(ConfigDocs.sinkSection(provider)));
        }
        registry.loadProblems().forEach(p -> err.println("WARNING: " + p));
        return OK;
    }

    /** The demo is a test harness, not part of the runtime jar: {@code bin/eos demo} runs it from its own module. */
    private static int demoLivesElsewhere(PrintStream err) {
        err.println("The demo is not part of the runtime jar; run it with bin/eos demo [options]");
        return BAD_CONFIG;
    }

    private static Map<String, String> sparkConf() {
        Map<String, String> conf = new HashMap<>();
        for (Tuple2<String, String> entry : new SparkConf().getAll()) {
            conf.put(entry._1(), entry._2());
        }
        return conf;
    }
}
