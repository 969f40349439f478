package dev.eos.connector.support;

import dev.eos.spi.ConfigOption;

/** How a sink lays records out: one object (file, blob) per record, or one per partition per batch. */
public enum WriteMode {
    /** One object per record, its path from a template over the record; it holds the record's value. */
    PER_RECORD,
    /** One object per partition per batch, named by the partition's source offset ranges. */
    PER_BATCH;

    /**
     * The {@code mode} option, default {@code per-record}.
     *
     * @param description what each mode writes, in the sink's words
     */
    public static ConfigOption<WriteMode> option(String description) {
        return ConfigOption.enumOption("mode", WriteMode.class).defaultValue(PER_RECORD).description(description);
    }
}
