package dev.eos.connector.files;

import dev.eos.spi.Sink;
import dev.eos.spi.SinkRecord;
import dev.eos.spi.SinkWriter;
import dev.eos.spi.WriteContext;
import dev.eos.spi.host.SinkRegistry;
import dev.eos.testkit.TestRecords;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The files sink against a plain write of the same files through the same Hadoop file system, in the same run:
 * per-record (one file per record: EOS compares with the existing target, writes a hidden temporary file and renames
 * it; plain creates the target with overwrite) and per-batch (one file per partition). Rounds alternate, each into a
 * fresh directory, which of the two goes first alternating; medians are reported. Run: {@code ./mvnw -q -pl connectors/files -am -Pbenchmark -DskipTests verify}.
 */
public final class FilesSinkBenchmark {

    private static final Instant BATCH = Instant.parse("2026-01-01T00:00:00Z");

    public static void main(String[] args) throws Exception {
        int records = Integer.parseInt(args.length > 0 ? args[0] : "20000");
        int rounds = Integer.parseInt(args.length > 1 ? args[1] : "5");
        java.nio.file.Path root = Files.createTempDirectory("files-benchmark");
        List<SinkRecord> batch = TestRecords.generate(1, records);
        WriteContext context = new WriteContext(BATCH, 0, 0, List.of(new dev.eos.spi.OffsetRange("test-topic", 0, 0, records)));
        FileSystem fs = new LocalFileSystemWithoutForks();
        fs.initialize(URI.create("file:///"), new Configuration());

        System.out.printf("files sink benchmark: %,d records of ~%d bytes, %d rounds (after a warm-up), medians%n",
                records, batch.get(0).valueLength(), rounds);
        for (String mode : List.of("per-record", "per-batch")) {
            List<Double> eos = new ArrayList<>();
            List<Double> plain = new ArrayList<>();
            List<Double> replay = new ArrayList<>();
            for (int round = -1; round < rounds; round++) {
                java.nio.file.Path dir = root.resolve(mode + "-" + (round + 1));
                double plainRate;
                double[] eosRates;
                if (round % 2 == 0) {
                    plainRate = plainWrite(fs, new Path(dir.resolve("plain").toUri()), mode, batch);
                    eosRates = eosWrite(dir.resolve("eos"), mode, batch, context);
                } else {
                    eosRates = eosWrite(dir.resolve("eos"), mode, batch, context);
                    plainRate = plainWrite(fs, new Path(dir.resolve("plain").toUri()), mode, batch);
                }
                if (round >= 0) {
                    plain.add(plainRate);
                    eos.add(eosRates[0]);
                    replay.add(eosRates[1]);
                }
                deleteTree(dir);
            }
            double base = median(plain);
            System.out.printf("%-10s plain overwrite-in-place   %,10.0f records/s  1.00%n", mode, base);
            System.out.printf("%-10s EOS first write            %,10.0f records/s  %.2f%n", mode, median(eos), median(eos) / base);
            System.out.printf("%-10s EOS replay (all duplicates) %,9.0f records/s  %.2f%n", mode, median(replay), median(replay) / base);
        }
        fs.close();
        deleteTree(root);
    }

    private static double plainWrite(FileSystem fs, Path dir, String mode, List<SinkRecord> batch) throws IOException {
        long start = System.nanoTime();
        if (mode.equals("per-record")) {
            for (SinkRecord r : batch) {
                try (FSDataOutputStream out = fs.create(new Path(dir, r.key()), true)) {
                    out.write(r.value());
                }
            }
        } else {
            try (FSDataOutputStream out = fs.create(new Path(dir, "test-topic-0-0-" + batch.size() + ".txt"), true)) {
                for (SinkRecord r : batch) {
                    out.write(r.value());
                    out.write('\n');
                }
            }
        }
        return batch.size() / ((System.nanoTime() - start) / 1e9);
    }

    /** The first write's and a replay's rates. */
    private static double[] eosWrite(java.nio.file.Path dir, String mode, List<SinkRecord> batch, WriteContext context) {
        Map<String, String> props = Map.of("eos.sink.files.path", dir.toString(), "eos.sink.files.mode", mode);
        try (Sink sink = SinkRegistry.load().create("files", "eos.sink.files.", props)) {
            sink.preflight();
            double[] rates = new double[2];
            for (int i = 0; i < 2; i++) {
                long start = System.nanoTime();
                try (SinkWriter writer = sink.open(context)) {
                    batch.forEach(writer::write);
                    writer.commit();
                }
                rates[i] = batch.size() / ((System.nanoTime() - start) / 1e9);
            }
            return rates;
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static void deleteTree(java.nio.file.Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<java.nio.file.Path> files = Files.walk(dir)) {
            for (java.nio.file.Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
