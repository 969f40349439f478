package dev.eos.connector.jdbc.dialect;

import com.google.auto.service.AutoService;
import dev.eos.connector.jdbc.JdbcDialect;

/**
 * H2 (embedded, tests): the ANSI {@code MERGE ... WHEN NOT MATCHED THEN INSERT}. H2 does not lock the absent key,
 * so two writers may both try to insert it; the loser's unique-key error (23505) makes the sink retry, and the
 * retry skips the key.
 */
@AutoService(JdbcDialect.class)
public class H2Dialect extends AnsiDialect {

    @Override
    public String name() {
        return "h2";
    }

    @Override
    public boolean supports(String jdbcUrl) {
        return jdbcUrl.startsWith("jdbc:h2:");
    }

    @Override
    public int priority() {
        return 0;
    }

    @Override
    public String driverClassName() {
        return "org.h2.Driver";
    }

    @Override
    public String textColumnType() {
        return "CHARACTER VARYING";
    }
}
