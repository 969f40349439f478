package dev.eos.testkit;

/**
 * What a sink can do beyond the bare contract. A sink's test declares the ones it lacks by overriding
 * {@link SinkContractTest#capabilities()}; the kit then asserts the documented fallback behaviour instead of
 * skipping the test.
 */
public enum Capability {
    /**
     * The sink tells a record whose key is already stored from a new one, and counts it in
     * {@link dev.eos.spi.WriteResult#duplicates()}. Without it (an overwrite that cannot know, like an HBase put),
     * the kit asserts that a replay counts every record as written and zero duplicates, and leaves the state
     * unchanged.
     */
    DETECTS_DUPLICATES,
    /**
     * Some records cannot be written and are rejected as data errors; the test supplies one with
     * {@link SinkContractTest#invalidRecord()}. Without it, the kit asserts that an edge-case record (empty value,
     * no fields, no position) is stored, not dropped.
     */
    REJECTS_INVALID_RECORDS,
    /**
     * The sink declares at least one secret option. Without it, the kit asserts that the sink declares none, and
     * that pass-through keys that look like credentials are still hidden.
     */
    SECRET_OPTIONS
}
