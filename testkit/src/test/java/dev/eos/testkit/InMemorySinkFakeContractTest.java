package dev.eos.testkit;

import dev.eos.testkit.fake.InMemorySinkFake;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Runs the kit against {@link InMemorySinkFake}, which has every capability: the kit's own self-check. */
class InMemorySinkFakeContractTest extends SinkContractTest {

    private String store;

    @Override
    protected String sinkName() {
        return "in-memory-fake";
    }

    @Override
    protected Map<String, String> sinkProperties() {
        store = UUID.randomUUID().toString();
        return Map.of("eos.sink.in-memory-fake.store", store, "eos.sink.in-memory-fake.password", "pw");
    }

    @Override
    protected List<StoredRecord> readBack() {
        return InMemorySinkFake.read(store).entrySet().stream()
                .flatMap(e -> e.getValue().stream().map(v -> new StoredRecord(e.getKey(), v)))
                .toList();
    }

    @Override
    protected dev.eos.spi.SinkRecord invalidRecord() {
        return dev.eos.spi.SinkRecord.builder("bad-one").value("INVALID: not storable").build();
    }
}
