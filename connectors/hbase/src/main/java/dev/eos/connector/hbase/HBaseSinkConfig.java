package dev.eos.connector.hbase;

import dev.eos.connector.hbase.HBaseSinkOptions.TimestampSource;
import dev.eos.connector.hbase.HBaseSinkOptions.WalDurability;
import dev.eos.connector.support.RecordExpression;
import dev.eos.connector.support.RecordMapping;
import dev.eos.spi.Config;
import dev.eos.spi.ConfigException;
import dev.eos.spi.ConfigOption;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.HBaseConfiguration;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Durability;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.eos.connector.hbase.HBaseSinkOptions.ALLOW_SERVER_TIMESTAMP;
import static dev.eos.connector.hbase.HBaseSinkOptions.ALL_FIELDS;
import static dev.eos.connector.hbase.HBaseSinkOptions.COLUMNS;
import static dev.eos.connector.hbase.HBaseSinkOptions.COLUMN_FAMILY;
import static dev.eos.connector.hbase.HBaseSinkOptions.CREATE_TABLE;
import static dev.eos.connector.hbase.HBaseSinkOptions.DURABILITY;
import static dev.eos.connector.hbase.HBaseSinkOptions.MAX_VERSIONS;
import static dev.eos.connector.hbase.HBaseSinkOptions.PASS_THROUGH;
import static dev.eos.connector.hbase.HBaseSinkOptions.ROW_KEY;
import static dev.eos.connector.hbase.HBaseSinkOptions.SALT_BUCKETS;
import static dev.eos.connector.hbase.HBaseSinkOptions.SITE_FILE;
import static dev.eos.connector.hbase.HBaseSinkOptions.TABLE;
import static dev.eos.connector.hbase.HBaseSinkOptions.TIMESTAMP;
import static dev.eos.connector.hbase.HBaseSinkOptions.VALUE_QUALIFIER;
import static dev.eos.connector.hbase.HBaseSinkOptions.WRITE_BUFFER_SIZE;
import static dev.eos.connector.hbase.HBaseSinkOptions.ZOOKEEPER_QUORUM;

/**
 * The {@code hbase} sink's validated configuration.
 *
 * @param prefix the prefix of every key, such as {@code eos.sink.hbase.}, for messages
 * @param zookeeperQuorum the quorum, or null
 * @param siteFile the hbase-site.xml, or null
 * @param table the table
 * @param columnFamily the family every cell goes to
 * @param rowKey how a record's row key is made
 * @param columns qualifier to expression, in order; empty when the whole value goes to {@code valueQualifier} or
 *        every field is written ({@code allFields})
 * @param allFields whether every field is written under its own name ({@code columns=*})
 * @param valueQualifier the qualifier of the whole value when no columns are given
 * @param timestamp where a cell's timestamp comes from
 * @param writeBufferSize bytes buffered per writer
 * @param walDurability the WAL durability of each put
 * @param createTable whether preflight creates the table or family
 * @param maxVersions VERSIONS of a family the sink creates
 * @param clientSettings the pass-through keys, prefix ({@code hbase.}, {@code zookeeper.}, {@code hadoop.}) kept
 */
public record HBaseSinkConfig(String prefix, String zookeeperQuorum, String siteFile, TableName table,
                              String columnFamily, RowKeyTemplate rowKey, Map<String, RecordExpression> columns,
                              boolean allFields, String valueQualifier, TimestampSource timestamp, long writeBufferSize,
                              WalDurability walDurability, boolean createTable, int maxVersions,
                              Map<String, String> clientSettings) {

    public HBaseSinkConfig {
        columns = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(columns));
        clientSettings = Map.copyOf(clientSettings);
    }

    /**
     * Reads the options and checks the rules between them.
     *
     * @throws ConfigException with every problem found
     */
    public static HBaseSinkConfig from(Config config) {
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
            rowKey = RowKeyTemplate.parse(config.get(ROW_KEY), config.get(SALT_BUCKETS), config.key(ROW_KEY));
        } catch (IllegalArgumentException e) {
            problems.add(ConfigException.invalid(config.key(ROW_KEY), config.get(ROW_KEY), e.getMessage()));
        }
        List<String> entries = config.getOptional(COLUMNS).orElse(List.of());
        boolean allFields = entries.contains(ALL_FIELDS);
        Map<String, RecordExpression> columns = Map.of();
        if (allFields && entries.size() > 1) {
            problems.add(ConfigException.invalid(config.key(COLUMNS), String.join(",", entries), "* stands alone"));
        } else if (!allFields) {
            try {
                columns = RecordMapping.parse(entries, RecordExpression.RECORD, config.key(COLUMNS),
                        RecordMapping.OldForm.FIELD_EQUALS_TARGET);
            } catch (IllegalArgumentException e) {
                problems.add(ConfigException.invalid(config.key(COLUMNS), String.join(",", entries),
                        e.getMessage() + " (each entry is qualifier=expression, a bare name, or *)"));
            }
        }
        if (config.isSet(COLUMNS) && entries.isEmpty() && problems.isEmpty()) {
            problems.add(ConfigException.invalid(config.key(COLUMNS), "", "name at least one column"));
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        Map<String, String> clientSettings = new LinkedHashMap<>();
        for (String prefix : PASS_THROUGH) {
            config.passThrough(prefix).forEach((k, v) -> clientSettings.put(prefix + k, v));
        }
        return new HBaseSinkConfig(config.prefix(), config.get(ZOOKEEPER_QUORUM), config.get(SITE_FILE),
                TableName.valueOf(config.get(TABLE)), config.get(COLUMN_FAMILY), rowKey, columns, allFields,
                config.get(VALUE_QUALIFIER), config.get(TIMESTAMP), config.get(WRITE_BUFFER_SIZE), config.get(DURABILITY),
                config.get(CREATE_TABLE), config.get(MAX_VERSIONS), clientSettings);
    }

    /** What an operator should know about this configuration before it runs, one sentence each. */
    public List<String> warnings() {
        List<String> warnings = new ArrayList<>();
        if (timestamp == TimestampSource.SERVER) {
            warnings.add(key(TIMESTAMP) + "=server: cells get the region server's time, so every replay of a batch "
                    + "adds a new version of its cells; the exactly-once guarantee does NOT hold for this sink");
        }
        if (walDurability == WalDurability.ASYNC_WAL) {
            warnings.add(key(DURABILITY) + "=async-wal: puts acknowledged before their WAL is synced may be lost when "
                    + "a region server dies after the batch committed");
        }
        return warnings;
    }

    /** The HBase client configuration: defaults, the site file, the quorum, then the pass-through keys. */
    public Configuration clientConfiguration() {
        Configuration conf = HBaseConfiguration.create();
        if (siteFile != null) {
            conf.addResource(new org.apache.hadoop.fs.Path(Path.of(siteFile).toAbsolutePath().toUri()));
        }
        if (zookeeperQuorum != null) {
            conf.set("hbase.zookeeper.quorum", zookeeperQuorum);
        }
        clientSettings.forEach(conf::set);
        return conf;
    }

    /** The column family's bytes. */
    public byte[] family() {
        return columnFamily.getBytes(StandardCharsets.UTF_8);
    }

    public Durability durability() {
        return walDurability.hbase();
    }

    /** The full key of an option, for messages. */
    public String key(ConfigOption<?> option) {
        return prefix + option.name();
    }

    /** Never the pass-through values, which may hold credentials. */
    @Override
    public String toString() {
        return "table=" + table + ", column-family=" + columnFamily + ", row-key=" + rowKey + ", timestamp="
                + TIMESTAMP.format(timestamp);
    }
}
