package dev.eos.it.jdbc;

import dev.eos.connector.jdbc.testing.EmbeddedPostgresFixture;
import dev.eos.runtime.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code bin/eos validate} (its {@link Main#execute} entry point) with {@code eos.sink=jdbc}: a table without a
 * unique key on the key columns makes it exit 2 and say why; adding the unique constraint makes it pass.
 */
class JdbcValidateIT {

    @TempDir
    Path dir;

    @Test
    void validateRefusesATableWithoutAUniqueKeyWithExitCode2AndTheReason() throws Exception {
        EmbeddedPostgresFixture pg = EmbeddedPostgresFixture.shared();
        String table = pg.newTableName("validate");
        pg.execute("CREATE TABLE " + table + " (id text NOT NULL, body text)");
        Properties job = new Properties();
        Map<String, String> sink = pg.sinkProperties(table, "id");
        job.putAll(sink);
        job.put("eos.sink.jdbc.columns", "id=@key,body=@value");
        job.put("eos.source", "files");
        job.put("eos.source.files.path", dir.resolve("in").toString());
        job.put("eos.checkpoint.dir", dir.resolve("checkpoint").toString());
        Files.createDirectories(dir.resolve("in"));
        Path config = dir.resolve("job.properties");
        try (Writer out = Files.newBufferedWriter(config)) {
            job.store(out, null);
        }

        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int refused = Main.execute(new String[] {"validate", config.toString()}, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(refused).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("no primary key, unique constraint or unique index on exactly the key columns (id)")
                .contains("no database can promise one row per key");

        pg.execute("ALTER TABLE " + table + " ADD CONSTRAINT " + table + "_key UNIQUE (id)");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int accepted = Main.execute(new String[] {"validate", config.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream()));

        assertThat(accepted).as(out.toString(StandardCharsets.UTF_8)).isZero();
    }
}
