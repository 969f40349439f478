package dev.eos.connector.jdbc;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link AbstractSqlServerSinkTest} against a SQL Server or Azure SQL database you name:
 * {@code EOS_TEST_MSSQL_URL} (a jdbc:sqlserver: URL), {@code EOS_TEST_MSSQL_USER}, {@code EOS_TEST_MSSQL_PASSWORD}.
 * The tests create tables named {@code eos_test_*} and drop them afterwards. Skipped, with the reason, when
 * {@code EOS_TEST_MSSQL_URL} is not set.
 */
class SqlServerLiveTest extends AbstractSqlServerSinkTest {

    @BeforeAll
    static void requireServer() {
        Assumptions.assumeTrue(System.getenv("EOS_TEST_MSSQL_URL") != null,
                "EOS_TEST_MSSQL_URL is not set: no SQL Server to test against (set it, with EOS_TEST_MSSQL_USER and "
                        + "EOS_TEST_MSSQL_PASSWORD, to run these tests on a real server)");
    }

    @Override
    protected String url() {
        return System.getenv("EOS_TEST_MSSQL_URL");
    }

    @Override
    protected String user() {
        return System.getenv("EOS_TEST_MSSQL_USER");
    }

    @Override
    protected String password() {
        return System.getenv("EOS_TEST_MSSQL_PASSWORD");
    }
}
