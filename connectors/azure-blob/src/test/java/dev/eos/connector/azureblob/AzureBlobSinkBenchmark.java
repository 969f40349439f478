package dev.eos.connector.azureblob;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import dev.eos.connector.azurecommon.AzureConnection;
import dev.eos.connector.azurecommon.Azurite;
import dev.eos.connector.azurecommon.JsonLines;
import dev.eos.spi.OffsetRange;
import dev.eos.spi.Sink;
import dev.eos.spi.SinkRecord;
import dev.eos.spi.SinkWriter;
import dev.eos.spi.WriteContext;
import dev.eos.spi.WriteResult;
import dev.eos.spi.host.SinkRegistry;
import dev.eos.testkit.TestRecords;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * One benchmark run on Azurite (started here): the {@code azure-blob} sink in per-batch mode against a plain
 * write of the same bytes (the same records encoded as the same JSON lines, uploaded with {@code BlobClient.upload}
 * and overwrite: no condition, no hash; the upload alone of the encoded objects is shown too), and per-record mode
 * against plain per-record uploads with the same concurrency. Rounds alternate the
 * writers, each into a fresh container; the medians are printed with their ratios.
 *
 * <pre>./mvnw -q -pl connectors/azure-blob -am -Pbenchmark -DskipTests verify</pre>
 *
 * Arguments: records per batch round (100000), partitions (4), records per per-record round (2000), rounds (5).
 */
public final class AzureBlobSinkBenchmark {

    private static final Instant BATCH = Instant.parse("2026-11-25T00:00:00Z");

    public static void main(String[] args) throws Exception {
        int batchRecords = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int partitions = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int recordRecords = args.length > 2 ? Integer.parseInt(args[2]) : 2_000;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        int concurrency = 8;
        try (Azurite azurite = Azurite.start()) {
            List<List<SinkRecord>> parts = new ArrayList<>();
            List<SinkRecord> all = TestRecords.generate(42, batchRecords);
            int per = batchRecords / partitions;
            for (int p = 0; p < partitions; p++) {
                parts.add(all.subList(p * per, p == partitions - 1 ? batchRecords : (p + 1) * per));
            }
            List<SinkRecord> single = TestRecords.generate(43, recordRecords);
            List<Double> plainBatch = new ArrayList<>();
            List<Double> uploadBatch = new ArrayList<>();
            List<Double> eosBatch = new ArrayList<>();
            List<Double> plainRecord = new ArrayList<>();
            List<Double> eosRecord = new ArrayList<>();
            round(azurite, parts, single, concurrency, null, null, null, null, null);
            for (int r = 0; r < rounds; r++) {
                round(azurite, parts, single, concurrency, plainBatch, uploadBatch, eosBatch, plainRecord, eosRecord);
                System.out.printf("round %d: plain batch %.0f, upload only %.0f, eos per-batch %.0f, plain per-record %.0f, eos per-record %.0f records/s%n",
                        r + 1, last(plainBatch), last(uploadBatch), last(eosBatch), last(plainRecord), last(eosRecord));
            }
            double pb = median(plainBatch);
            double eb = median(eosBatch);
            double pr = median(plainRecord);
            double er = median(eosRecord);
            System.out.printf("%n%d records in %d partitions per batch round, %d records per per-record round, %d rounds (medians)%n",
                    batchRecords, partitions, recordRecords, rounds);
            System.out.println("| write | records/s (median) | ratio to its plain upload |");
            System.out.println("|---|---|---|");
            System.out.printf("| plain write: the same JSON lines encoded and uploaded (no condition, no hash) | %,.0f | 1.00 |%n", pb);
            System.out.printf("| (upload only of the already encoded objects) | %,.0f | %.2f |%n", median(uploadBatch), median(uploadBatch) / pb);
            System.out.printf("| EOS per-batch (encode, SHA-256, If-None-Match) | %,.0f | **%.2f** (goal >= 0.9) |%n", eb, eb / pb);
            System.out.printf("| plain upload, one object per record (%d at once) | %,.0f | 1.00 |%n", concurrency, pr);
            System.out.printf("| EOS per-record (%d at once) | %,.0f | %.2f |%n", concurrency, er, er / pr);
        }
    }

    private static void round(Azurite azurite, List<List<SinkRecord>> parts, List<SinkRecord> single, int concurrency,
                              List<Double> plainBatch, List<Double> uploadBatch, List<Double> eosBatch, List<Double> plainRecord,
                              List<Double> eosRecord) throws Exception {
        int total = parts.stream().mapToInt(List::size).sum();
        BlobContainerClient plain = container(azurite);
        long start = System.nanoTime();
        List<byte[]> objects = new ArrayList<>();
        for (int p = 0; p < parts.size(); p++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            parts.get(p).forEach(record -> out.writeBytes(JsonLines.line(record)));
            objects.add(out.toByteArray());
            plain.getBlobClient("plain/part-" + p + ".jsonl").upload(BinaryData.fromBytes(objects.get(p)), true);
        }
        add(plainBatch, total, start);

        BlobContainerClient uploadOnly = container(azurite);
        start = System.nanoTime();
        for (int p = 0; p < objects.size(); p++) {
            uploadOnly.getBlobClient("plain/part-" + p + ".jsonl").upload(BinaryData.fromBytes(objects.get(p)), true);
        }
        add(uploadBatch, total, start);

        try (Sink sink = sink(azurite, "per-batch", "{range}.jsonl", concurrency)) {
            start = System.nanoTime();
            for (int p = 0; p < parts.size(); p++) {
                List<SinkRecord> part = parts.get(p);
                long from = part.get(0).position().orElseThrow().offset();
                WriteContext context = new WriteContext(BATCH, p, 0,
                        List.of(new OffsetRange("test-topic", 0, from, from + part.size())));
                write(sink, context, part);
            }
            add(eosBatch, total, start);
        }

        BlobContainerClient plainSingles = container(azurite);
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        try {
            start = System.nanoTime();
            List<Future<?>> uploads = new ArrayList<>();
            for (SinkRecord record : single) {
                uploads.add(pool.submit(() -> plainSingles.getBlobClient(record.key())
                        .upload(BinaryData.fromBytes(record.value()), true)));
            }
            for (Future<?> upload : uploads) {
                upload.get();
            }
            add(plainRecord, single.size(), start);
        } finally {
            pool.shutdown();
        }

        try (Sink sink = sink(azurite, "per-record", "{key}", concurrency)) {
            start = System.nanoTime();
            write(sink, new WriteContext(BATCH, 0, 0, List.of()), single);
            add(eosRecord, single.size(), start);
        }
    }

    private static BlobContainerClient container(Azurite azurite) {
        BlobContainerClient container = new BlobServiceClientBuilder().connectionString(azurite.connectionString())
                .httpClient(AzureConnection.newHttpClient()).buildClient()
                .getBlobContainerClient("bench" + UUID.randomUUID().toString().replace("-", "").substring(0, 16));
        container.create();
        return container;
    }

    private static Sink sink(Azurite azurite, String mode, String template, int concurrency) {
        String p = BlobTestTarget.PREFIX;
        Sink sink = SinkRegistry.load().create("azure-blob", p, Map.of(p + "connection-string", azurite.connectionString(),
                p + "container", "bench" + UUID.randomUUID().toString().replace("-", "").substring(0, 16),
                p + "create-container", "true", p + "mode", mode, p + "path-template", template,
                p + "concurrency", String.valueOf(concurrency)));
        sink.preflight();
        return sink;
    }

    private static void write(Sink sink, WriteContext context, List<SinkRecord> records) {
        try (SinkWriter writer = sink.open(context)) {
            records.forEach(writer::write);
            WriteResult result = writer.commit();
            if (result.written() != records.size()) {
                throw new IllegalStateException("expected " + records.size() + " written, got " + result);
            }
        }
    }

    private static void add(List<Double> rates, int records, long start) {
        if (rates != null) {
            rates.add(records / ((System.nanoTime() - start) / 1e9));
        }
    }

    private static double last(List<Double> values) {
        return values.get(values.size() - 1);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
