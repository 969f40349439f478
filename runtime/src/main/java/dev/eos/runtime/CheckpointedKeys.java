package dev.eos.runtime;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.Writer;
import java.io.OutputStreamWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Remembers, next to the checkpoint, a hash of each key that the checkpoint freezes (the source, its options, the
 * key and format, the intervals), so that a restart with a changed configuration can say which changes do not
 * apply. Values are stored as SHA-256 hashes only: no secret is written.
 */
final class CheckpointedKeys {

    static final String FILE = "eos-job-keys.properties";
    private static final Logger LOG = LoggerFactory.getLogger(CheckpointedKeys.class);

    private CheckpointedKeys() {
    }

    /** The keys whose values are frozen in the stream graph when a job is recovered. */
    static Map<String, String> frozen(Map<String, String> eos) {
        Map<String, String> out = new TreeMap<>();
        eos.forEach((k, v) -> {
            if (k.equals("eos.source") || k.startsWith("eos.source.") || k.equals("eos.key") || k.equals("eos.format")
                    || k.equals("eos.batch.interval") || k.equals("eos.checkpoint.interval")) {
                out.put(k, RecordMapper.sha256(v.getBytes(StandardCharsets.UTF_8)));
            }
        });
        return out;
    }

    static void write(String checkpointDir, Map<String, String> eos, Configuration hadoop) {
        try {
            Path file = new Path(checkpointDir, FILE);
            FileSystem fs = FileSystem.get(URI.create(checkpointDir), hadoop);
            Properties p = new Properties();
            p.putAll(frozen(eos));
            try (FSDataOutputStream out = fs.create(file, true);
                 Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8)) {
                p.store(w, "SHA-256 of the keys frozen in this checkpoint's stream graph (written by EOS)");
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not record the job's keys next to the checkpoint: {}", e.toString());
        }
    }

    /** The frozen keys whose value now differs from the checkpointed one; empty when unknown. */
    static List<String> changed(String checkpointDir, Map<String, String> eos, Configuration hadoop) {
        try {
            Path file = new Path(checkpointDir, FILE);
            FileSystem fs = FileSystem.get(URI.create(checkpointDir), hadoop);
            if (!fs.exists(file)) {
                return List.of();
            }
            Properties p = new Properties();
            try (FSDataInputStream in = fs.open(file); Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                p.load(r);
            }
            Map<String, String> now = frozen(eos);
            TreeSet<String> keys = new TreeSet<>(now.keySet());
            keys.addAll(p.stringPropertyNames());
            List<String> changed = new ArrayList<>();
            for (String key : keys) {
                if (!now.getOrDefault(key, "").equals(p.getProperty(key, ""))) {
                    changed.add(key);
                }
            }
            return changed;
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not compare the job's keys with the checkpoint's: {}", e.toString());
            return List.of();
        }
    }
}
