package dev.eos.it.structured;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A Java user's own query ({@link UsersStructuredQuery}, the docs' snippet) built against the BOM, writing into the
 * files sink: its driver, a child JVM, is killed with SIGKILL once records are seen in the sink, then restarted from
 * its checkpoint while more input arrives. The sink must end with one file per order, holding that order's row: nothing
 * missing, nothing twice, wherever the kill landed.
 */
class UsersStructuredQueryIT {

    private static final int FILES_BEFORE = 5;
    private static final int FILES_AFTER = 5;
    private static final int ORDERS_PER_FILE = 40;

    @TempDir
    Path work;

    private Process driver;

    @AfterEach
    void killDriver() throws Exception {
        if (driver != null && driver.isAlive()) {
            driver.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void theUsersQueryStoresEveryOrderOnceAcrossAKilledAndRestartedDriver() throws Exception {
        Path in = Files.createDirectories(work.resolve("in"));
        Path out = work.resolve("out");
        Path checkpoint = work.resolve("checkpoint");
        for (int f = 0; f < FILES_BEFORE; f++) {
            drop(in, f);
        }

        driver = start(in, out, checkpoint, "run-1.log");
        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(100))
                .until(() -> stored(out).size() >= ORDERS_PER_FILE || !driver.isAlive());
        assertThat(driver.isAlive()).as("the first driver is running when it is killed; see run-1.log").isTrue();
        driver.destroyForcibly().waitFor(30, TimeUnit.SECONDS);   // SIGKILL
        int seenAtKill = stored(out).size();

        for (int f = FILES_BEFORE; f < FILES_BEFORE + FILES_AFTER; f++) {
            drop(in, f);
        }
        driver = start(in, out, checkpoint, "run-2.log");
        int total = (FILES_BEFORE + FILES_AFTER) * ORDERS_PER_FILE;
        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(200))
                .until(() -> stored(out).size() >= total || !driver.isAlive());
        assertThat(driver.isAlive()).as("the restarted driver keeps running; see run-2.log").isTrue();
        driver.destroyForcibly().waitFor(30, TimeUnit.SECONDS);

        Map<String, String> stored = stored(out);
        Map<String, String> expected = new TreeMap<>();
        for (int f = 0; f < FILES_BEFORE + FILES_AFTER; f++) {
            for (int i = 0; i < ORDERS_PER_FILE; i++) {
                expected.put(id(f, i), order(f, i));
            }
        }
        assertThat(stored).as("one file per order with its row (%d were stored when the driver was killed)",
                seenAtKill).isEqualTo(expected);
    }

    private Process start(Path in, Path out, Path checkpoint, String log) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(Arrays.asList(System.getProperty("eos.jvm.flags", "").trim().split("\\s+")));
        command.add("-Dspark.master=local[2]");
        command.add("-Dspark.ui.enabled=false");
        command.add("-Dspark.sql.shuffle.partitions=2");
        command.add("-Dspark.local.dir=" + work.resolve("spark-local"));
        command.add("-Djava.io.tmpdir=" + Files.createDirectories(work.resolve("tmp")));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(UsersStructuredQuery.class.getName());
        command.addAll(List.of(in.toString(), out.toString(), checkpoint.toString()));
        File logFile = work.resolve(log).toFile();
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile));
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        return builder.start();
    }

    /** The sink's files (not the hidden ones a writer is still filling): name -> content. */
    private static Map<String, String> stored(Path out) throws IOException {
        Map<String, String> files = new TreeMap<>();
        if (!Files.isDirectory(out)) {
            return files;
        }
        try (Stream<Path> all = Files.list(out)) {
            for (Path f : all.filter(p -> !p.getFileName().toString().startsWith(".")).collect(Collectors.toList())) {
                try {
                    files.put(f.getFileName().toString(), Files.readString(f));
                } catch (java.nio.file.NoSuchFileException replacedMeanwhile) {
                    // a writer replaced it: the next look sees it
                }
            }
        }
        return files;
    }

    private static void drop(Path in, int file) throws IOException {
        Path hidden = in.resolve(".orders-" + file + ".json");
        Files.write(hidden, IntStream.range(0, ORDERS_PER_FILE).mapToObj(i -> order(file, i)).toList());
        Files.move(hidden, in.resolve("orders-" + file + ".json"), StandardCopyOption.ATOMIC_MOVE);
    }

    private static String id(int file, int i) {
        return "order-" + file + "-" + i;
    }

    private static String order(int file, int i) {
        return "{\"id\":\"" + id(file, i) + "\",\"amount\":" + (file * 100 + i) + ".5}";
    }
}
