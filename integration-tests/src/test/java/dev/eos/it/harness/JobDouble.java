package dev.eos.it.harness;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A double of the EOS job ({@code dev.eos.runtime.Main run CONFIG}), for testing the crash loop itself in a JVM
 * that starts in milliseconds instead of seconds. It reads the same keys as the real job with the files source and
 * sink, polls the input directory every {@code eos.batch.interval}, writes each line of each new file to the output
 * directory as one file, records the files it finished in {@code <checkpoint>/done.txt}, and prints the real job's
 * progress line. {@code eos.double.mode} makes it break the guarantee on purpose:
 * <ul>
 *   <li>{@code correct}: output named by file and line (a replay overwrites), done recorded after the output;</li>
 *   <li>{@code non-idempotent}: output under random names, so a replay after a crash stores a second copy;</li>
 *   <li>{@code lossy}: done recorded before the output, so a crash mid-write loses the rest of the batch.</li>
 * </ul>
 * {@code eos.double.record-delay-ms} slows each record's write down, to make batches long enough to be caught.
 */
public final class JobDouble {

    public static void main(String[] args) throws Exception {
        if (args.length != 2 || !args[0].equals("run")) {
            System.err.println("usage: JobDouble run CONFIG");
            System.exit(2);
        }
        Properties config = new Properties();
        try (Reader in = Files.newBufferedReader(Paths.get(args[1]), StandardCharsets.UTF_8)) {
            config.load(in);
        }
        Path input = Paths.get(config.getProperty("eos.source.files.path"));
        Path output = Paths.get(config.getProperty("eos.sink.files.path"));
        Path checkpoint = Paths.get(config.getProperty("eos.checkpoint.dir"));
        String mode = config.getProperty("eos.double.mode", "correct");
        long delay = Long.parseLong(config.getProperty("eos.double.record-delay-ms", "0"));
        long interval = Long.parseLong(config.getProperty("eos.batch.interval", "1s").replace("ms", "")
                .replace("s", "000"));
        Files.createDirectories(output);
        Files.createDirectories(checkpoint);
        Path doneFile = checkpoint.resolve("done.txt");
        Set<String> done = new HashSet<>(Files.exists(doneFile) ? Files.readAllLines(doneFile) : List.of());

        long next = System.currentTimeMillis();
        while (true) {
            long batchTime = next;
            long started = System.nanoTime();
            List<Path> fresh;
            try (Stream<Path> files = Files.list(input)) {
                fresh = files.filter(p -> !p.getFileName().toString().startsWith("."))
                        .filter(p -> !done.contains(p.getFileName().toString()))
                        .sorted()
                        .toList();
            }
            if (mode.equals("lossy")) {
                markDone(doneFile, fresh, done);
            }
            long records = 0;
            for (Path file : fresh) {
                List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                for (int i = 0; i < lines.size(); i++) {
                    String name = mode.equals("non-idempotent") ? UUID.randomUUID().toString()
                            : file.getFileName() + "-" + (i + 1);
                    Path temp = output.resolve("." + name + ".tmp");
                    Files.writeString(temp, lines.get(i), StandardCharsets.UTF_8);
                    Files.move(temp, output.resolve(name), StandardCopyOption.REPLACE_EXISTING,
                            StandardCopyOption.ATOMIC_MOVE);
                    records++;
                    if (delay > 0) {
                        Thread.sleep(delay);
                    }
                }
            }
            if (!mode.equals("lossy")) {
                markDone(doneFile, fresh, done);
            }
            System.out.println("eos batch time=" + batchTime + " records=" + records + " written=" + records
                    + " duplicates=0 dead-lettered=0 millis=" + (System.nanoTime() - started) / 1_000_000);
            next += interval;
            long wait = next - System.currentTimeMillis();
            if (wait > 0) {
                Thread.sleep(wait);
            }
        }
    }

    private static void markDone(Path doneFile, List<Path> files, Set<String> done) throws IOException {
        StringBuilder text = new StringBuilder();
        for (Path file : files) {
            done.add(file.getFileName().toString());
            text.append(file.getFileName()).append('\n');
        }
        Files.writeString(doneFile, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
