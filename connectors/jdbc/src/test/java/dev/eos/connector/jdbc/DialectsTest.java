package dev.eos.connector.jdbc;

import dev.eos.connector.jdbc.dialect.AnsiDialect;
import dev.eos.connector.jdbc.dialect.H2Dialect;
import dev.eos.connector.jdbc.dialect.MySqlDialect;
import dev.eos.connector.jdbc.dialect.PostgresDialect;
import dev.eos.connector.jdbc.dialect.SqlServerDialect;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

/** Dialects are found with ServiceLoader and chosen by the JDBC URL; each classifies its database's errors. */
class DialectsTest {

    @Test
    void theUrlChoosesTheDialectAndAnUnknownDatabaseGetsTheAnsiFallback() {
        assertThat(Dialects.forUrl("jdbc:sqlserver://db:1433;databaseName=app")).isInstanceOf(SqlServerDialect.class);
        assertThat(Dialects.forUrl("jdbc:postgresql://db/app")).isInstanceOf(PostgresDialect.class);
        assertThat(Dialects.forUrl("jdbc:mysql://db/app")).isInstanceOf(MySqlDialect.class);
        assertThat(Dialects.forUrl("jdbc:mariadb://db/app")).isInstanceOf(MySqlDialect.class);
        assertThat(Dialects.forUrl("jdbc:h2:mem:x")).isInstanceOf(H2Dialect.class);
        assertThat(Dialects.forUrl("jdbc:db2://db:50000/app")).isExactlyInstanceOf(AnsiDialect.class);
    }

    @Test
    void aThirdPartyDialectListedInServicesIsFoundAndWinsByPriority() {
        assertThat(Dialects.available()).hasAtLeastOneElementOfType(FakeDerbyDialectForTests.class);
        assertThat(Dialects.forUrl("jdbc:derby:memory:x")).isInstanceOf(FakeDerbyDialectForTests.class);
    }

    @Test
    void aBrokenDialectIsSkippedAndReportedWithoutHidingTheOthers(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path services = dir.resolve("META-INF/services/" + JdbcDialect.class.getName());
        java.nio.file.Files.createDirectories(services.getParent());
        java.nio.file.Files.writeString(services, "com.example.MissingDialect\n");
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        try (java.net.URLClassLoader broken = new java.net.URLClassLoader(new java.net.URL[] {dir.toUri().toURL()},
                getClass().getClassLoader())) {
            Thread.currentThread().setContextClassLoader(broken);

            var loaded = Dialects.load();

            assertThat(loaded.services()).hasAtLeastOneElementOfType(FakeDerbyDialectForTests.class);
            assertThat(loaded.problems()).singleElement().asString()
                    .contains("A JDBC dialect could not be loaded and was skipped", "com.example.MissingDialect");
            assertThat(Dialects.forUrl("jdbc:postgresql://db/app")).isInstanceOf(PostgresDialect.class);
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    @Test
    void sqlServerErrorsAreClassifiedByTheirNumbers() {
        SqlServerDialect d = new SqlServerDialect();
        assertThat(d.classify(new SQLException("Violation of PRIMARY KEY", "23000", 2627))).isEqualTo(ErrorKind.DUPLICATE_KEY);
        assertThat(d.classify(new SQLException("Cannot insert duplicate key row", "23000", 2601))).isEqualTo(ErrorKind.DUPLICATE_KEY);
        assertThat(d.classify(new SQLException("chosen as the deadlock victim", "40001", 1205))).isEqualTo(ErrorKind.TRANSIENT);
        assertThat(d.classify(new SQLException("String or binary data would be truncated", "22001", 2628))).isEqualTo(ErrorKind.DATA);
        assertThat(d.classify(new SQLException("Cannot insert the value NULL", "23000", 515))).isEqualTo(ErrorKind.DATA);
        assertThat(d.classify(new SQLException("The connection is closed.", "08S01", 0))).isEqualTo(ErrorKind.TRANSIENT);
        assertThat(d.classify(new SQLException("permission denied", "S0001", 229))).isEqualTo(ErrorKind.OTHER);
    }

    @Test
    void postgresAndStandardSqlStatesAreClassified() {
        PostgresDialect d = new PostgresDialect();
        assertThat(d.classify(new SQLException("duplicate key", "23505"))).isEqualTo(ErrorKind.DUPLICATE_KEY);
        assertThat(d.classify(new SQLException("value too long", "22001"))).isEqualTo(ErrorKind.DATA);
        assertThat(d.classify(new SQLException("check violation", "23514"))).isEqualTo(ErrorKind.DATA);
        assertThat(d.classify(new SQLException("deadlock detected", "40P01"))).isEqualTo(ErrorKind.TRANSIENT);
        assertThat(d.classify(new SQLException("terminating connection due to administrator command", "57P01"))).isEqualTo(ErrorKind.TRANSIENT);
        assertThat(d.classify(new SQLException("I/O error", "08006"))).isEqualTo(ErrorKind.TRANSIENT);
        assertThat(new MySqlDialect().classify(new SQLException("Duplicate entry", "23000", 1062))).isEqualTo(ErrorKind.DUPLICATE_KEY);
        assertThat(new MySqlDialect().classify(new SQLException("Data too long", "22001", 1406))).isEqualTo(ErrorKind.DATA);
    }
}
