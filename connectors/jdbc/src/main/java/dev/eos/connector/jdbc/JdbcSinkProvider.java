package dev.eos.connector.jdbc;

import com.google.auto.service.AutoService;
import dev.eos.spi.ConfigSpec;
import dev.eos.spi.Sink;
import dev.eos.spi.Config;
import dev.eos.spi.SinkProvider;

/**
 * The {@code jdbc} sink: one row per record key in a database table, through a set-based, concurrency-safe
 * insert-if-absent (SQL Server, PostgreSQL, MySQL/MariaDB, H2, generic ANSI) or a user's stored procedure.
 */
@AutoService(SinkProvider.class)
public final class JdbcSinkProvider implements SinkProvider {

    @Override
    public String name() {
        return "jdbc";
    }

    @Override
    public String description() {
        return "One row per key in a database table (SQL Server, PostgreSQL, MySQL/MariaDB, H2) through JDBC";
    }

    @Override
    public ConfigSpec configSpec() {
        return JdbcSinkOptions.SPEC;
    }

    @Override
    public Sink create(Config config) {
        return new JdbcSink(JdbcSinkConfig.from(config));
    }
}
