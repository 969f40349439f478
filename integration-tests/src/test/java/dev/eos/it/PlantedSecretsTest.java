package dev.eos.it;

import dev.eos.runtime.Main;
import dev.eos.runtime.config.JobOptions;
import dev.eos.runtime.source.EventSource;
import dev.eos.runtime.source.Sources;
import dev.eos.runtime.testing.SecretScan;
import dev.eos.spi.ConfigOption;
import dev.eos.spi.SinkProvider;
import dev.eos.spi.host.SinkRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A distinct secret in every place a user can put one, and every byte the job writes grepped for all of them.
 *
 * <p>The job runs through {@link Main} in child JVMs with the launcher's own logging configuration, as
 * {@code bin/eos} runs it, with this module's class path (every connector's drop-in jar): {@code validate} and
 * {@code run} against a refused connection (MySQL URL through the bundled MariaDB driver), an unknown host
 * (PostgreSQL), a URL no driver takes, Azure Blob and ADLS endpoints that refuse connections, an HBase quorum nobody
 * answers at, and a job that writes to H2 and dead-letters a bad record before it is killed with SIGKILL. Each
 * preflight is bounded by a short {@code eos.preflight.timeout}.
 *
 * <p>Planted: every option any source or sink found here declares secret (checked: a newly declared secret option
 * fails {@link #everyDeclaredSecretOptionIsPlanted} until it is planted here), the password of a URL's user-info
 * and of its query, a driver parameter, Kafka's {@code sasl.jaas.config} and {@code ssl.truststore.password}
 * pass-through keys, an Event Hubs connection string's {@code SharedAccessKey}, an Azure account key and SAS
 * signature inside connection strings and in the files sink's Hadoop pass-through keys, and a Hadoop credential
 * password in the HBase sink's pass-through keys. Grepped: the children's standard output and error (where the logs
 * go), and every file under the work directory but the configuration files themselves: the checkpoint
 * (decompressed), the dead letters, Spark's scratch directory, the database.
 */
class PlantedSecretsTest {

    private static final Path LOGGING = Paths.get("..", "runtime", "src", "main", "launcher", "log4j2.properties")
            .toAbsolutePath().normalize();
    private static final String PREFLIGHT_TIMEOUT = "10s";

    @TempDir
    Path dir;

    private final Map<String, String> planted = new LinkedHashMap<>();
    private final List<Path> configs = new ArrayList<>();

    private String plant(String where) {
        String secret = "Pl4nted" + planted.size() + "x" + Long.toHexString(Double.doubleToLongBits(Math.random())).substring(0, 8);
        planted.put(secret, where);
        return secret;
    }

    /** A planted secret that is valid Base64, as an Azure account key must be to be used at all. */
    private String plantKey(String where) {
        String secret = Base64.getEncoder().encodeToString(("Pl4nted-key-" + planted.size() + "-"
                + Long.toHexString(Double.doubleToLongBits(Math.random()))).getBytes(StandardCharsets.US_ASCII));
        planted.put(secret, where);
        return secret;
    }

    /** The configurations of every run, by run name, each with its planted secrets. */
    private Map<String, Map<String, String>> configurations() throws IOException {
        int closed = closedPort();
        String azurite = "http://127.0.0.1:" + closed + "/devstoreaccount1";
        Path in = Files.createDirectories(dir.resolve("in"));
        Map<String, Map<String, String>> runs = new LinkedHashMap<>();

        // Kafka source with credentials, jdbc (MySQL URL, bundled MariaDB driver) and an Azure Blob dead-letter sink
        // with a connection string: connections refused
        Map<String, String> refused = job("refused");
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
        azureDeadLetters(refused, "azure-blob", "connection-string", "DefaultEndpointsProtocol=http;"
                + "AccountName=devstoreaccount1;AccountKey=" + plantKey("azure-blob connection-string AccountKey")
                + ";BlobEndpoint=" + azurite + ";");
        runs.put("refused", refused);

        // Event Hubs connection string, PostgreSQL at a host that does not exist, ADLS with an account key refused
        Map<String, String> unknownHost = job("unknown-host");
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
        azureDeadLetters(unknownHost, "adls", "account-key", plantKey("adls account-key"));
        unknownHost.put("eos.errors.dead-letter.adls.account-name", "devstoreaccount1");
        unknownHost.put("eos.errors.dead-letter.adls.endpoint", azurite);
        runs.put("unknown-host", unknownHost);

        // a URL no driver takes, and an ADLS dead-letter sink with a SAS token
        Map<String, String> noDriver = job("no-driver");
        noDriver.put("eos.source", "files");
        noDriver.put("eos.source.files.path", in.toString());
        noDriver.put("eos.sink", "jdbc");
        noDriver.put("eos.sink.jdbc.url", "jdbc:nosuchdb://app:" + plant("URL user-info, no driver") + "@127.0.0.1/shop;"
                + "password=" + plant("driver parameter, no driver"));
        noDriver.put("eos.sink.jdbc.table", "events");
        noDriver.put("eos.sink.jdbc.key-columns", "id");
        azureDeadLetters(noDriver, "adls", "sas-token", sas(plant("adls sas-token sig")));
        noDriver.put("eos.errors.dead-letter.adls.endpoint", azurite);
        runs.put("no-driver", noDriver);

        // Azure Blob with an account key, ADLS dead letters with a connection string: connections refused
        Map<String, String> azure = job("azure");
        azure.put("eos.source", "files");
        azure.put("eos.source.files.path", in.toString());
        azure.put("eos.sink", "azure-blob");
        azure.put("eos.sink.azure-blob.account-name", "devstoreaccount1");
        azure.put("eos.sink.azure-blob.endpoint", azurite);
        azure.put("eos.sink.azure-blob.account-key", plantKey("azure-blob account-key"));
        azure.put("eos.sink.azure-blob.container", "events");
        azure.put("eos.sink.azure-blob.retry.max-tries", "1");
        azureDeadLetters(azure, "adls", "connection-string", "DefaultEndpointsProtocol=http;"
                + "AccountName=devstoreaccount1;SharedAccessSignature=" + sas(plant("adls connection-string SAS sig"))
                + ";BlobEndpoint=" + azurite + ";");
        runs.put("azure", azure);

        // HBase with a credential in its Hadoop pass-through keys at a quorum nobody answers at, Blob dead letters
        // with a SAS token
        Map<String, String> hbase = job("hbase");
        hbase.put("eos.source", "files");
        hbase.put("eos.source.files.path", in.toString());
        hbase.put("eos.sink", "hbase");
        hbase.put("eos.sink.hbase.zookeeper-quorum", "127.0.0.1:" + closed);
        hbase.put("eos.sink.hbase.table", "events");
        hbase.put("eos.sink.hbase.column-family", "e");
        hbase.put("eos.sink.hbase.hadoop.security.credstore.java-keystore-provider.password",
                plant("hbase Hadoop credential store password"));
        azureDeadLetters(hbase, "azure-blob", "sas-token", sas(plant("azure-blob sas-token sig")));
        hbase.put("eos.errors.dead-letter.azure-blob.endpoint", azurite);
        runs.put("hbase", hbase);

        // files -> jdbc on H2 with a password, a bad record dead-lettered to files, then SIGKILL
        Map<String, String> crash = job("crash");
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
        crash.put("eos.errors.dead-letter.files.path", dir.resolve("dead-letters").toString());
        crash.put("eos.errors.dead-letter.files.hadoop.fs.azure.account.key.acc.blob.core.windows.net",
                plant("Azure account key, Hadoop pass-through") + "==");
        crash.put("eos.errors.dead-letter.files.hadoop.fs.azure.sas.fixed.token", sas(plant("SAS sig, Hadoop pass-through")));
        runs.put("crash", crash);
        return runs;
    }

    private Map<String, String> job(String name) {
        Map<String, String> job = new LinkedHashMap<>();
        job.put("eos.checkpoint.dir", dir.resolve("checkpoint-" + name).toString());
        job.put("eos.preflight.timeout", PREFLIGHT_TIMEOUT);
        return job;
    }

    /**
     * Dead letters to Azure Blob or ADLS ({@code sink}), authenticated by option {@code auth}, one try per request; the
     * endpoint is the caller's (or the connection string's).
     */
    private static void azureDeadLetters(Map<String, String> job, String sink, String auth, String secret) {
        String prefix = JobOptions.deadLetterPrefix(sink);
        job.put("eos.errors.dead-letter.sink", sink);
        job.put(prefix + auth, secret);
        job.put(prefix + (sink.equals("adls") ? "file-system" : "container"), "dead");
        job.put(prefix + "retry.max-tries", "1");
    }

    private static String sas(String signature) {
        return "sv=2022-11-02&ss=b&srt=co&sp=rwl&se=2030-01-01&sig=" + signature;
    }

    @Test
    void everyDeclaredSecretOptionIsPlanted() throws IOException {
        Set<String> plantedKeys = new TreeSet<>();
        configurations().values().forEach(job -> job.forEach((key, value) -> {
            if (planted.keySet().stream().anyMatch(value::contains)) {
                plantedKeys.add(key);
            }
        }));

        List<String> declared = new ArrayList<>();
        for (EventSource source : Sources.load().all()) {
            for (ConfigOption<?> option : source.configSpec().options()) {
                if (option.isSecret()) {
                    declared.add(JobOptions.sourcePrefix(source.name()) + option.name());
                }
            }
        }
        for (SinkProvider provider : SinkRegistry.load().providers()) {
            for (ConfigOption<?> option : provider.configSpec().options()) {
                if (option.isSecret()) {
                    declared.add(JobOptions.sinkPrefix(provider.name()) + option.name());
                }
            }
        }
        assertThat(declared).as("secret options declared here").contains("eos.sink.jdbc.password",
                "eos.sink.azure-blob.account-key", "eos.sink.adls.sas-token", "eos.source.eventhubs.connection-string");
        List<String> notPlanted = declared.stream().filter(key -> !plantedKeys.contains(key)
                && !plantedKeys.contains(key.replace(JobOptions.PREFIX + "sink.", JobOptions.PREFIX + "errors.dead-letter.")))
                .toList();
        assertThat(notPlanted).as("declared secret options no run of this test plants a secret in").isEmpty();
    }

    @Test
    void noPlantedSecretIsWrittenAnywhere() throws Exception {
        Map<String, Map<String, String>> runs = configurations();
        Path refusedConfig = config("refused", runs.get("refused"));
        Map<String, Future<Result>> results = new LinkedHashMap<>();
        // two children at a time: more only slow each other down on a machine of two cores
        ExecutorService twoAtATime = Executors.newFixedThreadPool(2);
        try {
            for (String name : List.of("refused", "unknown-host", "no-driver", "azure", "hbase")) {
                Path config = name.equals("refused") ? refusedConfig : config(name, runs.get(name));
                results.put("validate-" + name, twoAtATime.submit(() -> eos("validate-" + name, "validate", config)));
            }
            results.put("run-refused", twoAtATime.submit(() -> eos("run-refused", "run", refusedConfig)));
        } finally {
            twoAtATime.shutdown();
        }
        Map<String, Result> validate = new LinkedHashMap<>();
        for (String name : List.of("refused", "unknown-host", "no-driver", "azure", "hbase")) {
            validate.put(name, results.get("validate-" + name).get());
        }
        Result runRefused = results.get("run-refused").get();

        Path in = dir.resolve("in");
        Path checkpoint = Paths.get(runs.get("crash").get("eos.checkpoint.dir"));
        Path deadLetters = dir.resolve("dead-letters");
        Process job = start("run-crash", "run", config("crash", runs.get("crash")));
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
        assertThat(hasFile(deadLetters)).as(crashErr).isTrue();
        assertThat(hasFile(checkpoint, "checkpoint-")).as(crashErr).isTrue();
        List<String> leaks = SecretScan.leaks(dir, planted, configs::contains);
        assertThat(leaks).as("secrets found in what the job wrote").isEmpty();

        Result validateRefused = validate.get("refused");
        assertThat(validateRefused.code).as(validateRefused.err).isEqualTo(Main.BAD_CONFIG);
        assertThat(validateRefused.err).contains("sink \"jdbc\" at jdbc:mysql://app:[hidden]@")
                .contains("dead-letter sink \"azure-blob\" at http://127.0.0.1:");
        assertThat(runRefused.code).as(runRefused.err).isNotZero();
        Result validateUnknownHost = validate.get("unknown-host");
        assertThat(validateUnknownHost.code).as(validateUnknownHost.err).isEqualTo(Main.BAD_CONFIG);
        assertThat(validateUnknownHost.err).contains("no-such-host.invalid").contains("dead-letter sink \"adls\"");
        Result validateNoDriver = validate.get("no-driver");
        assertThat(validateNoDriver.code).as(validateNoDriver.err).isEqualTo(Main.BAD_CONFIG);
        assertThat(validateNoDriver.err).contains("eos.sink.jdbc.url").contains("no JDBC driver")
                .doesNotContain("\tat ");
        Result validateAzure = validate.get("azure");
        assertThat(validateAzure.code).as(validateAzure.err).isEqualTo(Main.BAD_CONFIG);
        assertThat(validateAzure.err).contains("sink \"azure-blob\"").contains("dead-letter sink \"adls\"");
        Result validateHBase = validate.get("hbase");
        assertThat(validateHBase.code).as(validateHBase.err).isEqualTo(Main.BAD_CONFIG);
        assertThat(validateHBase.err).contains("sink \"hbase\"").contains("dead-letter sink \"azure-blob\"");
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
        java.addAll(Arrays.asList(System.getProperty("eos.jvm.flags", "").trim().split("\\s+")));
        java.add("-Xmx512m");
        java.add("-Djava.io.tmpdir=" + scratch);
        java.add("-Dspark.local.dir=" + scratch);
        java.add("-Dlog4j2.configurationFile=" + LOGGING);
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
