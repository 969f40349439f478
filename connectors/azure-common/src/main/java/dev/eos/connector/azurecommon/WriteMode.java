package dev.eos.connector.azurecommon;

/** How records map to objects. */
public enum WriteMode {
    /** One object per record, its path from the template over the record; the object holds the record's value. */
    PER_RECORD,
    /** One object per partition per batch, named by its source offset range; the object holds JSON lines. */
    PER_BATCH
}
