package dev.eos.connector.hbase;

import dev.eos.spi.RetriableSinkException;
import dev.eos.spi.Sink;
import dev.eos.spi.ConfigException;
import dev.eos.spi.SinkDataException;
import dev.eos.spi.SinkException;
import dev.eos.spi.SinkRecord;
import dev.eos.spi.SinkWriter;
import dev.eos.spi.SourcePosition;
import dev.eos.spi.WriteContext;
import dev.eos.spi.WriteResult;
import dev.eos.spi.host.SinkRegistry;
import dev.eos.testkit.TestRecords;
import org.apache.hadoop.hbase.Cell;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.ColumnFamilyDescriptorBuilder;
import org.apache.hadoop.hbase.client.Get;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.client.TableDescriptorBuilder;
import org.apache.hadoop.hbase.util.Bytes;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

import static dev.eos.connector.hbase.HBaseTestCluster.FAMILY;
import static dev.eos.connector.hbase.HBaseTestCluster.allCellVersions;
import static dev.eos.connector.hbase.HBaseTestCluster.qualifier;
import static dev.eos.connector.hbase.HBaseTestCluster.row;
import static dev.eos.connector.hbase.HBaseTestCluster.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The HBase sink's own behaviour against the mini cluster: timestamps, versions, mapping, errors, preflight. */
class HBaseSinkTest {

    private static final Instant BATCH = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void replayedBatchLeavesOneVersionPerCellAtTheEventTime() throws Exception {
        TableName table = HBaseTestCluster.createTable("replay", 5);
        List<SinkRecord> batch = TestRecords.generate(21, 50);
        try (Sink sink = create(HBaseTestCluster.sinkProperties(table))) {
            assertThat(write(sink, 0, batch).written()).isEqualTo(50);
            SinkWriter abandoned = sink.open(context(1));
            batch.subList(0, 25).forEach(abandoned::write);
            WriteResult replay = write(sink, 2, batch);
            assertThat(replay.written()).as("a put cannot tell a replay: counted as written").isEqualTo(50);
        }

        List<Cell> cells = allCellVersions(table);
        assertThat(cells).as("every version of every cell, on a family keeping 5 versions").hasSize(50);
        for (SinkRecord record : batch) {
            Cell cell = only(cells, record.key());
            assertThat(cell.getTimestamp()).isEqualTo(record.eventTime().orElseThrow().toEpochMilli());
            assertThat(qualifier(cell)).isEqualTo("v");
            assertThat(value(cell)).isEqualTo(record.valueAsString());
        }
    }

    @Test
    void sourcePositionTimestampIsTheOffsetAndAReplayKeepsOneVersion() throws Exception {
        TableName table = HBaseTestCluster.createTable("position", 5);
        Map<String, String> props = HBaseTestCluster.sinkProperties(table);
        props.put("eos.sink.hbase.timestamp", "source-position");
        List<SinkRecord> batch = new ArrayList<>();
        for (SinkRecord record : TestRecords.generate(22, 20)) {
            long offset = 1_000 + record.position().orElseThrow().offset();
            batch.add(record.toBuilder().position(new SourcePosition("orders", 3, offset)).eventTime(null).build());
        }
        try (Sink sink = create(props)) {
            write(sink, 0, batch);
            write(sink, 1, batch);
        }

        List<Cell> cells = allCellVersions(table);
        assertThat(cells).hasSize(20);
        for (SinkRecord record : batch) {
            assertThat(only(cells, record.key()).getTimestamp()).isEqualTo(record.position().orElseThrow().offset());
        }
    }

    @Test
    void replayOfAnOlderBatchDoesNotHideTheNewerValue() throws Exception {
        TableName table = HBaseTestCluster.createTable("order", 5);
        SinkRecord older = SinkRecord.builder("k").value("old").eventTime(BATCH).build();
        SinkRecord newer = SinkRecord.builder("k").value("new").eventTime(BATCH.plusSeconds(10)).build();
        try (Sink sink = create(HBaseTestCluster.sinkProperties(table))) {
            write(sink, 0, List.of(older));
            write(sink, 0, List.of(newer));
            write(sink, 1, List.of(older));
        }

        try (Table t = HBaseTestCluster.connection().getTable(table)) {
            Result latest = t.get(new Get(Bytes.toBytes("k")));
            assertThat(Bytes.toString(latest.getValue(Bytes.toBytes(FAMILY), Bytes.toBytes("v")))).isEqualTo("new");
        }
        assertThat(allCellVersions(table)).extracting(HBaseTestCluster::value).containsExactly("new", "old");
    }

    @Test
    void fieldsBecomeColumnsUnderASaltedTemplateKeyInATableThePreflightCreates() throws Exception {
        TableName table = HBaseTestCluster.newTableName("columns");
        Map<String, String> props = HBaseTestCluster.sinkProperties(table);
        props.put("eos.sink.hbase.row-key", "{field.payload}#{field.seq}");
        props.put("eos.sink.hbase.salt-buckets", "4");
        props.put("eos.sink.hbase.columns", "id,sequence=field.seq,payload");
        props.put("eos.sink.hbase.create-table", "true");
        List<SinkRecord> batch = TestRecords.generate(23, 30);
        try (Sink sink = create(props)) {
            sink.preflight();
            write(sink, 0, batch);
        }

        try (Admin admin = HBaseTestCluster.connection().getAdmin()) {
            assertThat(admin.getRegions(table)).as("pre-split at the salt prefixes").hasSize(4);
        }
        List<Cell> cells = allCellVersions(table);
        assertThat(cells).hasSize(90);
        for (SinkRecord record : batch) {
            String unsalted = record.fields().get("payload") + "#" + record.fields().get("seq");
            CRC32 crc = new CRC32();
            crc.update(unsalted.getBytes(StandardCharsets.UTF_8));
            String rowKey = (crc.getValue() % 4) + "-" + unsalted;
            Map<String, String> columns = new HashMap<>();
            cells.stream().filter(c -> row(c).equals(rowKey)).forEach(c -> columns.put(qualifier(c), value(c)));
            assertThat(columns).containsExactlyInAnyOrderEntriesOf(Map.of(
                    "id", record.key(),
                    "sequence", String.valueOf(record.fields().get("seq")),
                    "payload", (String) record.fields().get("payload")));
        }
    }

    @Test
    void recordsThatCannotBecomeAPutAreDataErrorsInWriteAndTheWriterGoesOn() throws Exception {
        TableName table = HBaseTestCluster.createTable("bad", 1);
        Map<String, String> props = HBaseTestCluster.sinkProperties(table);
        props.put("eos.sink.hbase.row-key", "{field.id}");
        List<SinkRecord> good = TestRecords.generate(24, 10);
        SinkRecord noIdField = SinkRecord.builder("no-id").value("x").eventTime(BATCH).build();
        SinkRecord noEventTime = SinkRecord.builder("no-time").value("x").field("id", "no-time").build();
        SinkRecord tooLarge = SinkRecord.builder("large").value(new byte[11 * 1024 * 1024]).field("id", "large")
                .eventTime(BATCH).build();
        List<String> reasons = new ArrayList<>();
        WriteResult result;
        try (Sink sink = create(props); SinkWriter writer = sink.open(context(0))) {
            for (SinkRecord record : List.of(good.get(0), noIdField, good.get(1), noEventTime, tooLarge)) {
                try {
                    writer.write(record);
                } catch (SinkDataException e) {
                    assertThat(e.record()).isSameAs(record);
                    reasons.add(e.reason());
                }
            }
            good.subList(2, 10).forEach(writer::write);
            result = writer.commit();
        }

        assertThat(reasons).hasSize(3);
        assertThat(reasons.get(0)).contains("row key {field.id}: the record has no field \"id\"");
        assertThat(reasons.get(1)).contains("no event time");
        assertThat(reasons.get(2)).contains("hbase.client.keyvalue.maxsize");
        assertThat(result).isEqualTo(WriteResult.of(10, 0));
        assertThat(allCellVersions(table)).extracting(HBaseTestCluster::row)
                .containsExactlyInAnyOrderElementsOf(good.stream().map(SinkRecord::key).toList());
    }

    @Test
    void aRowTheServerRefusesIsRejectedAtCommitAndTheRestLands() throws Exception {
        TableName table = HBaseTestCluster.createTable("refused", 1);
        Map<String, String> props = HBaseTestCluster.sinkProperties(table);
        props.put("eos.sink.hbase.hbase.client.keyvalue.maxsize", "0");
        List<SinkRecord> good = TestRecords.generate(25, 10);
        SinkRecord aboveServerLimit = SinkRecord.builder("large").value(new byte[11 * 1024 * 1024]).eventTime(BATCH).build();
        List<SinkRecord> batch = new ArrayList<>(good.subList(0, 5));
        batch.add(aboveServerLimit);
        batch.addAll(good.subList(5, 10));
        WriteResult result;
        try (Sink sink = create(props)) {
            result = write(sink, 0, batch);
        }

        assertThat(result.written()).isEqualTo(10);
        assertThat(result.rejected()).singleElement().satisfies(rejected -> {
            assertThat(rejected.record()).isSameAs(aboveServerLimit);
            assertThat(rejected.reason()).contains("HBase refused the row");
        });
        assertThat(allCellVersions(table)).extracting(HBaseTestCluster::row)
                .containsExactlyInAnyOrderElementsOf(good.stream().map(SinkRecord::key).toList());
    }

    @Test
    void regionServerOutageIsRetriableAndTheReplayAfterItLandsOnce() throws Exception {
        TableName table = HBaseTestCluster.createTable("outage", 5);
        Map<String, String> props = HBaseTestCluster.sinkProperties(table);
        props.put("eos.sink.hbase.hbase.client.retries.number", "2");
        props.put("eos.sink.hbase.hbase.client.pause", "100");
        props.put("eos.sink.hbase.hbase.rpc.timeout", "2000");
        props.put("eos.sink.hbase.hbase.client.operation.timeout", "4000");
        List<SinkRecord> batch = TestRecords.generate(26, 40);
        try (Sink sink = create(props)) {
            write(sink, 0, batch.subList(0, 20));
            HBaseTestCluster.fixture().stopRegionServer();
            try {
                RetriableSinkException e = catchThrowableOfType(RetriableSinkException.class, () -> write(sink, 1, batch));
                assertThat(e).as("writing while the only region server is down").isNotNull();
                assertThat(e.getMessage()).contains(table.getNameAsString());
            } finally {
                HBaseTestCluster.fixture().startRegionServer();
            }
            assertThat(write(sink, 2, batch).written()).isEqualTo(40);
        }

        List<Cell> cells = allCellVersions(table);
        assertThat(cells).extracting(HBaseTestCluster::row)
                .containsExactlyInAnyOrderElementsOf(batch.stream().map(SinkRecord::key).toList());
    }

    @Test
    void aFamilyRemovedAfterPreflightFailsTheAttemptInsteadOfRejectingEveryRecord() throws Exception {
        TableName table = HBaseTestCluster.newTableName("dropped");
        try (Admin admin = HBaseTestCluster.connection().getAdmin()) {
            admin.createTable(TableDescriptorBuilder.newBuilder(table)
                    .setColumnFamily(ColumnFamilyDescriptorBuilder.of(FAMILY))
                    .setColumnFamily(ColumnFamilyDescriptorBuilder.of("other"))
                    .build());
        }
        Map<String, String> props = HBaseTestCluster.sinkProperties(table);
        props.put("eos.sink.hbase.hbase.client.retries.number", "2");
        try (Sink sink = create(props)) {
            sink.preflight();
            try (Admin admin = HBaseTestCluster.connection().getAdmin()) {
                admin.deleteColumnFamily(table, Bytes.toBytes(FAMILY));
            }
            Throwable failure = catchThrowable(
                    () -> write(sink, 0, TestRecords.generate(27, 10)));
            assertThat(failure).isExactlyInstanceOf(SinkException.class)
                    .hasMessageContaining(table.getNameAsString())
                    .hasMessageContaining("column family");
        }
    }

    @Test
    void preflightNamesTheMissingTableAndTheMissingFamily() throws Exception {
        TableName missing = HBaseTestCluster.newTableName("missing");
        try (Sink sink = create(HBaseTestCluster.sinkProperties(missing))) {
            assertThatThrownBy(sink::preflight).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("\"" + missing + "\"")
                    .hasMessageContaining("\"eos.sink.hbase.create-table\"=true");
        }
        TableName otherFamily = HBaseTestCluster.createTable("family", 1);
        Map<String, String> props = HBaseTestCluster.sinkProperties(otherFamily);
        props.put("eos.sink.hbase.column-family", "x");
        try (Sink sink = create(props)) {
            assertThatThrownBy(sink::preflight).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("no column family \"x\"")
                    .hasMessageContaining("eos.sink.hbase.column-family");
        }
        props.put("eos.sink.hbase.create-table", "true");
        try (Sink sink = create(props)) {
            sink.preflight();
        }
        try (Admin admin = HBaseTestCluster.connection().getAdmin()) {
            assertThat(admin.getDescriptor(otherFamily).getColumnFamily(Bytes.toBytes("x"))).isNotNull();
        }
    }

    @Test
    void preflightRefusesAFamilyWithTtlWhenTimestampsAreOffsets() throws Exception {
        TableName table = HBaseTestCluster.newTableName("ttl");
        try (Admin admin = HBaseTestCluster.connection().getAdmin()) {
            admin.createTable(TableDescriptorBuilder.newBuilder(table)
                    .setColumnFamily(ColumnFamilyDescriptorBuilder.newBuilder(Bytes.toBytes(FAMILY)).setTimeToLive(86_400).build())
                    .build());
        }
        Map<String, String> props = HBaseTestCluster.sinkProperties(table);
        try (Sink sink = create(props)) {
            sink.preflight();
        }
        props.put("eos.sink.hbase.timestamp", "source-position");
        try (Sink sink = create(props)) {
            assertThatThrownBy(sink::preflight).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("TTL of 86400 s")
                    .hasMessageContaining("eos.sink.hbase.timestamp");
        }
    }

    private static Sink create(Map<String, String> props) {
        return SinkRegistry.load().create("hbase", "eos.sink.hbase.", props);
    }

    private static WriteContext context(int attempt) {
        return new WriteContext(BATCH, 0, attempt, List.of());
    }

    private static WriteResult write(Sink sink, int attempt, List<SinkRecord> records) {
        try (SinkWriter writer = sink.open(context(attempt))) {
            records.forEach(writer::write);
            return writer.commit();
        }
    }

    private static Cell only(List<Cell> cells, String rowKey) {
        List<Cell> ofRow = cells.stream().filter(c -> row(c).equals(rowKey)).toList();
        assertThat(ofRow).as("versions of row %s", rowKey).hasSize(1);
        return ofRow.get(0);
    }
}
