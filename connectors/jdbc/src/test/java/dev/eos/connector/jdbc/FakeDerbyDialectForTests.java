package dev.eos.connector.jdbc;

import dev.eos.connector.jdbc.dialect.AnsiDialect;

/**
 * A test double standing in for a third party's dialect: registered in the test class path's
 * {@code META-INF/services/dev.eos.connector.jdbc.JdbcDialect}, it claims {@code jdbc:derby:} URLs.
 */
public class FakeDerbyDialectForTests extends AnsiDialect {

    @Override
    public String name() {
        return "derby-test";
    }

    @Override
    public boolean supports(String jdbcUrl) {
        return jdbcUrl.startsWith("jdbc:derby:");
    }

    @Override
    public int priority() {
        return 10;
    }
}
