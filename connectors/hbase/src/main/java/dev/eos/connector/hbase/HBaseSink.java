package dev.eos.connector.hbase;

import dev.eos.connector.hbase.HBaseSinkOptions.TimestampSource;
import dev.eos.spi.RetriableSinkException;
import dev.eos.spi.Sink;
import dev.eos.spi.ConfigException;
import dev.eos.spi.SinkException;
import dev.eos.spi.SinkWriter;
import dev.eos.spi.WriteContext;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.HConstants;
import org.apache.hadoop.hbase.TableExistsException;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.BufferedMutator;
import org.apache.hadoop.hbase.client.BufferedMutatorParams;
import org.apache.hadoop.hbase.client.ColumnFamilyDescriptor;
import org.apache.hadoop.hbase.client.ColumnFamilyDescriptorBuilder;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.ConnectionFactory;
import org.apache.hadoop.hbase.client.RetriesExhaustedWithDetailsException;
import org.apache.hadoop.hbase.client.TableDescriptor;
import org.apache.hadoop.hbase.client.TableDescriptorBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;

/**
 * Keyed put on Apache HBase. One HBase {@link Connection} per sink (created on first use, shared by every writer);
 * one {@link BufferedMutator} per writer. Thread-safe.
 */
final class HBaseSink implements Sink {

    private static final Logger LOG = LoggerFactory.getLogger(HBaseSink.class);
    private static final String MAX_KEYVALUE_SIZE = "hbase.client.keyvalue.maxsize";

    private final HBaseSinkConfig config;
    private final Configuration clientConf;
    private final PutMapper mapper;
    private Connection connection;
    private boolean closed;

    HBaseSink(HBaseSinkConfig config) {
        this.config = config;
        this.clientConf = config.clientConfiguration();
        this.mapper = new PutMapper(config, clientConf.getLong(MAX_KEYVALUE_SIZE, 10_485_760L));
        config.warnings().forEach(LOG::warn);
    }

    @Override
    public void preflight() {
        TableName table = config.table();
        String family = new String(config.family(), StandardCharsets.UTF_8);
        try (Admin admin = connection().getAdmin()) {
            if (!admin.tableExists(table)) {
                if (!config.createTable()) {
                    throw new ConfigException("Table \"" + table + "\" (configuration \"" + config.key(HBaseSinkOptions.TABLE)
                            + "\") does not exist: create it with column family \"" + family + "\", or set \""
                            + config.key(HBaseSinkOptions.CREATE_TABLE) + "\"=true");
                }
                createTable(admin, table);
            }
            if (!admin.isTableEnabled(table)) {
                throw new ConfigException("Table \"" + table + "\" is disabled: enable it before starting the job");
            }
            TableDescriptor descriptor = admin.getDescriptor(table);
            ColumnFamilyDescriptor cf = descriptor.getColumnFamily(config.family());
            if (cf == null) {
                if (!config.createTable()) {
                    throw new ConfigException("Table \"" + table + "\" has no column family \"" + family
                            + "\" (configuration \"" + config.key(HBaseSinkOptions.COLUMN_FAMILY) + "\"): add it, or set \""
                            + config.key(HBaseSinkOptions.CREATE_TABLE) + "\"=true");
                }
                cf = family();
                LOG.info("Adding column family {} to HBase table {}", family, table);
                admin.addColumnFamily(table, cf);
            }
            if (config.timestamp() == TimestampSource.SOURCE_POSITION && cf.getTimeToLive() != HConstants.FOREVER) {
                throw new ConfigException("Column family \"" + family + "\" of table \"" + table + "\" has a TTL of "
                        + cf.getTimeToLive() + " s, but with \"" + config.key(HBaseSinkOptions.TIMESTAMP)
                        + "\"=source-position cell timestamps are source offsets, not times: every cell would expire "
                        + "at once. Remove the TTL or use timestamp=event-time");
            }
        } catch (IOException e) {
            throw new RetriableSinkException("HBase is not reachable for the preflight of table " + table + ": " + e, e);
        }
    }

    private void createTable(Admin admin, TableName table) throws IOException {
        TableDescriptor descriptor = TableDescriptorBuilder.newBuilder(table).setColumnFamily(family()).build();
        RowKeyTemplate rowKey = config.rowKey();
        List<byte[]> splits = new ArrayList<>();
        for (int bucket = 1; bucket < rowKey.saltBuckets(); bucket++) {
            splits.add(rowKey.prefix(bucket));
        }
        LOG.info("Creating HBase table {} with column family {} ({} regions)", table,
                new String(config.family(), StandardCharsets.UTF_8), splits.size() + 1);
        try {
            if (splits.isEmpty()) {
                admin.createTable(descriptor);
            } else {
                admin.createTable(descriptor, splits.toArray(new byte[0][]));
            }
        } catch (TableExistsException e) {
            // created at the same time by another driver: fine
        }
    }

    private ColumnFamilyDescriptor family() {
        return ColumnFamilyDescriptorBuilder.newBuilder(config.family()).setMaxVersions(config.maxVersions()).build();
    }

    @Override
    public SinkWriter open(WriteContext context) {
        Queue<RetriesExhaustedWithDetailsException> failures = HBaseSinkWriter.failureQueue();
        BufferedMutatorParams params = new BufferedMutatorParams(config.table())
                .writeBufferSize(config.writeBufferSize())
                .listener((e, mutator) -> failures.add(e));
        try {
            BufferedMutator mutator = connection().getBufferedMutator(params);
            return new HBaseSinkWriter(config.table(), mapper, context, mutator, failures);
        } catch (IOException e) {
            throw new RetriableSinkException("Cannot open a writer on HBase table " + config.table() + ": " + e, e);
        }
    }

    /** The shared connection, created on first use. */
    synchronized Connection connection() {
        if (closed) {
            throw new SinkException("the HBase sink is closed");
        }
        if (connection == null || connection.isClosed()) {
            try {
                connection = ConnectionFactory.createConnection(clientConf);
            } catch (IOException e) {
                throw new RetriableSinkException("Cannot connect to HBase (quorum "
                        + clientConf.get("hbase.zookeeper.quorum") + "): " + e, e);
            }
        }
        return connection;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (connection != null) {
            try {
                connection.close();
            } catch (IOException e) {
                LOG.warn("Closing the HBase connection failed", e);
            }
        }
    }

    @Override
    public String endpoint() {
        return "HBase (ZooKeeper quorum " + clientConf.get("hbase.zookeeper.quorum") + ")";
    }

    @Override
    public String toString() {
        return "HBaseSink{table=" + config.table() + ", family=" + new String(config.family(), StandardCharsets.UTF_8)
                + ", timestamp=" + config.timestamp() + "}";
    }
}
