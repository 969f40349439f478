package com.example.kvsink;

import dev.eos.spi.ConfigOption;
import dev.eos.spi.ConfigSpec;

/** The options of the {@code keyvalue-dir} sink, under {@code eos.sink.keyvalue-dir.}. */
public final class KeyValueDirSinkOptions {

    // tag::options[]
    public static final ConfigOption<String> DIRECTORY = ConfigOption.stringOption("directory").required()
            .description("Local directory that holds one file per key. Created if missing.");
    public static final ConfigOption<Integer> MAX_VALUE_BYTES = ConfigOption.intOption("max-value-bytes")
            .defaultValue(1024 * 1024)
            .min(1)
            .description("Largest value stored; a larger record is rejected as a data error.");
    public static final ConfigOption<Boolean> FSYNC = ConfigOption.booleanOption("fsync").defaultValue(true)
            .description("Force each file to disk before it is renamed into place, so a machine crash cannot leave an "
                    + "empty file behind.");

    public static final ConfigSpec SPEC = ConfigSpec.of(DIRECTORY, MAX_VALUE_BYTES, FSYNC);
    // end::options[]

    private KeyValueDirSinkOptions() {
    }
}
