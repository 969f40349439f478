package dev.eos.connector.jdbc;

import dev.eos.spi.Sink;
import dev.eos.spi.SinkDataException;
import dev.eos.spi.SinkRecord;
import dev.eos.spi.SinkWriter;
import dev.eos.spi.WriteContext;
import dev.eos.spi.WriteResult;
import dev.eos.spi.host.SinkRegistry;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Test helpers: create the jdbc sink from properties as the runtime does, and write a partition through it. */
final class Sinks {

    private Sinks() {
    }

    static Sink create(Map<String, String> properties) {
        return SinkRegistry.load().create("jdbc", JdbcSinkOptions.PREFIX, properties);
    }

    static WriteContext context(int partition, int attempt) {
        return new WriteContext(Instant.parse("2026-01-01T00:00:00Z"), partition, attempt, List.of());
    }

    /** Writes and commits the records in one writer; records rejected at write time are counted as rejected. */
    static WriteResult writeAll(Sink sink, List<SinkRecord> records) {
        return writeAll(sink, records, 0);
    }

    static WriteResult writeAll(Sink sink, List<SinkRecord> records, int attempt) {
        WriteResult atWrite = WriteResult.EMPTY;
        try (SinkWriter writer = sink.open(context(0, attempt))) {
            for (SinkRecord r : records) {
                try {
                    writer.write(r);
                } catch (SinkDataException e) {
                    atWrite = atWrite.plus(new WriteResult(0, 0, List.of(new WriteResult.RejectedRecord(r, e.reason()))));
                }
            }
            return writer.commit().plus(atWrite);
        }
    }
}
