package dev.eos.connector.files;

import dev.eos.connector.support.PathTemplate;
import dev.eos.connector.support.WriteMode;
import dev.eos.spi.Config;
import dev.eos.spi.ConfigException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.eos.connector.files.FilesSinkOptions.HADOOP_PREFIX;
import static dev.eos.connector.files.FilesSinkOptions.MODE;
import static dev.eos.connector.files.FilesSinkOptions.PATH;
import static dev.eos.connector.files.FilesSinkOptions.PATH_TEMPLATE;

/**
 * The files sink's validated configuration.
 *
 * @param prefix the prefix of every key, such as {@code eos.sink.files.}, for messages
 * @param path the base directory
 * @param mode one file per record or per partition per batch
 * @param template the file path under the base directory
 * @param hadoop the {@code hadoop.} pass-through keys, prefix removed; may hold credentials: never print
 */
public record FilesSinkConfig(String prefix, String path, WriteMode mode, PathTemplate template, Map<String, String> hadoop) {

    public FilesSinkConfig {
        hadoop = Map.copyOf(hadoop);
    }

    /**
     * Reads the options and checks what the per-option validation cannot: the path's form and the template against
     * the mode.
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
        WriteMode mode = config.get(MODE);
        String templateText = config.getOptional(PATH_TEMPLATE).orElse(mode == WriteMode.PER_RECORD
                ? FilesSinkOptions.DEFAULT_RECORD_TEMPLATE : FilesSinkOptions.DEFAULT_BATCH_TEMPLATE);
        PathTemplate template = null;
        try {
            template = PathTemplate.parse(templateText, mode, PathTemplate.UNLIMITED);
        } catch (IllegalArgumentException e) {
            problems.add(ConfigException.invalid(config.key(PATH_TEMPLATE), templateText,
                    e.getMessage() + " (mode " + MODE.format(mode) + ")"));
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new FilesSinkConfig(config.prefix(), path, mode, template, hadoop);
    }

    /** The full key of an option, for messages. */
    public String key(dev.eos.spi.ConfigOption<?> option) {
        return prefix + option.name();
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

    /** Never the values of the {@code hadoop.} keys, which may hold credentials. */
    @Override
    public String toString() {
        return "path=" + path + ", mode=" + MODE.format(mode) + ", path-template=" + template + ", hadoop keys="
                + new java.util.TreeSet<>(hadoop.keySet());
    }
}
