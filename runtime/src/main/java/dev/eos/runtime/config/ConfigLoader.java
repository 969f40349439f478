package dev.eos.runtime.config;

import dev.eos.spi.ConfigException;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Merges a job's configuration from its three places, later ones winning:
 * <ol>
 *   <li>the properties file;</li>
 *   <li>Spark configuration {@code spark.eos.*} (so {@code spark-submit --conf spark.eos.sink=files} works), each
 *       key mirroring {@code eos.*};</li>
 *   <li>{@code key=value} arguments on the command line.</li>
 * </ol>
 * Keys starting with {@code spark.} (other than {@code spark.eos.}) are Spark settings and are handed to Spark as
 * they are. Any other key is a problem. Every problem is reported at once.
 */
public final class ConfigLoader {

    private static final String SPARK_EOS = "spark.eos.";

    private ConfigLoader() {
    }

    /**
     * @param file the properties file, or null for none; when it does not exist but a file of the same name is in
     *     the working directory (where {@code spark-submit --files} puts it), that one is read
     * @param args {@code key=value} arguments
     * @param sparkConf the Spark configuration already set (system properties set by {@code spark-submit})
     * @return every {@code eos.*} and {@code spark.*} key, sorted
     * @throws ConfigException listing every problem found
     */
    public static Map<String, String> load(Path file, List<String> args, Map<String, String> sparkConf) {
        List<String> problems = new ArrayList<>();
        Map<String, String> merged = new TreeMap<>();
        if (file != null) {
            Path readable = resolve(file);
            if (readable == null) {
                problems.add("Configuration file " + file + " not found");
            } else {
                try {
                    putAll(merged, readProperties(readable), "file " + file, problems);
                } catch (IOException | IllegalArgumentException e) {
                    problems.add("Configuration file " + file + " cannot be read: " + e.getMessage());
                }
            }
        }
        sparkConf.forEach((key, value) -> {
            if (key.startsWith(SPARK_EOS)) {
                merged.put(key.substring("spark.".length()), value);
            }
        });
        Map<String, String> fromArgs = new TreeMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq <= 0) {
                problems.add("Invalid argument \"" + arg + "\": expected key=value");
            } else {
                fromArgs.put(arg.substring(0, eq).trim(), arg.substring(eq + 1));
            }
        }
        putAll(merged, fromArgs, "the command line", problems);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return merged;
    }

    private static void putAll(Map<String, String> merged, Map<String, String> from, String where,
                               List<String> problems) {
        from.forEach((key, value) -> {
            if (key.startsWith(SPARK_EOS)) {
                merged.put(key.substring("spark.".length()), value.trim());
            } else if (key.startsWith(JobOptions.PREFIX) || key.startsWith("spark.")) {
                merged.put(key, value.trim());
            } else {
                problems.add("Unknown configuration \"" + key + "\" in " + where
                        + ": job keys start with eos., Spark settings with spark.");
            }
        });
    }

    private static Path resolve(Path file) {
        if (Files.isRegularFile(file)) {
            return file;
        }
        Path local = file.getFileName() == null ? null : Path.of(file.getFileName().toString());
        return local != null && Files.isRegularFile(local) ? local : null;
    }

    private static Map<String, String> readProperties(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(in);
        }
        Map<String, String> out = new TreeMap<>();
        properties.stringPropertyNames().forEach(name -> out.put(name.trim(), properties.getProperty(name)));
        return out;
    }

    /** The {@code eos.*} keys of a merged configuration. */
    public static Map<String, String> eosKeys(Map<String, String> merged) {
        Map<String, String> out = new TreeMap<>();
        merged.forEach((k, v) -> {
            if (k.startsWith(JobOptions.PREFIX)) {
                out.put(k, v);
            }
        });
        return out;
    }

    /** The Spark settings ({@code spark.*}) of a merged configuration. */
    public static Map<String, String> sparkKeys(Map<String, String> merged) {
        Map<String, String> out = new TreeMap<>();
        merged.forEach((k, v) -> {
            if (k.startsWith("spark.")) {
                out.put(k, v);
            }
        });
        return out;
    }
}
