package dev.eos.connector.files;

import dev.eos.connector.support.WriteMode;
import dev.eos.spi.ConfigOption;
import dev.eos.spi.ConfigSpec;

/** The options of the {@code files} sink, under {@code eos.sink.files.}. */
public final class FilesSinkOptions {

    public static final String DEFAULT_RECORD_TEMPLATE = "{key}";
    public static final String DEFAULT_BATCH_TEMPLATE = "{range}.txt";
    public static final String HADOOP_PREFIX = "hadoop.";

    public static final ConfigOption<String> PATH = ConfigOption.stringOption("path").required()
            .description("Base directory: a local path or a Hadoop file system URI (file://, hdfs://, abfs://, wasb://). "
                    + "Created if missing; must be writable.");
    public static final ConfigOption<WriteMode> MODE = WriteMode.option(
            "per-record: one file per record, holding its value. per-batch: one file per partition per batch, "
                    + "each record's value and a line break, in source order.");
    public static final ConfigOption<String> PATH_TEMPLATE = ConfigOption.stringOption("path-template")
            .description("File path under the base directory: a template of {expression} parts (see "
                    + "record-expressions.md), values escaped so they stay in one path segment. Default "
                    + DEFAULT_RECORD_TEMPLATE + " (per-record; must contain {key}, {position} or {position.offset}) or "
                    + DEFAULT_BATCH_TEMPLATE + " (per-batch; must contain {range}, may use {batch-time:<pattern>} and "
                    + "{partition}).");

    public static final ConfigSpec SPEC = ConfigSpec.builder()
            .add(PATH, MODE, PATH_TEMPLATE)
            .passThrough(HADOOP_PREFIX, "Hadoop configuration for the file system, without the prefix "
                    + "(eos.sink.files.hadoop.fs.azure.account.key.<account>.dfs.core.windows.net=...). "
                    + "Keys that look like credentials are never printed.")
            .build();

    private FilesSinkOptions() {
    }
}
