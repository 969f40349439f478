package dev.eos.testkit;

/**
 * One stored copy of a record, as a sink's test reads it back from the backend: the idempotency key and a text
 * form of what was stored. Two equal stored records for one key are a duplicate.
 */
public record StoredRecord(String key, String value) {
}
