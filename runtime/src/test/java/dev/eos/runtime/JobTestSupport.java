package dev.eos.runtime;

import dev.eos.runtime.config.JobConfig;
import org.apache.spark.streaming.api.java.JavaStreamingContext;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Runs the real job in local mode, in this JVM, and captures its progress lines. */
final class JobTestSupport {

    private JobTestSupport() {
    }

    /** A job reading {@code in} (files source) into the memory double's {@code store}. */
    static Map<String, String> filesJob(Path in, Path checkpoint, String store, Path work) {
        Map<String, String> p = new HashMap<>();
        p.put("eos.source", "files");
        p.put("eos.source.files.path", in.toString());
        p.put("eos.sink", "memory-double");
        p.put("eos.sink.memory-double.store", store);
        p.put("eos.checkpoint.dir", checkpoint.toString());
        p.put("eos.batch.interval", "500ms");
        p.put("spark.master", "local[2]");
        p.put("spark.local.dir", work.resolve("spark-local").toString());
        p.put("spark.ui.enabled", "false");
        return p;
    }

    static JavaStreamingContext start(Map<String, String> properties) {
        return new EosJob(JobConfig.validate(properties)).start();
    }

    /** Moves a file of lines into {@code dir} atomically, as the files source expects. */
    static Path drop(Path dir, String name, String... lines) throws IOException {
        Path hidden = dir.resolve("." + name);
        Files.write(hidden, List.of(lines));
        return Files.move(hidden, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    /** Copies what is printed on standard output while it is installed. */
    static final class StdoutCapture implements AutoCloseable {
        private final PrintStream original = System.out;
        private final ByteArrayOutputStream copy = new ByteArrayOutputStream();

        StdoutCapture() {
            System.setOut(new PrintStream(new OutputStream() {
                @Override
                public void write(int b) {
                    original.write(b);
                    synchronized (copy) {
                        copy.write(b);
                    }
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    original.write(b, off, len);
                    synchronized (copy) {
                        copy.write(b, off, len);
                    }
                }
            }, true));
        }

        String text() {
            synchronized (copy) {
                return copy.toString(StandardCharsets.UTF_8);
            }
        }

        /** The parsed progress lines so far: time, records, written, duplicates, dead-lettered, millis. */
        List<long[]> progress() {
            List<long[]> out = new ArrayList<>();
            text().lines().map(Progress.Line::parse).flatMap(Optional::stream).forEach(line -> out.add(new long[] {
                    line.time(), line.records(), line.written(), line.duplicates(), line.deadLettered(), line.millis()}));
            return out;
        }

        long total(int column) {
            return progress().stream().mapToLong(v -> v[column]).sum();
        }

        @Override
        public void close() {
            System.setOut(original);
        }
    }
}
