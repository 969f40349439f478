package dev.eos.connector.jdbc;

import dev.eos.connector.jdbc.testing.EmbeddedPostgresFixture;
import dev.eos.spi.RetriableSinkException;
import dev.eos.spi.Sink;
import dev.eos.spi.SinkRecord;
import dev.eos.spi.SinkWriter;
import dev.eos.spi.WriteResult;
import dev.eos.testkit.TestRecords;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The database goes away in the middle of a partition and comes back (the embedded server stopped and started
 * again on the same port and data directory): the writer fails with {@link RetriableSinkException}, the replay of
 * the partition in a new writer completes it, and every record is stored exactly once.
 */
class PostgresOutageTest {

    @TempDir
    static Path dataDir;
    private static EmbeddedPostgresFixture pg;

    @BeforeAll
    static void start() {
        pg = EmbeddedPostgresFixture.start(dataDir.resolve("pg"));
    }

    @AfterAll
    static void stop() {
        pg.close();
    }

    @Test
    void aPartitionInterruptedByAnOutageIsCompletedByItsReplayWithNothingLostOrDuplicated() throws Exception {
        pg.execute("CREATE TABLE events (id varchar(64) PRIMARY KEY, seq bigint, payload varchar(64))");
        List<SinkRecord> records = TestRecords.generate(8, 1_000);
        Map<String, String> props = pg.sinkProperties("events", "id");
        props.put("eos.sink.jdbc.batch-size", "100");
        props.put("eos.sink.jdbc.pool.connection-timeout", "1s");
        try (Sink sink = Sinks.create(props)) {
            sink.preflight();
            SinkWriter interrupted = sink.open(Sinks.context(0, 0));
            records.subList(0, 300).forEach(interrupted::write);

            pg.stop();
            assertThatThrownBy(() -> records.subList(300, 400).forEach(interrupted::write))
                    .isInstanceOf(RetriableSinkException.class)
                    .hasMessageContaining("localhost:" + pg.port());
            interrupted.close();
            pg.restart();

            WriteResult replay = Sinks.writeAll(sink, records, 1);

            assertThat(replay).isEqualTo(WriteResult.of(700, 300));
        }
        try (Connection c = pg.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*), count(DISTINCT id), min(seq), max(seq) FROM events")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(1_000);
            assertThat(rs.getLong(2)).isEqualTo(1_000);
            assertThat(rs.getLong(3)).isZero();
            assertThat(rs.getLong(4)).isEqualTo(999);
        }
    }
}
