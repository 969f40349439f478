package dev.eos.connector.hbase;

import dev.eos.testing.hbase.HBaseMiniClusterFixture;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.Cell;
import org.apache.hadoop.hbase.CellUtil;
import org.apache.hadoop.hbase.HBaseConfiguration;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.ColumnFamilyDescriptorBuilder;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.ConnectionFactory;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.ResultScanner;
import org.apache.hadoop.hbase.client.Scan;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.client.TableDescriptorBuilder;
import org.apache.hadoop.hbase.util.Bytes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The tests' view of the shared HBase mini cluster (one per test JVM, in its own JVM): sink properties pointing at
 * it, table creation, and reading every cell version back.
 */
final class HBaseTestCluster {

    static final String FAMILY = "d";
    private static final AtomicInteger TABLES = new AtomicInteger();
    private static Connection connection;

    private HBaseTestCluster() {
    }

    static HBaseMiniClusterFixture fixture() {
        return HBaseMiniClusterFixture.shared();
    }

    static synchronized Connection connection() {
        if (connection == null) {
            Configuration conf = HBaseConfiguration.create();
            conf.set("hbase.zookeeper.quorum", fixture().zookeeperQuorum());
            try {
                connection = ConnectionFactory.createConnection(conf);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return connection;
    }

    /** A new table name, unique in this JVM. */
    static TableName newTableName(String purpose) {
        return TableName.valueOf(purpose + "_" + TABLES.incrementAndGet());
    }

    /** Creates a table whose family {@value #FAMILY} keeps {@code versions} versions, so duplicates would show. */
    static TableName createTable(String purpose, int versions) {
        TableName table = newTableName(purpose);
        try (Admin admin = connection().getAdmin()) {
            admin.createTable(TableDescriptorBuilder.newBuilder(table)
                    .setColumnFamily(ColumnFamilyDescriptorBuilder.newBuilder(Bytes.toBytes(FAMILY))
                            .setMaxVersions(versions).build())
                    .build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return table;
    }

    /** Full keys configuring the sink on {@code table}, family {@value #FAMILY}. */
    static Map<String, String> sinkProperties(TableName table) {
        Map<String, String> props = new HashMap<>();
        props.put("eos.sink.hbase.zookeeper-quorum", fixture().zookeeperQuorum());
        props.put("eos.sink.hbase.table", table.getNameAsString());
        props.put("eos.sink.hbase.column-family", FAMILY);
        return props;
    }

    /** Every version of every cell of the table. */
    static List<Cell> allCellVersions(TableName table) {
        List<Cell> cells = new ArrayList<>();
        try (Table t = connection().getTable(table);
             ResultScanner scanner = t.getScanner(new Scan().readAllVersions())) {
            for (Result result : scanner) {
                cells.addAll(result.listCells());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return cells;
    }

    static String row(Cell cell) {
        return Bytes.toString(CellUtil.cloneRow(cell));
    }

    static String qualifier(Cell cell) {
        return Bytes.toString(CellUtil.cloneQualifier(cell));
    }

    static String value(Cell cell) {
        return Bytes.toString(CellUtil.cloneValue(cell));
    }
}
