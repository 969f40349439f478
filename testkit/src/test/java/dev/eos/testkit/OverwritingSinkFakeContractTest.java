package dev.eos.testkit;

import dev.eos.testkit.fake.InMemorySinkFake;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Runs the kit against the overwriting {@link InMemorySinkFake}, which has no capability: the kit's fallback
 * assertions (replays counted as written, edge-case records stored, no secret options) must hold.
 */
class OverwritingSinkFakeContractTest extends SinkContractTest {

    private String store;

    @Override
    protected String sinkName() {
        return "in-memory-overwrite-fake";
    }

    @Override
    protected Map<String, String> sinkProperties() {
        store = UUID.randomUUID().toString();
        return Map.of("eos.sink.in-memory-overwrite-fake.store", store);
    }

    @Override
    protected List<StoredRecord> readBack() {
        return InMemorySinkFake.STORES.getOrDefault(store, Map.of()).entrySet().stream()
                .flatMap(e -> e.getValue().stream().map(v -> new StoredRecord(e.getKey(), v)))
                .toList();
    }

    @Override
    protected Set<Capability> capabilities() {
        return EnumSet.noneOf(Capability.class);
    }
}
