package dev.eos.it.hbase;

import dev.eos.demo.crashloop.CrashLoopOptions;
import dev.eos.demo.crashloop.SinkStateReader;
import dev.eos.it.AbstractCrashLoopIT;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The crash loop against HBase: the job in a child JVM writes the files source's events to a mini cluster table
 * (the cluster in its own JVM, outliving every killed driver) with source-position cell timestamps. The table
 * keeps 10 versions per cell and the reader returns every version, so a replay that added a version would count as
 * a duplicate.
 */
class HBaseCrashLoopIT extends AbstractCrashLoopIT {

    private static final byte[] FAMILY = Bytes.toBytes("d");
    private static Connection connection;
    private TableName table;

    @BeforeAll
    static void connect() throws IOException {
        Configuration conf = HBaseConfiguration.create();
        conf.set("hbase.zookeeper.quorum", HBaseMiniClusterFixture.shared().zookeeperQuorum());
        connection = ConnectionFactory.createConnection(conf);
    }

    @AfterAll
    static void disconnect() throws IOException {
        if (connection != null) {
            connection.close();
        }
    }

    @Override
    protected Map<String, String> sinkProperties(Path workDir) throws IOException {
        table = TableName.valueOf("crash_loop_" + System.nanoTime());
        try (Admin admin = connection.getAdmin()) {
            admin.createTable(TableDescriptorBuilder.newBuilder(table)
                    .setColumnFamily(ColumnFamilyDescriptorBuilder.newBuilder(FAMILY).setMaxVersions(10).build())
                    .build());
        }
        return Map.of(
                "eos.sink", "hbase",
                "eos.sink.hbase.zookeeper-quorum", HBaseMiniClusterFixture.shared().zookeeperQuorum(),
                "eos.sink.hbase.table", table.getNameAsString(),
                "eos.sink.hbase.column-family", "d",
                "eos.sink.hbase.timestamp", "source-position");
    }

    /** A 240 s drain lets a slow machine finish (the HBase mini cluster runs beside the job on two shared cores). */
    @Override
    protected CrashLoopOptions configure(CrashLoopOptions loop) {
        return loop.drainTimeout(Duration.ofSeconds(240));
    }

    @Override
    protected SinkStateReader sinkState(Path workDir) {
        return this::everyCellVersion;
    }

    private List<String> everyCellVersion() throws IOException {
        List<String> payloads = new ArrayList<>();
        try (Table t = connection.getTable(table);
             ResultScanner scanner = t.getScanner(new Scan().addFamily(FAMILY).readAllVersions())) {
            for (Result result : scanner) {
                for (Cell cell : result.listCells()) {
                    payloads.add(Bytes.toString(CellUtil.cloneValue(cell)));
                }
            }
        }
        return payloads;
    }
}
