package com.example.kvsink;

import dev.eos.spi.SinkRecord;
import dev.eos.testkit.Capability;
import dev.eos.testkit.SinkContractTest;
import dev.eos.testkit.StoredRecord;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/** The EOS contract kit, run against the keyvalue-dir sink: all a sink author writes to test a sink. */
// tag::contract-test[]
class KeyValueDirSinkContractTest extends SinkContractTest {

    /** Room for the kit's large values (readersNeverObserveAPartialRecord writes 1 MiB ones). */
    private static final int MAX_VALUE_BYTES = 2 << 20;

    @TempDir
    Path tmp;

    @Override
    protected String sinkName() {
        return "keyvalue-dir";
    }

    @Override
    protected Map<String, String> sinkProperties() {
        return Map.of("eos.sink.keyvalue-dir.directory", tmp.resolve("kv").toString(),
                "eos.sink.keyvalue-dir.max-value-bytes", String.valueOf(MAX_VALUE_BYTES),
                "eos.sink.keyvalue-dir.fsync", "false");
    }

    /** Every visible file: key = decoded file name, value = content. */
    @Override
    protected List<StoredRecord> readBack() throws IOException {
        try (Stream<Path> files = Files.list(tmp.resolve("kv"))) {
            return files.filter(f -> !f.getFileName().toString().startsWith("."))
                    .map(f -> new StoredRecord(URLDecoder.decode(f.getFileName().toString(), StandardCharsets.UTF_8), read(f)))
                    .toList();
        }
    }

    /** A value over max-value-bytes. */
    @Override
    protected SinkRecord invalidRecord() {
        return SinkRecord.builder("too-big").value("x".repeat(MAX_VALUE_BYTES + 1)).build();
    }

    /** No secret options: the sink has no credentials. */
    @Override
    protected Set<Capability> capabilities() {
        return EnumSet.of(Capability.DETECTS_DUPLICATES, Capability.REJECTS_INVALID_RECORDS);
    }

    /** 10,000 files instead of 100,000: one file per record is slow to create and delete on a shared test machine. */
    @Override
    protected int largeBatchSize() {
        return 10_000;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
// end::contract-test[]
