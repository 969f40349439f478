package dev.eos.connector.files;

import dev.eos.spi.ConfigOption;
import dev.eos.spi.ConfigSpec;
import dev.eos.spi.Config;
import dev.eos.spi.ConfigException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The files sink's options ({@code eos.sink.files.*}) and their cross-option checks. Immutable. */
public final class FilesSinkConfig {

    /** One file per record, or one file per partition per batch. */
    public enum Mode { PER_RECORD, PER_BATCH }

    public static final String DEFAULT_RECORD_TEMPLATE = "{key}";
    public static final String DEFAULT_BATCH_TEMPLATE = "{range}.txt";
    public static final String HADOOP_PREFIX = "hadoop.";

    public static final ConfigOption<String> PATH = ConfigOption.stringOption("path").required()
            .description("Base directory: a local path or a Hadoop file system URI (file://, hdfs://, abfs://, wasb://). "
                    + "Created if missing; must be writable.");
    public static final ConfigOption<Mode> MODE = ConfigOption.enumOption("mode", Mode.class).defaultValue(Mode.PER_RECORD)
            .description("per-record: one file per record, holding its value. per-batch: one file per partition per batch, "
                    + "each record's value and a line break, in source order.");
    public static final ConfigOption<String> PATH_TEMPLATE = ConfigOption.stringOption("path-template")
            .description("File path under the base directory. Tokens: {key}, {position.source}, {position.partition}, "
                    + "{position.offset}, {event-time:<pattern>}, {field.<name>}, {batch-time:<pattern>}, {partition}, "
                    + "{range}. Values are escaped so they stay in one path segment. Default " + DEFAULT_RECORD_TEMPLATE
                    + " (per-record; must contain {key} or {position.offset}) or " + DEFAULT_BATCH_TEMPLATE
                    + " (per-batch; must contain {range}, may use {batch-time:<pattern>} and {partition}).");

    public static final ConfigSpec SPEC = ConfigSpec.builder()
            .add(PATH, MODE, PATH_TEMPLATE)
            .passThrough(HADOOP_PREFIX, "Hadoop configuration for the file system, without the prefix "
                    + "(eos.sink.files.hadoop.fs.azure.account.key.<account>.dfs.core.windows.net=...). "
                    + "Keys that look like credentials are never printed.")
            .build();

    private final String path;
    private final Mode mode;
    private final PathTemplate template;
    private final Map<String, String> hadoop;

    private FilesSinkConfig(String path, Mode mode, PathTemplate template, Map<String, String> hadoop) {
        this.path = path;
        this.mode = mode;
        this.template = template;
        this.hadoop = Map.copyOf(hadoop);
    }

    /**
     * Checks what the per-option validation cannot: the path's form and the template against the mode.
     *
     * @throws ConfigException with every problem found
     */
    public static FilesSinkConfig from(Config config) {
        List<String> problems = new ArrayList<>();
        String path = config.get(PATH);
        try {
            new org.apache.hadoop.fs.Path(path);
        } catch (IllegalArgumentException e) {
            problems.add(ConfigException.invalid(config.key(PATH), path, "not a path or URI: " + e.getMessage()));
        }
        Map<String, String> hadoop = config.passThrough(HADOOP_PREFIX);
        if (problems.isEmpty()) {
            String scheme = new org.apache.hadoop.fs.Path(path).toUri().getScheme();
            if (scheme != null) {
                try {
                    org.apache.hadoop.fs.FileSystem.getFileSystemClass(scheme, hadoopConfiguration(hadoop));
                } catch (java.io.IOException | RuntimeException e) {
                    problems.add(ConfigException.invalid(config.key(PATH), path, "no Hadoop file system for scheme \""
                            + scheme + "\" on the class path (abfs:// and wasb:// need hadoop-azure, as Spark on Azure has)"));
                }
            }
        }
        Mode mode = config.get(MODE);
        PathTemplate.Use use = mode == Mode.PER_RECORD ? PathTemplate.Use.PER_RECORD : PathTemplate.Use.PER_BATCH;
        String templateText = config.getOptional(PATH_TEMPLATE)
                .orElse(mode == Mode.PER_RECORD ? DEFAULT_RECORD_TEMPLATE : DEFAULT_BATCH_TEMPLATE);
        PathTemplate template = null;
        try {
            template = PathTemplate.parse(templateText, use);
        } catch (IllegalArgumentException e) {
            problems.add(ConfigException.invalid(config.key(PATH_TEMPLATE), templateText,
                    e.getMessage() + " (mode " + config.get(MODE).name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + ")"));
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new FilesSinkConfig(path, mode, template, hadoop);
    }

    public String path() {
        return path;
    }

    public Mode mode() {
        return mode;
    }

    public PathTemplate template() {
        return template;
    }

    /** A Hadoop configuration: the defaults found on the class path and the {@code hadoop.} keys. */
    public org.apache.hadoop.conf.Configuration hadoopConfiguration() {
        return hadoopConfiguration(hadoop);
    }

    private static org.apache.hadoop.conf.Configuration hadoopConfiguration(Map<String, String> keys) {
        org.apache.hadoop.conf.Configuration conf = new org.apache.hadoop.conf.Configuration();
        keys.forEach(conf::set);
        return conf;
    }

    /** The {@code hadoop.} pass-through keys, prefix removed. May hold credentials: never print. */
    public Map<String, String> hadoop() {
        return hadoop;
    }

    @Override
    public String toString() {
        return "path=" + path + ", mode=" + mode.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')
                + ", path-template=" + template + ", hadoop keys=" + new java.util.TreeSet<>(hadoop.keySet());
    }
}
