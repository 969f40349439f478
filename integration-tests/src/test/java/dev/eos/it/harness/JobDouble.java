package dev.eos.it.harness;

import dev.eos.runtime.Progress;
import dev.eos.runtime.crash.CrashPoint;
import dev.eos.runtime.crash.CrashPoints;

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
 * sink and imitates Spark's checkpointing: every {@code eos.batch.interval} it records the new input files as the
 * pending batch ({@code <checkpoint>/pending.txt}, with the batch time), writes each line of each file to the output
 * directory as one file, prints the real job's progress line, and only then records the files as done
 * ({@code <checkpoint>/done.txt}) and clears the pending batch. A restart runs a pending batch again first, with its
 * original batch time, as Spark does. {@code eos.double.mode} makes it break the guarantee on purpose:
 * <ul>
 *   <li>{@code correct}: output named by file and line (a replay overwrites, counted as duplicates);</li>
 *   <li>{@code non-idempotent}: output under random names, so a replay stores a second copy;</li>
 *   <li>{@code lossy}: files recorded as done before their output is written, and no pending batch, so a crash
 *       mid-write loses the rest of the batch.</li>
 * </ul>
 * {@code eos.double.record-delay-ms} slows each record's write down.
 *
 * <p>It reaches the runtime's crash points ({@link CrashPoints}, armed by {@code -Deos.test.crash}) where the real job
 * would, with each input file as a partition: {@code recovery} before a restart's first batch; for a batch with
 * records {@code batch-generated} once the pending batch is recorded, {@code before-commit} before a file's last
 * line and {@code after-commit} after it, {@code partitions-partly-committed} after the first of several files,
 * {@code before-offset-commit} and {@code before-checkpoint} after the progress line, {@code checkpoint-write}
 * before the batch is recorded as done. {@code eos.double.skip-point} names one point it never reaches (a job that
 * misses an armed point).
 */
public final class JobDouble {

    /** Spark writes the checkpoint that records a batch as done a little after the batch's output: so does the double. */
    private static final long CHECKPOINT_MILLIS = 50;

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
        // Spark writes its first checkpoint file when the stream starts; the crash loop feeds events only after it
        Files.writeString(checkpoint.resolve("checkpoint-0"), "", StandardCharsets.UTF_8);
        Path doneFile = checkpoint.resolve("done.txt");
        Path pendingFile = checkpoint.resolve("pending.txt");
        Set<String> done = new HashSet<>(Files.exists(doneFile) ? Files.readAllLines(doneFile) : List.of());
        skipped = config.getProperty("eos.double.skip-point", "");
        if (Files.exists(doneFile) || Files.exists(pendingFile)) {
            reach(CrashPoint.RECOVERY, -1, -1);
        }

        if (Files.exists(pendingFile)) {
            List<String> pending = Files.readAllLines(pendingFile);
            long time = Long.parseLong(pending.get(0));
            List<Path> files = pending.subList(1, pending.size()).stream().map(input::resolve).toList();
            runBatch(time, files, output, mode, delay, doneFile, pendingFile, done);
        }
        long next = System.currentTimeMillis();
        while (true) {
            List<Path> fresh;
            try (Stream<Path> files = Files.list(input)) {
                fresh = files.filter(p -> !p.getFileName().toString().startsWith("."))
                        .filter(p -> !done.contains(p.getFileName().toString()))
                        .sorted()
                        .toList();
            }
            runBatch(next, fresh, output, mode, delay, doneFile, pendingFile, done);
            next += interval;
            long wait = next - System.currentTimeMillis();
            if (wait > 0) {
                Thread.sleep(wait);
            }
        }
    }

    private static String skipped = "";

    private static void reach(CrashPoint point, long batchTime, int partition) {
        if (!point.pointName().equals(skipped)) {
            CrashPoints.reach(point, batchTime, partition, partition >= 0 ? 0 : -1);
        }
    }

    private static void runBatch(long batchTime, List<Path> files, Path output, String mode, long delay,
                                 Path doneFile, Path pendingFile, Set<String> done) throws Exception {
        long started = System.nanoTime();
        StringBuilder pending = new StringBuilder().append(batchTime).append('\n');
        files.forEach(f -> pending.append(f.getFileName()).append('\n'));
        if (mode.equals("lossy")) {
            markDone(doneFile, files, done);
        } else {
            Path temp = pendingFile.resolveSibling(".pending.tmp");
            Files.writeString(temp, pending, StandardCharsets.UTF_8);
            Files.move(temp, pendingFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        long records = 0;
        long duplicates = 0;
        if (!files.isEmpty()) {
            reach(CrashPoint.BATCH_GENERATED, batchTime, -1);
        }
        for (int f = 0; f < files.size(); f++) {
            Path file = files.get(f);
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                if (i == lines.size() - 1) {
                    reach(CrashPoint.BEFORE_COMMIT, batchTime, f);
                }
                String name = mode.equals("non-idempotent") ? UUID.randomUUID().toString()
                        : file.getFileName() + "-" + (i + 1);
                Path target = output.resolve(name);
                if (Files.exists(target)) {
                    duplicates++;
                }
                Path part = output.resolve("." + name + ".tmp");
                Files.writeString(part, lines.get(i), StandardCharsets.UTF_8);
                Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                records++;
                if (delay > 0) {
                    Thread.sleep(delay);
                }
            }
            if (!lines.isEmpty()) {
                reach(CrashPoint.AFTER_COMMIT, batchTime, f);
                if (f == 0 && files.size() > 1) {
                    reach(CrashPoint.PARTITIONS_PARTLY_COMMITTED, batchTime, -1);
                }
            }
        }
        System.out.println(new Progress.Line(batchTime, records, records - duplicates, duplicates, 0,
                (System.nanoTime() - started) / 1_000_000).format());
        if (records > 0) {
            reach(CrashPoint.BEFORE_OFFSET_COMMIT, batchTime, -1);
            reach(CrashPoint.BEFORE_CHECKPOINT, batchTime, -1);
        }
        if (!mode.equals("lossy")) {
            Thread.sleep(CHECKPOINT_MILLIS);
            if (records > 0) {
                reach(CrashPoint.CHECKPOINT_WRITE, batchTime, -1);
            }
            markDone(doneFile, files, done);
            Files.delete(pendingFile);
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
