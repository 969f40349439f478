package dev.eos.runtime.config;

import dev.eos.connector.support.RecordExpression;
import dev.eos.runtime.config.JobOptions.Format;
import dev.eos.runtime.source.EventSource;
import dev.eos.runtime.source.Sources;
import dev.eos.spi.ConfigOption;
import dev.eos.spi.ConfigSpec;
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
 * A job's validated configuration, as data: the job keys, the chosen source's options and the {@link SinkSettings}.
 * {@link #validate} reports every problem of every part at once. Creating the sinks is the job's business, not the
 * configuration's.
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
    private final SinkSettings sinkSettings;
    private final List<String> warnings;

    private JobConfig(Map<String, String> eosProperties, Map<String, String> sparkProperties, Config job,
                      EventSource source, Config sourceOptions, SinkSettings sinkSettings, List<String> warnings) {
        this.eosProperties = eosProperties;
        this.sparkProperties = sparkProperties;
        this.job = job;
        this.source = source;
        this.sourceOptions = sourceOptions;
        this.sinkSettings = sinkSettings;
        this.warnings = List.copyOf(warnings);
    }

    /**
     * Validates a merged configuration ({@link ConfigLoader#load}).
     *
     * @throws ConfigException with every problem of the job keys, the source's options, the sink settings (the sink's
     *     and the dead-letter sink's declared options included) and the cross-option rules
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

        SinkSettings sinkSettings = null;
        try {
            sinkSettings = SinkSettings.parse(eos);
        } catch (ConfigException e) {
            problems.addAll(e.problems());
        }

        if (job != null) {
            crossChecks(job, problems, warnings);
            if (source != null) {
                problems.addAll(engineProblems(job, source, JobOptions.sourcePrefix(sourceName), eos));
            }
        }
        warnings.addAll(unusedScopes(eos, sourceName, blankToNull(eos.get("eos.sink")),
                blankToNull(eos.get("eos.errors.dead-letter.sink"))));
        if (!problems.isEmpty()) {
            // the job's spec declares the sink settings' keys too (for the reference and typo hints), so a problem
            // of one of them is found twice
            throw new ConfigException(List.copyOf(new LinkedHashSet<>(problems)));
        }
        warnings.addAll(job.warnings());
        warnings.addAll(sourceOptions.warnings());
        warnings.addAll(sinkSettings.warnings());
        warnings.addAll(sinkOptionWarnings(sinkSettings, eos));
        if (source != null) {
            warnings.addAll(source.startWarnings(sourceOptions));
            if (job.get(JobOptions.ENGINE) == JobOptions.Engine.STRUCTURED) {
                warnings.addAll(source.structuredStartWarnings(sourceOptions));
            }
        }
        return new JobConfig(eos, ConfigLoader.sparkKeys(merged), job, source, sourceOptions, sinkSettings, warnings);
    }

    /** The warnings of the sinks' declared options (legal values that are most likely mistakes). */
    private static List<String> sinkOptionWarnings(SinkSettings settings, Map<String, String> eos) {
        SinkRegistry registry = SinkRegistry.load();
        List<String> out = new ArrayList<>(registry.provider("eos.sink", settings.sink()).configSpec()
                .parse(settings.sinkPrefix(), eos).warnings());
        if (settings.deadLetterSink() != null) {
            out.addAll(registry.provider("eos.errors.dead-letter.sink", settings.deadLetterSink()).configSpec()
                    .parse(settings.deadLetterPrefix(), eos).warnings());
        }
        return out;
    }

    private static void crossChecks(Config job, List<String> problems, List<String> warnings) {
        if (JobOptions.key(job.get(JobOptions.KEY)).kind() == RecordExpression.Kind.FIELD
                && job.get(JobOptions.FORMAT) != Format.JSON) {
            problems.add(ConfigException.invalid("eos.key", job.get(JobOptions.KEY),
                    "a key field needs eos.format=json"));
        }
        Duration batch = job.get(JobOptions.BATCH_INTERVAL);
        Duration checkpoint = job.get(JobOptions.CHECKPOINT_INTERVAL);
        if (checkpoint != null && checkpoint.toMillis() % batch.toMillis() != 0) {
            problems.add(ConfigException.invalid("eos.checkpoint.interval",
                    JobOptions.CHECKPOINT_INTERVAL.format(checkpoint),
                    "must be a multiple of eos.batch.interval (" + JobOptions.BATCH_INTERVAL.format(batch) + ")"));
        }
    }

    /** The sources Structured Streaming reads ({@code eos.engine=structured}). */
    public static final java.util.Set<String> STRUCTURED_SOURCES = java.util.Set.of("kafka", "eventhubs", "files");

    /** What one engine cannot do: a source only the other reads, a trigger only Structured Streaming has. */
    private static List<String> engineProblems(Config job, EventSource source, String sourcePrefix,
                                               Map<String, String> eos) {
        List<String> problems = new ArrayList<>();
        if (job.get(JobOptions.ENGINE) == JobOptions.Engine.STRUCTURED) {
            if (!STRUCTURED_SOURCES.contains(source.name())) {
                problems.add(ConfigException.invalid("eos.source", source.name(), "eos.engine=structured reads "
                        + String.join(", ", new java.util.TreeSet<>(STRUCTURED_SOURCES))
                        + "; use eos.engine=dstream for this source"));
            }
            if (source.name().equals("files") && "true".equalsIgnoreCase(eos.get(sourcePrefix + "new-files-only"))) {
                problems.add(ConfigException.invalid(sourcePrefix + "new-files-only", "true", "eos.engine=structured "
                        + "reads every file in the directory; use eos.engine=dstream to skip the files present at start"));
            }
        } else if (job.get(JobOptions.TRIGGER) == JobOptions.Trigger.AVAILABLE_NOW) {
            problems.add(ConfigException.invalid("eos.trigger", "available-now", "needs eos.engine=structured"));
        }
        return problems;
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
        return sinkSettings.sink();
    }

    /** The sink side: sink, dead-letter sink, error tolerance and retries. */
    public SinkSettings sinkSettings() {
        return sinkSettings;
    }

    /** Things worth a warning at start that do not stop the job. */
    public List<String> warnings() {
        return warnings;
    }

    /** The configuration with secrets hidden, for the log. */
    public String describe() {
        Map<String, ConfigOption<?>> declared = DeclaredOptions.of(eosProperties.keySet());
        Map<String, String> shown = new TreeMap<>();
        eosProperties.forEach((k, v) -> {
            ConfigOption<?> option = declared.get(k);
            boolean secret = option != null ? option.isSecret() : ConfigSpec.looksSecret(k);
            shown.put(k, secret ? dev.eos.spi.Secret.HIDDEN : v);
        });
        return shown.toString();
    }
}
