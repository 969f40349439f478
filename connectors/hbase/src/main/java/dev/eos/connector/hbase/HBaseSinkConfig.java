package dev.eos.connector.hbase;

import dev.eos.spi.ConfigOption;
import dev.eos.spi.ConfigSpec;
import dev.eos.spi.Config;
import dev.eos.spi.ConfigException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.HBaseConfiguration;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Durability;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The options of the {@code hbase} sink (keys {@code eos.sink.hbase.<option>}) and their cross-option rules.
 * An instance is a validated configuration, immutable.
 */
public final class HBaseSinkConfig {

    private static final Logger LOG = LoggerFactory.getLogger(HBaseSinkConfig.class);

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

    /** The value of {@link #ROW_KEY} that takes the row key from the record's key. */
    public static final String RECORD_KEY = "record-key";

    public static final ConfigOption<String> ZOOKEEPER_QUORUM = ConfigOption.stringOption("zookeeper-quorum")
            .description("ZooKeeper quorum of the HBase cluster, comma-separated host or host:port entries "
                    + "(hbase.zookeeper.quorum). Give this or site-file.");

    public static final ConfigOption<String> SITE_FILE = ConfigOption.stringOption("site-file")
            .description("Path of an hbase-site.xml with the client configuration, readable on the driver and on "
                    + "every executor (ship it with --files). Give this or zookeeper-quorum; options given here win.");

    public static final ConfigOption<String> TABLE = ConfigOption.stringOption("table")
            .required()
            .check(HBaseSinkConfig::isTableName, "not a table name ([namespace:]name of letters, digits, '_', '-', '.')")
            .description("Table to write to, as [namespace:]name.");

    public static final ConfigOption<String> COLUMN_FAMILY = ConfigOption.stringOption("column-family")
            .required()
            .check(f -> !f.isEmpty() && !f.contains(":") && f.chars().allMatch(c -> c > 32 && c < 127),
                    "a column family is printable ASCII without ':' or spaces")
            .description("Column family every cell is written to.");

    public static final ConfigOption<String> ROW_KEY = ConfigOption.stringOption("row-key")
            .defaultValue(RECORD_KEY)
            .description("Row key: record-key (the record's idempotency key), or a template over the record's "
                    + "fields such as {customer}#{order}.");

    public static final ConfigOption<Integer> SALT_BUCKETS = ConfigOption.intOption("salt-buckets")
            .defaultValue(0)
            .check(n -> n >= 0 && n <= 1000, "must be 0 (no salting) to 1000")
            .description("When above 0, prefixes each row key with a bucket number (CRC32 of the row key modulo "
                    + "this, zero-padded, then '-') to spread sequential keys over regions.");

    public static final ConfigOption<List<String>> COLUMNS = ConfigOption.listOption("columns")
            .description("Fields written as columns, each field or field=qualifier, or * for every field; "
                    + "values as UTF-8 text (nested values as JSON). When not set, the whole value goes to "
                    + "value-qualifier.");

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
            .check(n -> n > 0, "must be positive")
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
            .check(n -> n >= 1, "must be at least 1")
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

    private final Config config;
    private final RowKeyTemplate rowKey;
    private final Map<String, String> columns;

    private HBaseSinkConfig(Config config, RowKeyTemplate rowKey, Map<String, String> columns) {
        this.config = config;
        this.rowKey = rowKey;
        this.columns = columns;
    }

    /**
     * Checks the rules between options.
     *
     * @throws ConfigException with every problem found
     */
    public static HBaseSinkConfig of(Config config) {
        List<String> problems = new ArrayList<>();
        boolean quorumInPassThrough = config.passThrough("hbase.").containsKey("zookeeper.quorum");
        if (!config.isSet(ZOOKEEPER_QUORUM) && !config.isSet(SITE_FILE) && !quorumInPassThrough) {
            problems.add(ConfigException.missing(config.key(ZOOKEEPER_QUORUM))
                    + " (or \"" + config.key(SITE_FILE) + "\"): the sink needs to know where the cluster is");
        }
        config.getOptional(SITE_FILE).ifPresent(file -> {
            if (!Files.isReadable(Path.of(file))) {
                problems.add(ConfigException.invalid(config.key(SITE_FILE), file, "no readable file there"));
            }
        });
        if (config.get(TIMESTAMP) == TimestampSource.SERVER && !config.get(ALLOW_SERVER_TIMESTAMP)) {
            problems.add(ConfigException.invalid(config.key(TIMESTAMP), "server",
                    "server-assigned timestamps add a cell version on every replay, which breaks exactly-once; use "
                            + "event-time or source-position, or set \"" + config.key(ALLOW_SERVER_TIMESTAMP)
                            + "\"=true to accept duplicates"));
        }
        if (config.isSet(COLUMNS) && config.isSet(VALUE_QUALIFIER)) {
            problems.add("Configurations \"" + config.key(COLUMNS) + "\" and \"" + config.key(VALUE_QUALIFIER)
                    + "\" exclude each other: write fields as columns or the whole value in one qualifier");
        }
        RowKeyTemplate rowKey = null;
        try {
            rowKey = RowKeyTemplate.parse(config.get(ROW_KEY), config.get(SALT_BUCKETS));
        } catch (IllegalArgumentException e) {
            problems.add(ConfigException.invalid(config.key(ROW_KEY), config.get(ROW_KEY), e.getMessage()));
        }
        Map<String, String> columns = new LinkedHashMap<>();
        for (String entry : config.getOptional(COLUMNS).orElse(List.of())) {
            int eq = entry.indexOf('=');
            String field = eq < 0 ? entry : entry.substring(0, eq).trim();
            String qualifier = eq < 0 ? entry : entry.substring(eq + 1).trim();
            if (field.isEmpty() || qualifier.isEmpty() || (field.equals("*") && eq >= 0)) {
                problems.add(ConfigException.invalid(config.key(COLUMNS), entry,
                        "each entry is field, field=qualifier or *"));
            } else if (columns.put(field, qualifier) != null) {
                problems.add(ConfigException.invalid(config.key(COLUMNS), entry, "field \"" + field + "\" given twice"));
            }
        }
        if (columns.containsKey("*") && columns.size() > 1) {
            problems.add(ConfigException.invalid(config.key(COLUMNS), String.join(",", config.get(COLUMNS)),
                    "* stands alone"));
        }
        if (config.isSet(COLUMNS) && columns.isEmpty() && problems.isEmpty()) {
            problems.add(ConfigException.invalid(config.key(COLUMNS), "", "name at least one field"));
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        if (config.get(TIMESTAMP) == TimestampSource.SERVER) {
            LOG.warn("{}=server: cells get the region server's time, so every replay of a batch adds a new version "
                    + "of its cells; the exactly-once guarantee does NOT hold for this sink", config.key(TIMESTAMP));
        }
        if (config.get(DURABILITY) == WalDurability.ASYNC_WAL) {
            LOG.warn("{}=async-wal: puts acknowledged before their WAL is synced may be lost when a region server "
                    + "dies after the batch committed", config.key(DURABILITY));
        }
        return new HBaseSinkConfig(config, rowKey, Map.copyOf(columns));
    }

    /** The HBase client configuration: defaults, the site file, the quorum, then the pass-through keys. */
    public Configuration clientConfiguration() {
        Configuration conf = HBaseConfiguration.create();
        config.getOptional(SITE_FILE).ifPresent(file -> conf.addResource(new org.apache.hadoop.fs.Path(
                Path.of(file).toAbsolutePath().toUri())));
        config.getOptional(ZOOKEEPER_QUORUM).ifPresent(quorum -> conf.set("hbase.zookeeper.quorum", quorum));
        for (String prefix : PASS_THROUGH) {
            config.passThrough(prefix).forEach((k, v) -> conf.set(prefix + k, v));
        }
        return conf;
    }

    public Config raw() {
        return config;
    }

    public TableName table() {
        return TableName.valueOf(config.get(TABLE));
    }

    public byte[] family() {
        return config.get(COLUMN_FAMILY).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    public RowKeyTemplate rowKey() {
        return rowKey;
    }

    /** Field to qualifier; {@code *} maps every field to its own name; empty for the whole value in one qualifier. */
    public Map<String, String> columns() {
        return columns;
    }

    public String valueQualifier() {
        return config.get(VALUE_QUALIFIER);
    }

    public TimestampSource timestamp() {
        return config.get(TIMESTAMP);
    }

    public long writeBufferSize() {
        return config.get(WRITE_BUFFER_SIZE);
    }

    public Durability durability() {
        return config.get(DURABILITY).hbase();
    }

    public boolean createTable() {
        return config.get(CREATE_TABLE);
    }

    public int maxVersions() {
        return config.get(MAX_VERSIONS);
    }

    public String key(ConfigOption<?> option) {
        return config.key(option);
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
