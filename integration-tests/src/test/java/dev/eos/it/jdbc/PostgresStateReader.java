package dev.eos.it.jdbc;

import dev.eos.connector.jdbc.testing.EmbeddedPostgresFixture;
import dev.eos.demo.crashloop.SinkStateReader;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What the jdbc sink stored in a PostgreSQL table: one payload (the {@code body} column) per row. Waits up to 60 s for
 * the server when it is down (the outage test stops it on purpose), instead of failing the crash loop's reading.
 */
final class PostgresStateReader implements SinkStateReader {

    private final EmbeddedPostgresFixture pg;
    private final String table;

    PostgresStateReader(EmbeddedPostgresFixture pg, String table) {
        this.pg = pg;
        this.table = table;
    }

    @Override
    public List<String> storedPayloads() throws Exception {
        return withServer(() -> {
            List<String> out = new ArrayList<>();
            try (Connection c = pg.connect(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT body FROM " + table)) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        });
    }

    @Override
    public long storedCount() throws Exception {
        return withServer(() -> {
            try (Connection c = pg.connect(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    private interface Query<T> {
        T run() throws SQLException;
    }

    private static <T> T withServer(Query<T> query) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                return query.run();
            } catch (SQLException e) {
                boolean connection = e.getSQLState() != null && (e.getSQLState().startsWith("08") || e.getSQLState().startsWith("57P"));
                if (!connection || System.nanoTime() > deadline) {
                    throw e;
                }
                TimeUnit.MILLISECONDS.sleep(100);
            }
        }
    }
}
