package dev.eos.testkit;

import dev.eos.testkit.fake.InMemorySinkFake;

import java.util.HashMap;
import java.util.Map;

/**
 * Kit runs against deliberately wrong configurations of {@link InMemorySinkFake}. Their names do not end in
 * {@code Test}, so surefire does not run them; {@link KitCatchesMisbehavingSinksTest} runs them and expects failures.
 */
final class MisbehavingSinkFakes {

    private MisbehavingSinkFakes() {
    }

    /** Appends every record it is given: replays and concurrent attempts leave duplicates. */
    static class DuplicatingSinkRun extends InMemorySinkFakeContractTest {
        @Override
        protected Map<String, String> sinkProperties() {
            Map<String, String> props = new HashMap<>(super.sinkProperties());
            props.put("eos.sink.in-memory-fake.mode", "broken");
            return props;
        }
    }

    /** Silently drops the records it cannot store. */
    static class DroppingSinkRun extends InMemorySinkFakeContractTest {
        @Override
        protected Map<String, String> sinkProperties() {
            Map<String, String> props = new HashMap<>(super.sinkProperties());
            props.put("eos.sink.in-memory-fake.mode", "dropping");
            return props;
        }
    }

    /** Writes a large value where readers see it before it is whole: a final file written in place. */
    static class InPlaceSinkRun extends InMemorySinkFakeContractTest {
        @Override
        protected Map<String, String> sinkProperties() {
            Map<String, String> props = new HashMap<>(super.sinkProperties());
            props.put("eos.sink.in-memory-fake.mode", "in-place");
            return props;
        }
    }

    /** Reads back one record twice: a state with a duplicate the kit must notice. */
    static class ExtraCopyRun extends InMemorySinkFakeContractTest {
        @Override
        protected java.util.List<StoredRecord> readBack() {
            java.util.List<StoredRecord> stored = new java.util.ArrayList<>(super.readBack());
            if (!stored.isEmpty()) {
                stored.add(stored.get(0));
            }
            return stored;
        }
    }
}
