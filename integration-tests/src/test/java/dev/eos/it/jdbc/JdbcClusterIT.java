package dev.eos.it.jdbc;

import dev.eos.connector.jdbc.testing.EmbeddedPostgresFixture;
import dev.eos.demo.crashloop.SinkStateReader;
import dev.eos.it.cluster.AbstractClusterIT;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The cluster faults into a real PostgreSQL (embedded, in the test JVM): the jdbc sink's drop-in jar submitted with
 * {@code --jars}, mode insert-if-absent, key = the source position, {@code batch-size=10} so that a partition spans
 * several transactions; the table must end with one row per event.
 */
@EnabledIfSystemProperty(named = "eos.it.cluster.every-sink", matches = "true",
        disabledReason = "several minutes on 2 cores: runs with -Pcrash-heavy; FilesClusterIT covers every fault by default")
class JdbcClusterIT extends AbstractClusterIT {

    private final EmbeddedPostgresFixture pg = EmbeddedPostgresFixture.shared();
    private String table;

    @Override
    protected Map<String, String> sinkProperties(Path workDir) {
        table = pg.newTableName("cluster");
        pg.execute("CREATE TABLE " + table + " (id text PRIMARY KEY, body text NOT NULL)");
        Map<String, String> props = pg.sinkProperties(table, "id");
        props.put("eos.sink.jdbc.columns", "id=@key,body=@value");
        props.put("eos.sink.jdbc.batch-size", "10");
        return props;
    }

    @Override
    protected List<String> connectors() {
        return List.of("jdbc");
    }

    @Override
    protected SinkStateReader sinkState(Path workDir) {
        return new PostgresStateReader(pg, table);
    }
}
