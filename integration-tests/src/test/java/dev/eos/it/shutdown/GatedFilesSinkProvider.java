package dev.eos.it.shutdown;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import dev.eos.connector.files.FilesSinkProvider;
import dev.eos.spi.Config;
import dev.eos.spi.ConfigSpec;
import dev.eos.spi.Sink;
import dev.eos.spi.SinkProvider;
import dev.eos.spi.SinkRecord;
import dev.eos.spi.SinkWriter;
import dev.eos.spi.WriteContext;
import dev.eos.spi.WriteResult;

/**
 * Sink {@code gated-files}, for tests that must act while a batch is being written: the {@code files} sink (same
 * options), whose writers, before committing a partition that holds records, create
 * {@code <gate>/writing-<batch>-<partition>-<attempt>} and then wait (two minutes at most) until {@code <gate>/open}
 * exists. The gate directory is the system property {@value #GATE_PROPERTY} of the JVM that writes.
 *
 * <p>Not registered as a service on the test class path (it would appear in the configuration reference): a test
 * puts a services file naming it on its child JVM's class path.
 */
public final class GatedFilesSinkProvider implements SinkProvider {

    public static final String NAME = "gated-files";
    public static final String GATE_PROPERTY = "eos.it.gate";
    private static final Duration MAX_WAIT = Duration.ofMinutes(2);

    private final SinkProvider files = new FilesSinkProvider();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ConfigSpec configSpec() {
        return files.configSpec();
    }

    @Override
    public Sink create(Config config) {
        Sink delegate = files.create(config);
        Path gate = Path.of(System.getProperty(GATE_PROPERTY, "gate"));
        return new Sink() {
            @Override
            public void preflight() {
                delegate.preflight();
            }

            @Override
            public SinkWriter open(WriteContext context) {
                return new GatedWriter(delegate.open(context), context, gate);
            }

            @Override
            public void close() {
                delegate.close();
            }
        };
    }

    private static final class GatedWriter implements SinkWriter {
        private final SinkWriter delegate;
        private final WriteContext context;
        private final Path gate;
        private long records;

        GatedWriter(SinkWriter delegate, WriteContext context, Path gate) {
            this.delegate = delegate;
            this.context = context;
            this.gate = gate;
        }

        @Override
        public void write(SinkRecord record) {
            records++;
            delegate.write(record);
        }

        @Override
        public WriteResult commit() {
            if (records > 0) {
                awaitGate();
            }
            return delegate.commit();
        }

        private void awaitGate() {
            try {
                Files.createDirectories(gate);
                Files.createFile(gate.resolve("writing-" + context.batchTime().toEpochMilli() + "-"
                        + context.partition() + "-" + context.attempt()));
            } catch (FileAlreadyExistsException again) {
                // a retried or replayed write of the same partition
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            long deadline = System.nanoTime() + MAX_WAIT.toNanos();
            while (!Files.exists(gate.resolve("open"))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the gate " + gate + " stayed closed for " + MAX_WAIT);
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted at the gate", e);
                }
            }
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
