package dev.eos.it;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobItem;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eos.connector.azurecommon.Azurite;
import dev.eos.connector.jdbc.testing.EmbeddedPostgresFixture;
import dev.eos.runtime.EosJob;
import dev.eos.runtime.config.JobConfig;
import dev.eos.testing.hbase.HBaseMiniClusterFixture;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.HBaseConfiguration;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.ConnectionFactory;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.ResultScanner;
import org.apache.hadoop.hbase.client.Scan;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.util.Bytes;
import org.apache.spark.streaming.api.java.JavaStreamingContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dead-letter envelope stored by each connector used as the dead-letter sink, through the whole job: the files
 * source reads one good JSON event and one that does not parse; the bad one must be stored with its reason,
 * position and original bytes, readable with the sink's own tools (a row, an object, HBase cells).
 */
class DeadLetterSinksIT {

    private static final String BAD = "{broken json";

    @TempDir
    Path work;

    private JavaStreamingContext job;

    @AfterEach
    void stopJob() {
        if (job != null) {
            job.stop(true, false);
        }
    }

    /** Starts the job with {@code deadLetters} as its dead-letter keys and drops a file with a good and a bad line. */
    private String runWithDeadLetterSink(Map<String, String> deadLetters) throws Exception {
        Path in = Files.createDirectories(work.resolve("in"));
        Map<String, String> props = new HashMap<>(deadLetters);
        props.put("eos.source", "files");
        props.put("eos.source.files.path", in.toString());
        props.put("eos.format", "json");
        props.put("eos.key", "field.id");
        props.put("eos.sink", "files");
        props.put("eos.sink.files.path", work.resolve("out").toString());
        props.put("eos.errors.tolerance", "all");
        props.put("eos.checkpoint.dir", work.resolve("checkpoint").toString());
        props.put("eos.batch.interval", "500ms");
        props.put("spark.master", "local[2]");
        props.put("spark.ui.enabled", "false");
        props.put("spark.local.dir", work.resolve("spark-local").toString());
        job = new EosJob(JobConfig.validate(props)).start();
        Path hidden = in.resolve(".a.json");
        Files.write(hidden, List.of("{\"id\":\"a1\"}", BAD));
        Files.move(hidden, in.resolve("a.json"), StandardCopyOption.ATOMIC_MOVE);
        return in.toUri().toString().replace("file:///", "file:/") + "a.json/0/2";
    }

    private static <T> T awaitPresent(Callable<T> read) {
        return await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300))
                .until(read, v -> v != null);
    }

    private static void assertEnvelope(JsonNode envelope, String position) {
        assertThat(envelope.get("eos-dead-letter").asInt()).isEqualTo(1);
        assertThat(envelope.get("key").asText()).isEqualTo(position);
        assertThat(envelope.get("reason").asText()).startsWith("not a JSON object: ");
        assertThat(envelope.get("error-class").asText()).isEqualTo("java.lang.IllegalArgumentException");
        assertThat(envelope.get("position").asText()).isEqualTo(position);
        assertThat(envelope.get("offset").asLong()).isEqualTo(2);
        assertThat(envelope.get("attempt").isInt()).isTrue();
        assertThat(envelope.get("batch-time").asText()).endsWith("Z");
        assertThat(new String(Base64.getDecoder().decode(envelope.get("value-base64").asText()), StandardCharsets.UTF_8))
                .isEqualTo(BAD);
    }

    @Test
    void jdbcOnPostgresStoresTheReasonInItsOwnColumnAndTheEnvelope() throws Exception {
        EmbeddedPostgresFixture pg = EmbeddedPostgresFixture.shared();
        String table = pg.newTableName("dead_letters");
        Map<String, String> dl = new HashMap<>();
        pg.sinkProperties(table, "record_key").forEach((k, v) -> {
            if (k.startsWith("eos.sink.jdbc.")) {
                dl.put("eos.errors.dead-letter.jdbc." + k.substring("eos.sink.jdbc.".length()), v);
            }
        });
        dl.put("eos.errors.dead-letter.sink", "jdbc");
        dl.put("eos.errors.dead-letter.jdbc.create-table", "true");
        dl.put("eos.errors.dead-letter.jdbc.columns", "record_key=key, reason=field.reason, "
                + "error_class=field.error-class, position=field.position, original=field.value-base64, envelope=value");

        String position = runWithDeadLetterSink(dl);

        List<String> row = awaitPresent(() -> {
            try (java.sql.Connection c = pg.connect(); Statement s = c.createStatement()) {
                if (!c.getMetaData().getTables(null, null, table, null).next()) {
                    return null;
                }
                try (ResultSet rs = s.executeQuery("SELECT record_key, reason, error_class, position, original, envelope "
                        + "FROM " + table)) {
                    return rs.next() ? List.of(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6)) : null;
                }
            }
        });
        assertThat(row.get(0)).isEqualTo(position);
        assertThat(row.get(1)).startsWith("not a JSON object: ");
        assertThat(row.get(2)).isEqualTo("java.lang.IllegalArgumentException");
        assertThat(row.get(3)).isEqualTo(position);
        assertThat(new String(Base64.getDecoder().decode(row.get(4)), StandardCharsets.UTF_8)).isEqualTo(BAD);
        assertEnvelope(new ObjectMapper().readTree(row.get(5)), position);
    }

    @Test
    void jdbcOnH2StoresTheReason() throws Exception {
        String url = "jdbc:h2:file:" + work.resolve("dead-letters") + ";DB_CLOSE_DELAY=-1";
        String position = runWithDeadLetterSink(Map.of("eos.errors.dead-letter.sink", "jdbc",
                "eos.errors.dead-letter.jdbc.url", url,
                "eos.errors.dead-letter.jdbc.table", "dead_letters",
                "eos.errors.dead-letter.jdbc.key-columns", "record_key",
                "eos.errors.dead-letter.jdbc.columns", "record_key=key, reason=field.reason, envelope=value",
                "eos.errors.dead-letter.jdbc.create-table", "true"));

        List<String> row = awaitPresent(() -> {
            try (java.sql.Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
                if (!c.getMetaData().getTables(null, null, "DEAD_LETTERS", null).next()) {
                    return null;
                }
                try (ResultSet rs = s.executeQuery("SELECT record_key, reason, envelope FROM dead_letters")) {
                    return rs.next() ? List.of(rs.getString(1), rs.getString(2), rs.getString(3)) : null;
                }
            }
        });
        assertThat(row.get(0)).isEqualTo(position);
        assertThat(row.get(1)).startsWith("not a JSON object: ");
        assertEnvelope(new ObjectMapper().readTree(row.get(2)), position);
    }

    @Test
    void azureBlobStoresTheEnvelopeAsTheObject() throws Exception {
        Azurite azurite = Azurite.shared();
        String containerName = "dead" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        BlobContainerClient container = new BlobServiceClientBuilder().connectionString(azurite.connectionString())
                .buildClient().getBlobContainerClient(containerName);

        String position = runWithDeadLetterSink(Map.of("eos.errors.dead-letter.sink", "azure-blob",
                "eos.errors.dead-letter.azure-blob.connection-string", azurite.connectionString(),
                "eos.errors.dead-letter.azure-blob.container", containerName,
                "eos.errors.dead-letter.azure-blob.create-container", "true",
                "eos.errors.dead-letter.azure-blob.mode", "per-record",
                "eos.errors.dead-letter.azure-blob.path-template", "dead/{key}"));

        String object = awaitPresent(() -> {
            if (!container.exists()) {
                return null;
            }
            List<String> names = container.listBlobs().stream().map(BlobItem::getName).toList();
            return names.isEmpty() ? null : container.getBlobClient(names.get(0)).downloadContent().toString();
        });
        assertEnvelope(new ObjectMapper().readTree(object), position);
    }

    @Test
    void hbaseStoresTheEnvelopesMembersAsCells() throws Exception {
        String quorum = HBaseMiniClusterFixture.shared().zookeeperQuorum();
        String table = "dead_letters_" + System.nanoTime();

        String position = runWithDeadLetterSink(Map.of("eos.errors.dead-letter.sink", "hbase",
                "eos.errors.dead-letter.hbase.zookeeper-quorum", quorum,
                "eos.errors.dead-letter.hbase.table", table,
                "eos.errors.dead-letter.hbase.column-family", "d",
                "eos.errors.dead-letter.hbase.create-table", "true",
                "eos.errors.dead-letter.hbase.timestamp", "source-position",
                "eos.errors.dead-letter.hbase.columns", "reason=field.reason, error-class=field.error-class, "
                        + "position=field.position, value-base64=field.value-base64, envelope=value"));

        Configuration conf = HBaseConfiguration.create();
        conf.set("hbase.zookeeper.quorum", quorum);
        try (Connection connection = ConnectionFactory.createConnection(conf)) {
            Map<String, String> cells = awaitPresent(() -> {
                if (!connection.getAdmin().tableExists(TableName.valueOf(table))) {
                    return null;
                }
                try (Table t = connection.getTable(TableName.valueOf(table));
                     ResultScanner scanner = t.getScanner(new Scan())) {
                    Result row = scanner.next();
                    if (row == null) {
                        return null;
                    }
                    Map<String, String> out = new HashMap<>();
                    out.put("row", Bytes.toString(row.getRow()));
                    row.getFamilyMap(Bytes.toBytes("d")).forEach((q, v) -> out.put(Bytes.toString(q), Bytes.toString(v)));
                    return out;
                }
            });
            assertThat(cells.get("row")).isEqualTo(position);
            assertThat(cells.get("reason")).startsWith("not a JSON object: ");
            assertThat(cells.get("error-class")).isEqualTo("java.lang.IllegalArgumentException");
            assertThat(cells.get("position")).isEqualTo(position);
            assertThat(new String(Base64.getDecoder().decode(cells.get("value-base64")), StandardCharsets.UTF_8))
                    .isEqualTo(BAD);
            assertEnvelope(new ObjectMapper().readTree(cells.get("envelope")), position);
        }
    }
}
