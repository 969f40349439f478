package dev.eos.connector.hbase;

import dev.eos.spi.ConfigOption;
import dev.eos.spi.ConfigSpec;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Durability;

import java.util.List;

/** The options of the {@code hbase} sink, under {@code eos.sink.hbase.}. */
public final class HBaseSinkOptions {

    /** Where a cell's timestamp comes from. */
    public enum TimestampSource {
        /** The record's event time in epoch milliseconds. */
        EVENT_TIME,
        /** The record's source offset (Kafka offset, or line number of a file). */
        SOURCE_POSITION,
        /** The region server's clock at write time: every replay adds a version. */
        SERVER
    }

    /** The write-ahead-log durability of each put; {@code SKIP_WAL} is not offered (a committed batch could vanish). */
    public enum WalDurability {
        SYNC_WAL(Durability.SYNC_WAL),
        FSYNC_WAL(Durability.FSYNC_WAL),
        ASYNC_WAL(Durability.ASYNC_WAL),
        USE_DEFAULT(Durability.USE_DEFAULT);

        private final Durability hbase;

        WalDurability(Durability hbase) {
            this.hbase = hbase;
        }

        public Durability hbase() {
            return hbase;
        }
    }

    public static final ConfigOption<String> ZOOKEEPER_QUORUM = ConfigOption.stringOption("zookeeper-quorum")
            .description("ZooKeeper quorum of the HBase cluster, comma-separated host or host:port entries "
                    + "(hbase.zookeeper.quorum). Give this or site-file.");

    public static final ConfigOption<String> SITE_FILE = ConfigOption.stringOption("site-file")
            .description("Path of an hbase-site.xml with the client configuration, readable on the driver and on "
                    + "every executor (ship it with --files). Give this or zookeeper-quorum; options given here win.");

    public static final ConfigOption<String> TABLE = ConfigOption.stringOption("table")
            .required()
            .check(HBaseSinkOptions::isTableName, "not a table name ([namespace:]name of letters, digits, '_', '-', '.')")
            .description("Table to write to, as [namespace:]name.");

    public static final ConfigOption<String> COLUMN_FAMILY = ConfigOption.stringOption("column-family")
            .required()
            .check(f -> !f.isEmpty() && !f.contains(":") && f.chars().allMatch(c -> c > 32 && c < 127),
                    "a column family is printable ASCII without ':' or spaces")
            .description("Column family every cell is written to.");

    public static final ConfigOption<String> ROW_KEY = ConfigOption.stringOption("row-key")
            .defaultValue("{key}")
            .description("Row key: a template of {expression} parts over the record (see record-expressions.md), "
                    + "such as {field.customer}#{field.order}. Default {key}, the record's idempotency key.");

    public static final ConfigOption<Integer> SALT_BUCKETS = ConfigOption.intOption("salt-buckets")
            .defaultValue(0)
            .min(0).max(1000)
            .description("When above 0, prefixes each row key with a bucket number (CRC32 of the row key modulo "
                    + "this, zero-padded, then '-') to spread sequential keys over regions.");

    public static final ConfigOption<List<String>> COLUMNS = ConfigOption.listOption("columns")
            .description("Cells written per record, comma-separated qualifier=expression entries (see "
                    + "record-expressions.md), such as amount=field.amount or received=event-time; a bare name q "
                    + "stands for q=field.q, and * writes every field under its own name. Values as UTF-8 text "
                    + "(nested values as JSON, value as its bytes); an absent value writes no cell. When not set, "
                    + "the whole value goes to value-qualifier.");

    public static final ConfigOption<String> VALUE_QUALIFIER = ConfigOption.stringOption("value-qualifier")
            .defaultValue("v")
            .description("Qualifier holding the record's whole value when columns is not set.");

    public static final ConfigOption<TimestampSource> TIMESTAMP =
            ConfigOption.enumOption("timestamp", TimestampSource.class)
                    .defaultValue(TimestampSource.EVENT_TIME)
                    .description("Cell timestamp: event-time (epoch milliseconds of the record's event time) or "
                            + "source-position (the record's source offset). Both make a replay rewrite the same "
                            + "cell version. server (the region server's clock) adds a version per replay and "
                            + "needs allow-server-timestamp.");

    public static final ConfigOption<Boolean> ALLOW_SERVER_TIMESTAMP = ConfigOption.booleanOption("allow-server-timestamp")
            .defaultValue(false)
            .description("Accept timestamp=server, which breaks the exactly-once guarantee (a replay writes new "
                    + "versions).");

    public static final ConfigOption<Long> WRITE_BUFFER_SIZE = ConfigOption.longOption("write-buffer-size")
            .defaultValue(4L * 1024 * 1024)
            .min(1L).max(2L * 1024 * 1024 * 1024)
            .warnAbove(256L * 1024 * 1024, "every writer of every executor buffers that many bytes")
            .description("Bytes of puts buffered per writer before they are sent (BufferedMutator write buffer).");

    public static final ConfigOption<WalDurability> DURABILITY = ConfigOption.enumOption("durability", WalDurability.class)
            .defaultValue(WalDurability.SYNC_WAL)
            .description("Write-ahead-log durability of each put. async-wal may lose acknowledged puts when a "
                    + "region server dies, after the batch counted as written.");

    public static final ConfigOption<Boolean> CREATE_TABLE = ConfigOption.booleanOption("create-table")
            .defaultValue(false)
            .description("Create the table, or add the column family, when missing (at start, on the driver).");

    public static final ConfigOption<Integer> MAX_VERSIONS = ConfigOption.intOption("max-versions")
            .defaultValue(1)
            .min(1).max(10_000)
            .description("VERSIONS of the column family when the sink creates it.");

    /** Pass-through prefixes: HBase, ZooKeeper and Hadoop client settings, handed to the client as they are. */
    public static final List<String> PASS_THROUGH = List.of("hbase.", "zookeeper.", "hadoop.");

    public static final ConfigSpec SPEC = ConfigSpec.builder()
            .add(ZOOKEEPER_QUORUM, SITE_FILE, TABLE, COLUMN_FAMILY, ROW_KEY, SALT_BUCKETS, COLUMNS, VALUE_QUALIFIER,
                    TIMESTAMP, ALLOW_SERVER_TIMESTAMP, WRITE_BUFFER_SIZE, DURABILITY, CREATE_TABLE, MAX_VERSIONS)
            .passThrough("hbase.", "HBase client settings, such as hbase.client.retries.number or hbase.rpc.timeout")
            .passThrough("zookeeper.", "ZooKeeper client settings, such as zookeeper.znode.parent")
            .passThrough("hadoop.", "Hadoop settings, such as hadoop.security.authentication")
            .build();

    /** Writes every field as a column under its own name, in {@link #COLUMNS}. */
    public static final String ALL_FIELDS = "*";

    private HBaseSinkOptions() {
    }

    private static boolean isTableName(String name) {
        try {
            TableName.valueOf(name);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
