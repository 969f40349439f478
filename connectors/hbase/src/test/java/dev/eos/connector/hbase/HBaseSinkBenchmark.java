package dev.eos.connector.hbase;

import dev.eos.spi.Sink;
import dev.eos.spi.SinkRecord;
import dev.eos.spi.SinkWriter;
import dev.eos.spi.WriteContext;
import dev.eos.spi.WriteResult;
import dev.eos.spi.host.SinkRegistry;
import dev.eos.testkit.TestRecords;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.BufferedMutator;
import org.apache.hadoop.hbase.client.BufferedMutatorParams;
import org.apache.hadoop.hbase.client.Get;
import org.apache.hadoop.hbase.client.Put;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.util.Bytes;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * One benchmark run (not a test): the EOS keyed put (sink → writer → BufferedMutator, explicit cell timestamps,
 * SYNC_WAL) against plain BufferedMutator puts of the same rows (server timestamps, the table's durability) on the
 * same mini cluster, and, for the record, plain puts preceded by a batched existence check (what counting
 * duplicates would cost). Each round writes into a fresh table; rounds alternate; medians are compared.
 *
 * <p>Run: {@code ./mvnw -q -pl connectors/hbase -am -Pbenchmark -DskipTests verify} (arguments: rows, rounds).
 */
public final class HBaseSinkBenchmark {

    private static final long BUFFER = 4L * 1024 * 1024;
    private static final byte[] FAMILY = Bytes.toBytes(HBaseTestCluster.FAMILY);
    private static final byte[] QUALIFIER = Bytes.toBytes("v");

    private HBaseSinkBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        List<SinkRecord> records = TestRecords.generate(7, rows);
        System.out.printf("HBase sink benchmark: %,d rows of ~%d bytes, %d rounds, mini cluster at %s%n", rows,
                records.get(0).valueLength(), rounds, HBaseTestCluster.fixture().zookeeperQuorum());

        eos(records.subList(0, rows / 4));
        plain(records.subList(0, rows / 4));
        checked(records.subList(0, rows / 4));

        double[] eos = new double[rounds];
        double[] plain = new double[rounds];
        double[] checked = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            plain[i] = plain(records);
            eos[i] = eos(records);
            checked[i] = checked(records);
            System.out.printf("round %d: plain %,.0f rows/s, eos %,.0f rows/s, check+put %,.0f rows/s%n",
                    i + 1, plain[i], eos[i], checked[i]);
        }
        double plainMedian = median(plain);
        double eosMedian = median(eos);
        double checkedMedian = median(checked);
        System.out.println();
        System.out.println("| write | rows/s (median) | ratio to plain |");
        System.out.println("|---|---|---|");
        System.out.printf("| plain BufferedMutator puts (server timestamps) | %,.0f | 1.00 |%n", plainMedian);
        System.out.printf("| EOS keyed put (event-time timestamps, SYNC_WAL) | %,.0f | %.2f |%n", eosMedian,
                eosMedian / plainMedian);
        System.out.printf("| plain puts after a batched exists() per 1,000 rows | %,.0f | %.2f |%n", checkedMedian,
                checkedMedian / plainMedian);
        HBaseTestCluster.fixture().close();
        System.exit(0);
    }

    private static double eos(List<SinkRecord> records) throws IOException {
        TableName table = HBaseTestCluster.createTable("bench_eos", 1);
        Map<String, String> props = HBaseTestCluster.sinkProperties(table);
        try (Sink sink = SinkRegistry.load().create("hbase", "eos.sink.hbase.", props)) {
            sink.preflight();
            long start = System.nanoTime();
            WriteResult result;
            try (SinkWriter writer = sink.open(new WriteContext(Instant.EPOCH, 0, 0, List.of()))) {
                for (SinkRecord record : records) {
                    writer.write(record);
                }
                result = writer.commit();
            }
            long nanos = System.nanoTime() - start;
            check(result.written() == records.size(), "eos wrote " + result);
            return rate(records.size(), nanos);
        } finally {
            drop(table);
        }
    }

    private static double plain(List<SinkRecord> records) throws IOException {
        TableName table = HBaseTestCluster.createTable("bench_plain", 1);
        try {
            long start = System.nanoTime();
            try (BufferedMutator mutator = HBaseTestCluster.connection()
                    .getBufferedMutator(new BufferedMutatorParams(table).writeBufferSize(BUFFER))) {
                for (SinkRecord record : records) {
                    mutator.mutate(new Put(Bytes.toBytes(record.key())).addColumn(FAMILY, QUALIFIER, record.value()));
                }
                mutator.flush();
            }
            return rate(records.size(), System.nanoTime() - start);
        } finally {
            drop(table);
        }
    }

    private static double checked(List<SinkRecord> records) throws IOException {
        TableName table = HBaseTestCluster.createTable("bench_checked", 1);
        try (Table reader = HBaseTestCluster.connection().getTable(table)) {
            long start = System.nanoTime();
            long existing = 0;
            try (BufferedMutator mutator = HBaseTestCluster.connection()
                    .getBufferedMutator(new BufferedMutatorParams(table).writeBufferSize(BUFFER))) {
                for (int from = 0; from < records.size(); from += 1000) {
                    List<SinkRecord> chunk = records.subList(from, Math.min(records.size(), from + 1000));
                    List<Get> gets = new ArrayList<>(chunk.size());
                    chunk.forEach(r -> gets.add(new Get(Bytes.toBytes(r.key())).addColumn(FAMILY, QUALIFIER)));
                    for (boolean exists : reader.exists(gets)) {
                        existing += exists ? 1 : 0;
                    }
                    for (SinkRecord record : chunk) {
                        mutator.mutate(new Put(Bytes.toBytes(record.key())).addColumn(FAMILY, QUALIFIER, record.value()));
                    }
                }
                mutator.flush();
            }
            check(existing == 0, "a fresh table had " + existing + " rows");
            return rate(records.size(), System.nanoTime() - start);
        } finally {
            drop(table);
        }
    }

    private static void drop(TableName table) throws IOException {
        try (var admin = HBaseTestCluster.connection().getAdmin()) {
            admin.disableTable(table);
            admin.deleteTable(table);
        }
    }

    private static double rate(int rows, long nanos) {
        return rows / (nanos / 1e9);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }
}
