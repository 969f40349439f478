package dev.eos.runtime.config;

import dev.eos.connector.support.RecordExpression;
import dev.eos.runtime.SinkCache;
import dev.eos.runtime.config.JobOptions.Format;
import dev.eos.runtime.config.JobOptions.Tolerance;
import dev.eos.runtime.source.EventSource;
import dev.eos.runtime.source.Sources;
import dev.eos.spi.ConfigSpec;
import dev.eos.spi.Sink;
import dev.eos.spi.Config;
import dev.eos.spi.ConfigException;
import dev.eos.spi.host.SinkRegistry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A job's validated configuration: the job keys, the chosen source's options, and the sink and dead-letter sink,
 * created (not yet preflighted). {@link #validate} reports every problem of every part at once.
 */
public final class JobConfig {

    /** What the job says when {@code eos.checkpoint.dir} is missing. */
    public static final String NO_CHECKPOINT = ConfigException.missing(JobOptions.PREFIX
            + JobOptions.CHECKPOINT_DIR.name()) + ": without a checkpoint directory exactly-once is impossible "
            + "(a restarted driver could neither know which batches were written nor replay the ones that were not), "
            + "so the job does not start. Set it to a directory on fault-tolerant storage.";

    private final Map<String, String> eosProperties;
    private final Map<String, String> sparkProperties;
    private final Config job;
    private final EventSource source;
    private final Config sourceOptions;
    private final Sink sink;
    private final Sink deadLetterSink;
    private final List<String> warnings;

    private JobConfig(Map<String, String> eosProperties, Map<String, String> sparkProperties, Config job,
                      EventSource source, Config sourceOptions, Sink sink, Sink deadLetterSink,
                      List<String> warnings) {
        this.eosProperties = eosProperties;
        this.sparkProperties = sparkProperties;
        this.job = job;
        this.source = source;
        this.sourceOptions = sourceOptions;
        this.sink = sink;
        this.deadLetterSink = deadLetterSink;
        this.warnings = List.copyOf(warnings);
    }

    /**
     * Validates a merged configuration ({@link ConfigLoader#load}) and creates its sinks.
     *
     * @throws ConfigException with every problem of the job keys, the source's options, the sink's and the
     *     dead-letter sink's options and the cross-option rules
     */
    public static JobConfig validate(Map<String, String> merged) {
        Map<String, String> eos = ConfigLoader.eosKeys(merged);
        List<String> problems = new ArrayList<>();
        List<String> warnings = new ArrayList<>();

        Config job = null;
        try {
            job = JobOptions.SPEC.parse(JobOptions.PREFIX, eos);
        } catch (ConfigException e) {
            for (String p : e.problems()) {
                problems.add(p.equals(ConfigException.missing("eos.checkpoint.dir")) ? NO_CHECKPOINT : p);
            }
        }

        EventSource source = null;
        Config sourceOptions = null;
        String sourceName = blankToNull(eos.get("eos.source"));
        if (sourceName != null) {
            Sources sources = null;
            try {
                sources = Sources.load();
            } catch (ConfigException e) {
                problems.addAll(e.problems());
            }
            if (sources != null) {
                source = sources.get(sourceName);
                if (source == null) {
                    problems.add(sources.unknownSource("eos.source", sourceName));
                } else {
                    sourceOptions = parse(source.configSpec(), JobOptions.sourcePrefix(sourceName), eos, problems);
                    problems.addAll(source.problems(JobOptions.sourcePrefix(sourceName), eos));
                }
            }
        }

        SinkRegistry registry = null;
        try {
            registry = SinkRegistry.load();
        } catch (ConfigException e) {
            problems.addAll(e.problems());
        }
        String sinkName = blankToNull(eos.get("eos.sink"));
        String deadLetterName = blankToNull(eos.get("eos.errors.dead-letter.sink"));
        Sink sink = null;
        Sink deadLetterSink = null;
        if (registry != null) {
            sink = createSink(registry, "eos.sink", sinkName, JobOptions.sinkPrefix(sinkName), eos, problems);
            deadLetterSink = createSink(registry, "eos.errors.dead-letter.sink", deadLetterName,
                    JobOptions.deadLetterPrefix(deadLetterName), eos, problems);
        }

        if (job != null) {
            crossChecks(job, problems, warnings);
        }
        warnings.addAll(unusedScopes(eos, sourceName, sinkName, deadLetterName));
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        if (source != null) {
            warnings.addAll(source.startWarnings(sourceOptions));
        }
        return new JobConfig(eos, ConfigLoader.sparkKeys(merged), job, source, sourceOptions, sink, deadLetterSink,
                warnings);
    }

    private static void crossChecks(Config job, List<String> problems, List<String> warnings) {
        if (JobOptions.key(job.get(JobOptions.KEY)).kind() == RecordExpression.Kind.FIELD
                && job.get(JobOptions.FORMAT) != Format.JSON) {
            problems.add(ConfigException.invalid("eos.key", job.get(JobOptions.KEY),
                    "a key field needs eos.format=json"));
        }
        boolean deadLetter = job.get(JobOptions.DEAD_LETTER_SINK) != null;
        if (job.get(JobOptions.ERRORS_TOLERANCE) == Tolerance.ALL && !deadLetter) {
            problems.add(ConfigException.invalid("eos.errors.tolerance", "all",
                    "bad records need somewhere to go: set eos.errors.dead-letter.sink (bad records are never "
                            + "dropped silently)"));
        }
        if (job.get(JobOptions.ERRORS_TOLERANCE) == Tolerance.NONE && deadLetter) {
            warnings.add("eos.errors.dead-letter.sink is set but eos.errors.tolerance=none: a bad record stops the "
                    + "job and nothing is dead-lettered");
        }
        Duration batch = job.get(JobOptions.BATCH_INTERVAL);
        Duration checkpoint = job.get(JobOptions.CHECKPOINT_INTERVAL);
        if (checkpoint != null && checkpoint.toMillis() % batch.toMillis() != 0) {
            problems.add(ConfigException.invalid("eos.checkpoint.interval",
                    JobOptions.CHECKPOINT_INTERVAL.format(checkpoint),
                    "must be a multiple of eos.batch.interval (" + JobOptions.BATCH_INTERVAL.format(batch) + ")"));
        }
        if (job.get(JobOptions.RETRY_MAX_BACKOFF).compareTo(job.get(JobOptions.RETRY_BACKOFF)) < 0) {
            problems.add(ConfigException.invalid("eos.retry.max-backoff",
                    JobOptions.RETRY_MAX_BACKOFF.format(job.get(JobOptions.RETRY_MAX_BACKOFF)),
                    "must not be shorter than eos.retry.backoff"));
        }
    }

    private static Sink createSink(SinkRegistry registry, String key, String name, String prefix,
                                   Map<String, String> eos, List<String> problems) {
        if (name == null) {
            return null;
        }
        if (!registry.names().contains(name)) {
            problems.add(registry.unknownSink(key, name));
            return null;
        }
        try {
            return SinkCache.get(name, prefix, eos);
        } catch (ConfigException e) {
            problems.addAll(e.problems());
            return null;
        }
    }

    private static Config parse(ConfigSpec spec, String prefix, Map<String, String> eos, List<String> problems) {
        try {
            return spec.parse(prefix, eos);
        } catch (ConfigException e) {
            problems.addAll(e.problems());
            return null;
        }
    }

    /** Keys under the scope of a source or sink that is not chosen: ignored, with a warning (likely a typo). */
    private static List<String> unusedScopes(Map<String, String> eos, String source, String sink, String deadLetter) {
        Set<String> ignored = new LinkedHashSet<>();
        for (String key : eos.keySet()) {
            if (scoped(key, "eos.source.", source) || scoped(key, "eos.sink.", sink)
                    || (scoped(key, "eos.errors.dead-letter.", deadLetter) && !key.equals("eos.errors.dead-letter.sink"))) {
                ignored.add(key);
            }
        }
        return ignored.isEmpty() ? List.of() : List.of("Ignored (they belong to no chosen source or sink): "
                + String.join(", ", ignored));
    }

    private static boolean scoped(String key, String scope, String chosen) {
        return key.startsWith(scope) && (chosen == null || !key.startsWith(scope + chosen + "."));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    /** The job's {@code eos.*} keys: what executors get. */
    public Map<String, String> eosProperties() {
        return eosProperties;
    }

    /** The {@code spark.*} settings of the configuration, handed to Spark. */
    public Map<String, String> sparkProperties() {
        return sparkProperties;
    }

    public Config job() {
        return job;
    }

    public EventSource source() {
        return source;
    }

    public Config sourceOptions() {
        return sourceOptions;
    }

    public String sinkName() {
        return job.get(JobOptions.SINK);
    }

    public Sink sink() {
        return sink;
    }

    /** The dead-letter sink, or null. */
    public Sink deadLetterSink() {
        return deadLetterSink;
    }

    /** Things worth a warning at start that do not stop the job. */
    public List<String> warnings() {
        return warnings;
    }

    /** The configuration with secrets hidden, for the log. */
    public String describe() {
        Map<String, String> shown = new TreeMap<>();
        eosProperties.forEach((k, v) -> shown.put(k, ConfigSpec.looksSecret(k) || isDeclaredSecret(k)
                ? dev.eos.spi.Secret.HIDDEN : v));
        return shown.toString();
    }

    private boolean isDeclaredSecret(String key) {
        return secretKeys().contains(key);
    }

    private Set<String> secretKeys() {
        Set<String> keys = new LinkedHashSet<>();
        SinkRegistry registry = SinkRegistry.load();
        addSecrets(keys, registry, sinkName(), JobOptions.sinkPrefix(sinkName()));
        String dl = job.get(JobOptions.DEAD_LETTER_SINK);
        if (dl != null) {
            addSecrets(keys, registry, dl, JobOptions.deadLetterPrefix(dl));
        }
        source.configSpec().options().stream().filter(o -> o.isSecret())
                .forEach(o -> keys.add(JobOptions.sourcePrefix(source.name()) + o.name()));
        return keys;
    }

    private static void addSecrets(Set<String> keys, SinkRegistry registry, String name, String prefix) {
        registry.provider("eos.sink", name).configSpec().options().stream().filter(o -> o.isSecret())
                .forEach(o -> keys.add(prefix + o.name()));
    }
}
