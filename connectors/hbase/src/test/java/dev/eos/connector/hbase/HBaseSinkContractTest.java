package dev.eos.connector.hbase;

import dev.eos.spi.SinkRecord;
import dev.eos.testkit.Capability;
import dev.eos.testkit.SinkContractTest;
import dev.eos.testkit.StoredRecord;
import org.apache.hadoop.hbase.TableName;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The contract kit against a real HBase mini cluster. Each test gets a fresh table whose family keeps 10 versions,
 * and {@link #readBack()} returns one stored record per cell <em>version</em>, so a replay that added a version
 * would show as a duplicate.
 */
class HBaseSinkContractTest extends SinkContractTest {

    private TableName table;

    @Override
    protected String sinkName() {
        return "hbase";
    }

    @Override
    protected Map<String, String> sinkProperties() {
        table = HBaseTestCluster.createTable("contract", 10);
        return HBaseTestCluster.sinkProperties(table);
    }

    @Override
    protected List<StoredRecord> readBack() {
        return HBaseTestCluster.allCellVersions(table).stream()
                .map(cell -> new StoredRecord(HBaseTestCluster.row(cell), HBaseTestCluster.value(cell)))
                .toList();
    }

    /** A put cannot tell an existing cell from a new one without a read: see docs/connectors/hbase.md. */
    @Override
    protected Set<Capability> capabilities() {
        return EnumSet.of(Capability.REJECTS_INVALID_RECORDS);
    }

    /** No event time, and the default cell timestamp is the event time. */
    @Override
    protected SinkRecord invalidRecord() {
        return SinkRecord.builder("no-event-time").value("{\"id\":\"no-event-time\"}").build();
    }

    @Override
    protected int largeBatchSize() {
        return 20_000;
    }
}
