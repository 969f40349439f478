package dev.eos.runtime.config;

import dev.eos.spi.ConfigException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
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
 *
 * <p>The file is UTF-8 text in {@link Properties} syntax (a byte-order mark is skipped); a key given twice in it is a
 * problem naming both lines, and a directory, an unreadable file or a file that is not UTF-8 text each say so.
 */
public final class ConfigLoader {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigLoader.class);
    private static final String SPARK_EOS = "spark.eos.";

    private ConfigLoader() {
    }

    /** The Spark setting that says the driver runs in the cluster (where {@code --files} copies are beside it). */
    public static final String DEPLOY_MODE = "spark.submit.deployMode";

    /** A CONFIG file larger than this is not a properties file. */
    static final long MAX_FILE_BYTES = 16L * 1024 * 1024;

    /**
     * @param file the properties file, or null for none. When it does not exist and the driver runs in cluster mode
     *     ({@value #DEPLOY_MODE}{@code =cluster} in {@code sparkConf}), a file of the same name in the working
     *     directory is read: {@code spark-submit --files} puts it there. Elsewhere a missing file is a problem.
     * @param args {@code key=value} arguments
     * @param sparkConf the Spark configuration already set (system properties set by {@code spark-submit})
     * @return every {@code eos.*} and {@code spark.*} key, sorted
     * @throws ConfigException listing every problem found
     */
    public static Map<String, String> load(Path file, List<String> args, Map<String, String> sparkConf) {
        Loaded loaded = read(file, args, sparkConf);
        if (!loaded.problems().isEmpty()) {
            throw new ConfigException(loaded.problems());
        }
        return loaded.merged();
    }

    /**
     * What {@link #load} reads, with its problems instead of an exception, so that a host can report them with the
     * problems of the values it did read.
     *
     * @param merged every key read (of a key given twice in the file, the first)
     * @param problems every problem found
     * @param fileRead whether the file (when one was named) was read; when not, {@code merged} lacks its keys
     */
    public record Loaded(Map<String, String> merged, List<String> problems, boolean fileRead) {
    }

    /** As {@link #load}, returning the problems with what was read. */
    public static Loaded read(Path file, List<String> args, Map<String, String> sparkConf) {
        return read(file, args, sparkConf, Files::readAllBytes);
    }

    /** How the file's bytes are read: {@link Files#readAllBytes}; a seam for tests (root reads any file). */
    @FunctionalInterface
    interface FileBytes {
        byte[] read(Path file) throws IOException;
    }

    static Loaded read(Path file, List<String> args, Map<String, String> sparkConf, FileBytes fileBytes) {
        List<String> problems = new ArrayList<>();
        Map<String, String> merged = new TreeMap<>();
        boolean fileRead = true;
        if (file != null) {
            Path readable = resolve(file, "cluster".equals(sparkConf.get(DEPLOY_MODE)), problems);
            Map<String, String> properties = readable == null ? null : readProperties(readable, fileBytes, problems);
            if (properties != null) {
                putAll(merged, properties, "file " + file, problems);
            } else {
                fileRead = false;
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
        return new Loaded(merged, List.copyOf(problems), fileRead);
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

    /** The file to read, or null with the problem added: missing, a directory or not a regular file. */
    private static Path resolve(Path file, boolean clusterMode, List<String> problems) {
        if (Files.isDirectory(file)) {
            problems.add("Configuration file " + file + " is a directory, not a properties file");
            return null;
        }
        Path found = file;
        if (!Files.exists(file)) {
            Path local = file.getFileName() == null ? null : Path.of(file.getFileName().toString());
            if (!clusterMode || local == null || !Files.isRegularFile(local)) {
                problems.add("Configuration file " + file + " not found" + (clusterMode
                        ? " (nor in the driver's working directory " + Path.of("").toAbsolutePath()
                                + ", where spark-submit --files puts it in cluster mode)" : ""));
                return null;
            }
            LOG.info("Configuration file {} is not on this host; reading the copy spark-submit --files put in the "
                    + "driver's working directory: {}", file, local.toAbsolutePath());
            found = local;
        }
        if (!Files.isRegularFile(found)) {
            problems.add("Configuration file " + file + " is not a regular file");
            return null;
        }
        return found;
    }

    /**
     * The properties of a UTF-8 text file (a byte-order mark is skipped), or null with the problem added. A key
     * given twice is a problem naming both lines; a file this user may not read says so.
     */
    private static Map<String, String> readProperties(Path file, FileBytes fileBytes, List<String> problems) {
        String text;
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                problems.add("Configuration file " + file + " is larger than " + MAX_FILE_BYTES / (1024 * 1024)
                        + " MiB: not a properties file");
                return null;
            }
            byte[] bytes = fileBytes.read(file);
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            problems.add("Configuration file " + file + " is not a text file (not valid UTF-8); a properties file "
                    + "is UTF-8 text");
            return null;
        } catch (AccessDeniedException e) {
            problems.add("Configuration file " + file + " cannot be read: permission denied");
            return null;
        } catch (IOException e) {
            problems.add("Configuration file " + file + " cannot be read: " + e.getMessage());
            return null;
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        if (text.indexOf('\0') >= 0) {
            problems.add("Configuration file " + file + " is not a text file (it holds NUL bytes); a properties file "
                    + "is UTF-8 text");
            return null;
        }
        Map<String, String> out = new TreeMap<>();
        Map<String, Integer> lineOf = new HashMap<>();
        List<String> lines = text.lines().toList();
        int i = 0;
        while (i < lines.size()) {
            int first = i + 1;
            StringBuilder logical = new StringBuilder(lines.get(i));
            while (continues(lines.get(i)) && i + 1 < lines.size()) {
                i++;
                logical.append('\n').append(lines.get(i));
            }
            i++;
            String stripped = logical.toString().stripLeading();
            if (stripped.isEmpty() || stripped.startsWith("#") || stripped.startsWith("!")) {
                continue;
            }
            Properties one = new Properties();
            try {
                one.load(new StringReader(logical.toString()));
            } catch (IOException | IllegalArgumentException e) {
                problems.add("Configuration file " + file + ", line " + first + ": " + e.getMessage());
                continue;
            }
            for (String name : one.stringPropertyNames()) {
                String key = name.trim();
                Integer earlier = lineOf.putIfAbsent(key, first);
                if (earlier != null) {
                    problems.add("Configuration \"" + key + "\" is given twice in file " + file + ", on lines "
                            + earlier + " and " + first + "; keep one");
                } else {
                    out.put(key, one.getProperty(name));
                }
            }
        }
        return out;
    }

    /** Whether a physical line continues on the next: it ends in an odd number of backslashes. */
    private static boolean continues(String line) {
        int backslashes = 0;
        for (int j = line.length() - 1; j >= 0 && line.charAt(j) == '\\'; j--) {
            backslashes++;
        }
        return backslashes % 2 == 1;
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
