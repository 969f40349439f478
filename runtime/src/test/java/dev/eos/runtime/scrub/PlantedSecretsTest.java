package dev.eos.runtime.scrub;

import dev.eos.runtime.Main;
import dev.eos.runtime.testing.SecretScan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A distinct secret in every place a user can put one, and every byte the job writes grepped for all of them.
 *
 * <p>The job runs through {@link Main} in child JVMs with the launcher's own logging configuration, as
 * {@code bin/eos} runs it: {@code validate} and {@code run} against a refused connection (MySQL URL through the
 * bundled MariaDB driver), an unknown host (PostgreSQL), a URL no driver takes, and a job that writes to H2 and
 * dead-letters a bad record before it is killed with SIGKILL. Planted: the jdbc sink's {@code password}, the
 * password of a URL's user-info and of its query, a driver parameter, Kafka's {@code sasl.jaas.config} and
 * {@code ssl.truststore.password} pass-through keys, an Event Hubs connection string's {@code SharedAccessKey}, and
 * an Azure account key and SAS signature in the files sink's Hadoop pass-through keys. Grepped: the children's
 * standard output and error (where the logs go), and every file under the work directory but the configuration
 * files themselves: the checkpoint (decompressed), the dead letters, Spark's scratch directory, the database.
 */
class PlantedSecretsTest {

    private static final Path LAUNCHER = Paths.get("target", "launcher").toAbsolutePath();

    @TempDir
    Path dir;

    private final Map<String, String> planted = new LinkedHashMap<>();
    private final List<Path> configs = new ArrayList<>();

    private String plant(String where) {
        String secret = "Pl4nted" + planted.size() + "x" + Long.toHexString(Double.doubleToLongBits(Math.random())).substring(0, 8);
        planted.put(secret, where);
        return secret;
    }

    @Test
    void noPlantedSecretIsWrittenAnywhere() throws Exception {
        int closed = closedPort();
        Path in = Files.createDirectories(dir.resolve("in"));

        // validate + run: Kafka source with credentials, jdbc (MySQL URL, bundled MariaDB driver), connection refused
        Map<String, String> refused = new LinkedHashMap<>();
        refused.put("eos.source", "kafka");
        refused.put("eos.source.kafka.bootstrap-servers", "127.0.0.1:" + closed);
        refused.put("eos.source.kafka.topics", "events");
        refused.put("eos.source.kafka.group-id", "planted");
        refused.put("eos.source.kafka.security.protocol", "SASL_PLAINTEXT");
        refused.put("eos.source.kafka.sasl.mechanism", "PLAIN");
        refused.put("eos.source.kafka.sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule "
                + "required username=\"app\" password=\"" + plant("kafka sasl.jaas.config") + "\";");
        refused.put("eos.source.kafka.ssl.truststore.password", plant("kafka ssl.truststore.password"));
        refused.put("eos.sink", "jdbc");
        refused.put("eos.sink.jdbc.url", "jdbc:mysql://app:" + plant("URL user-info") + "@127.0.0.1:" + closed
                + "/shop?sslMode=disable&password=" + plant("URL query password"));
        refused.put("eos.sink.jdbc.password", plant("jdbc password option"));
        refused.put("eos.sink.jdbc.table", "events");
        refused.put("eos.sink.jdbc.key-columns", "id");
        refused.put("eos.sink.jdbc.pool.connection-timeout", "1s");
        refused.put("eos.checkpoint.dir", dir.resolve("checkpoint-refused").toString());
        Path refusedConfig = config("refused", refused);
        Result validateRefused = eos("validate-refused", "validate", refusedConfig);
        Result runRefused = eos("run-refused", "run", refusedConfig);

        // validate: Event Hubs connection string, PostgreSQL at a host that does not exist
        Map<String, String> unknownHost = new LinkedHashMap<>();
        unknownHost.put("eos.source", "eventhubs");
        unknownHost.put("eos.source.eventhubs.connection-string", "Endpoint=sb://ns.servicebus.windows.net/;"
                + "SharedAccessKeyName=listen;SharedAccessKey=" + plant("Event Hubs SharedAccessKey") + "=");
        unknownHost.put("eos.source.eventhubs.event-hub", "events");
        unknownHost.put("eos.sink", "jdbc");
        unknownHost.put("eos.sink.jdbc.url", "jdbc:postgresql://app:" + plant("URL user-info, unknown host")
                + "@no-such-host.invalid:5432/shop");
        unknownHost.put("eos.sink.jdbc.table", "events");
        unknownHost.put("eos.sink.jdbc.key-columns", "id");
        unknownHost.put("eos.sink.jdbc.pool.connection-timeout", "1s");
        unknownHost.put("eos.checkpoint.dir", dir.resolve("checkpoint-unknown-host").toString());
        Result validateUnknownHost = eos("validate-unknown-host", "validate", config("unknown-host", unknownHost));

        // validate: a URL no driver takes
        Map<String, String> noDriver = new LinkedHashMap<>();
        noDriver.put("eos.source", "files");
        noDriver.put("eos.source.files.path", in.toString());
        noDriver.put("eos.sink", "jdbc");
        noDriver.put("eos.sink.jdbc.url", "jdbc:nosuchdb://app:" + plant("URL user-info, no driver") + "@127.0.0.1/shop;"
                + "password=" + plant("driver parameter, no driver"));
        noDriver.put("eos.sink.jdbc.table", "events");
        noDriver.put("eos.sink.jdbc.key-columns", "id");
        noDriver.put("eos.checkpoint.dir", dir.resolve("checkpoint-no-driver").toString());
        Result validateNoDriver = eos("validate-no-driver", "validate", config("no-driver", noDriver));

        // run: files -> jdbc on H2 with a password, a bad record dead-lettered to files, then SIGKILL
        Path checkpoint = dir.resolve("checkpoint-crash");
        Path deadLetters = dir.resolve("dead-letters");
        Map<String, String> crash = new LinkedHashMap<>();
        crash.put("eos.source", "files");
        crash.put("eos.source.files.path", in.toString());
        crash.put("eos.format", "json");
        crash.put("eos.key", "field.id");
        crash.put("eos.batch.interval", "500ms");
        crash.put("eos.sink", "jdbc");
        crash.put("eos.sink.jdbc.url", "jdbc:h2:file:" + dir.resolve("db").resolve("shop"));
        crash.put("eos.sink.jdbc.user", "sa");
        crash.put("eos.sink.jdbc.password", plant("jdbc password option, H2"));
        crash.put("eos.sink.jdbc.table", "events");
        crash.put("eos.sink.jdbc.key-columns", "id");
        crash.put("eos.sink.jdbc.columns", "id=@key,body=@value");
        crash.put("eos.sink.jdbc.create-table", "true");
        crash.put("eos.errors.tolerance", "all");
        crash.put("eos.errors.dead-letter.sink", "files");
        crash.put("eos.errors.dead-letter.files.path", deadLetters.toString());
        crash.put("eos.errors.dead-letter.files.hadoop.fs.azure.account.key.acc.blob.core.windows.net",
                plant("Azure account key, Hadoop pass-through") + "==");
        crash.put("eos.errors.dead-letter.files.hadoop.fs.azure.sas.fixed.token",
                "sv=2022-11-02&ss=b&srt=co&sp=rwl&se=2030-01-01&sig=" + plant("SAS sig, Hadoop pass-through"));
        crash.put("eos.checkpoint.dir", checkpoint.toString());
        Process job = start("run-crash", "run", config("crash", crash));
        Files.writeString(in.resolve("events.json"), "{\"id\":\"1\"}\n{\"id\":\"2\"}\nnot json\n");
        try {
            await().atMost(Duration.ofMinutes(3)).until(() -> !job.isAlive() || hasFile(deadLetters)
                    && hasFile(checkpoint, "checkpoint-"));
        } finally {
            job.destroyForcibly().waitFor(1, TimeUnit.MINUTES);
        }
        String crashErr = Files.readString(dir.resolve("run-crash.err"));

        if (System.getProperty("planted.keep") != null) {
            copy(dir, Paths.get(System.getProperty("planted.keep")));
        }
        assertThat(validateRefused.code).as(validateRefused.err).isEqualTo(Main.BAD_CONFIG);
        assertThat(validateRefused.err).contains("Cannot get a connection to the database at jdbc:mysql://app:[hidden]@");
        assertThat(runRefused.code).as(runRefused.err).isNotZero();
        assertThat(validateUnknownHost.code).as(validateUnknownHost.err).isEqualTo(Main.BAD_CONFIG);
        assertThat(validateUnknownHost.err).contains("no-such-host.invalid");
        assertThat(validateNoDriver.code).as(validateNoDriver.err).isEqualTo(Main.BAD_CONFIG);
        assertThat(validateNoDriver.err).contains("eos.sink.jdbc.url").contains("no JDBC driver")
                .doesNotContain("\tat ");
        assertThat(hasFile(deadLetters)).as(crashErr).isTrue();
        assertThat(hasFile(checkpoint, "checkpoint-")).as(crashErr).isTrue();

        List<String> leaks = SecretScan.leaks(dir, planted, configs::contains);
        assertThat(leaks).as("secrets found in what the job wrote").isEmpty();
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private Path config(String name, Map<String, String> keys) throws IOException {
        Properties properties = new Properties();
        properties.putAll(keys);
        Path file = dir.resolve(name + ".properties");
        try (Writer out = Files.newBufferedWriter(file)) {
            properties.store(out, null);
        }
        configs.add(file);
        return file;
    }

    private record Result(int code, String err) {
    }

    private Result eos(String name, String command, Path config) throws Exception {
        Process p = start(name, command, config);
        assertThat(p.waitFor(3, TimeUnit.MINUTES)).as(name + " ends").isTrue();
        return new Result(p.exitValue(), Files.readString(dir.resolve(name + ".err")) + Files.readString(dir.resolve(name + ".out")));
    }

    private Process start(String name, String command, Path config) throws IOException {
        Path scratch = Files.createDirectories(dir.resolve("tmp-" + name));
        List<String> java = new ArrayList<>();
        java.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        java.addAll(Arrays.asList(Files.readString(LAUNCHER.resolve("jvm-flags.txt")).trim().split("\\s+")));
        java.add("-Xmx512m");
        java.add("-Djava.io.tmpdir=" + scratch);
        java.add("-Dspark.local.dir=" + scratch);
        java.add("-Dlog4j2.configurationFile=" + LAUNCHER.resolve("log4j2.properties"));
        java.add("-cp");
        java.add(System.getProperty("java.class.path"));
        java.add(Main.class.getName());
        java.add(command);
        java.add(config.toString());
        ProcessBuilder builder = new ProcessBuilder(java).directory(dir.toFile())
                .redirectOutput(dir.resolve(name + ".out").toFile()).redirectError(dir.resolve(name + ".err").toFile());
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        return builder.start();
    }

    private static boolean hasFile(Path dir) {
        return hasFile(dir, "");
    }

    private static boolean hasFile(Path dir, String namePrefix) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.anyMatch(f -> Files.isRegularFile(f) && f.getFileName().toString().startsWith(namePrefix)
                    && !f.getFileName().toString().startsWith("."));
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
