package dev.eos.connector.jdbc;

import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.mssqlserver.MSSQLServerContainer;

/**
 * {@link AbstractSqlServerSinkTest} against SQL Server 2022 in a Testcontainers container. Skipped, with the reason
 * in the report, where no Docker engine is available (as on the EOS build machines).
 */
@Testcontainers(disabledWithoutDocker = true)
class SqlServerContainerTest extends AbstractSqlServerSinkTest {

    @Container
    static final MSSQLServerContainer SQL_SERVER = new MSSQLServerContainer("mcr.microsoft.com/mssql/server:2022-latest")
            .acceptLicense();

    @Override
    protected String url() {
        return SQL_SERVER.getJdbcUrl();
    }

    @Override
    protected String user() {
        return SQL_SERVER.getUsername();
    }

    @Override
    protected String password() {
        return SQL_SERVER.getPassword();
    }
}
