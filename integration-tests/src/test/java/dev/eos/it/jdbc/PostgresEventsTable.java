package dev.eos.it.jdbc;

import dev.eos.connector.jdbc.testing.EmbeddedPostgresFixture;
import dev.eos.demo.crashloop.SinkStateReader;

import java.util.Map;

/**
 * The jdbc sink's target in the crash tests (the crash loop and the cluster run): a new table
 * {@code (id text PRIMARY KEY, body text)} in the shared embedded PostgreSQL, written in mode insert-if-absent with
 * key = the source position and {@code batch-size=10}, so that a partition spans several transactions and
 * {@code before-commit} finds part of it committed; read back one {@code body} per row.
 */
final class PostgresEventsTable {

    private final EmbeddedPostgresFixture pg;
    private final String table;

    private PostgresEventsTable(EmbeddedPostgresFixture pg, String table) {
        this.pg = pg;
        this.table = table;
    }

    /** Creates a fresh table named after {@code prefix}. */
    static PostgresEventsTable create(String prefix) {
        EmbeddedPostgresFixture pg = EmbeddedPostgresFixture.shared();
        String table = pg.newTableName(prefix);
        pg.execute("CREATE TABLE " + table + " (id text PRIMARY KEY, body text NOT NULL)");
        return new PostgresEventsTable(pg, table);
    }

    /** {@code eos.sink=jdbc} and its options against this table. */
    Map<String, String> sinkProperties() {
        Map<String, String> props = pg.sinkProperties(table, "id");
        props.put("eos.sink.jdbc.columns", "id=@key,body=@value");
        props.put("eos.sink.jdbc.batch-size", "10");
        return props;
    }

    /** What the sink stored: one payload per row. */
    SinkStateReader state() {
        return new PostgresStateReader(pg, table);
    }
}
