package dev.eos.bench.kafka;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** What the Kafka benchmarks share: their command-line options, the backlog's records, medians, a fresh work folder. */
final class BenchSupport {

    private BenchSupport() {
    }

    /**
     * Options given as {@code -name value} pairs, each one of {@code defaults}' names. An unknown name, or a name
     * without a value, ends the run with exit code 2 and the list of the options.
     */
    static Options options(String[] args, Map<String, String> defaults) {
        Map<String, String> values = new TreeMap<>(defaults);
        for (int i = 0; i < args.length; i += 2) {
            if (!values.containsKey(args[i]) || i + 1 >= args.length) {
                System.err.println((values.containsKey(args[i]) ? "no value for option " : "unknown option ")
                        + args[i] + "; options: " + values.keySet());
                System.exit(2);
            }
            values.put(args[i], args[i + 1]);
        }
        return new Options(values);
    }

    /** A benchmark's options, by name ({@code -records}). */
    record Options(Map<String, String> values) {
        int integer(String name) {
            return Integer.parseInt(values.get(name));
        }

        Path path(String name) {
            return Path.of(values.get(name)).toAbsolutePath();
        }
    }

    /**
     * Sends the benchmarks' events {@code from} to {@code from + count - 1} (JSON, ~75 bytes each, unique ids), spread
     * round-robin over the topic's {@code partitions}.
     */
    static void produce(KafkaProducer<String, String> producer, String topic, int partitions, long from, int count) {
        for (long n = from; n < from + count; n++) {
            String value = String.format(Locale.ROOT,
                    "{\"id\":\"ev-%09d\",\"seq\":%d,\"data\":\"%016x%016x\"}", n, n, n * 0x9E3779B97F4A7C15L, n);
            producer.send(new ProducerRecord<>(topic, (int) (n % partitions), null, value));
        }
        producer.flush();
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** {@code dir}, emptied of what an earlier run left. */
    static Path freshDirectory(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        return Files.createDirectories(dir);
    }
}
