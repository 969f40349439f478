package dev.eos.bench.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.UUID;

import com.google.auto.service.AutoService;
import dev.eos.spi.ConfigOption;
import dev.eos.spi.ConfigSpec;
import dev.eos.spi.Sink;
import dev.eos.spi.Config;
import dev.eos.spi.SinkProvider;
import dev.eos.spi.SinkRecord;
import dev.eos.spi.SinkWriter;
import dev.eos.spi.WriteContext;
import dev.eos.spi.WriteResult;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Sink {@code plain-append}: the benchmarks' baseline, NOT exactly-once. Each writer appends the values, one per
 * line, to a new file with a random name, through the same Hadoop file system as the {@code files} sink, with no
 * temporary file, no rename and no comparison: a replayed batch is stored twice (at-least-once). Only on the
 * benchmarks' class path.
 */
@AutoService(SinkProvider.class)
public final class PlainAppendSinkProvider implements SinkProvider {

    static final ConfigOption<String> PATH = ConfigOption.stringOption("path").required()
            .description("Directory the files are appended to.");

    @Override
    public String name() {
        return "plain-append";
    }

    @Override
    public String description() {
        return "Benchmark baseline: appends values to new files, no idempotency (at-least-once).";
    }

    @Override
    public ConfigSpec configSpec() {
        return ConfigSpec.of(PATH);
    }

    @Override
    public Sink create(Config config) {
        Path base = new Path(config.get(PATH));
        try {
            FileSystem fs = FileSystem.get(URI.create(base.toUri().getScheme() == null
                    ? "file:///" : base.toUri().toString()), new Configuration());
            fs.mkdirs(base);
            return new PlainAppendSink(fs, base);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record PlainAppendSink(FileSystem fs, Path base) implements Sink {
        @Override
        public SinkWriter open(WriteContext context) {
            return new PlainAppendWriter(fs, new Path(base, "part-" + UUID.randomUUID() + ".txt"));
        }

        @Override
        public void close() {
        }
    }

    private static final class PlainAppendWriter implements SinkWriter {
        private final FileSystem fs;
        private final Path file;
        private FSDataOutputStream out;
        private long written;

        PlainAppendWriter(FileSystem fs, Path file) {
            this.fs = fs;
            this.file = file;
        }

        @Override
        public void write(SinkRecord record) {
            try {
                if (out == null) {
                    out = fs.create(file, false);
                }
                out.write(record.value());
                out.write('\n');
                written++;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public WriteResult commit() {
            close();
            return WriteResult.of(written, 0);
        }

        @Override
        public void close() {
            if (out != null) {
                try {
                    out.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } finally {
                    out = null;
                }
            }
        }
    }
}
