package dev.eos.connector.jdbc;

import dev.eos.connector.jdbc.dialect.MySqlDialect;
import dev.eos.spi.ConfigException;
import dev.eos.spi.Sink;
import dev.eos.spi.SinkException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * MySQL and MariaDB through the bundled MariaDB Connector/J, without a server (none can be started from Maven Central
 * here): the driver takes both URL schemes, the MySQL dialect is chosen, a refused connection is one clean message,
 * and a URL no driver takes is one configuration problem naming the key, its password masked.
 */
class MariaDbDriverTest {

    @Test
    void theBundledDriverTakesMariadbAndMysqlUrls() throws SQLException {
        MySqlDialect dialect = new MySqlDialect();
        String mysql = dialect.connectionUrl("jdbc:mysql://db:3306/shop");

        Driver forMariadb = DriverManager.getDriver(dialect.connectionUrl("jdbc:mariadb://db:3306/shop"));
        Driver forMysql = DriverManager.getDriver(mysql);

        assertThat(forMariadb.getClass().getName()).isEqualTo("org.mariadb.jdbc.Driver");
        assertThat(forMysql.getClass().getName()).isEqualTo("org.mariadb.jdbc.Driver");
        assertThat(mysql).isEqualTo("jdbc:mysql://db:3306/shop?permitMysqlScheme");
        assertThat(dialect.connectionUrl("jdbc:mysql://db/shop?useSSL=false"))
                .isEqualTo("jdbc:mysql://db/shop?useSSL=false&permitMysqlScheme");
        assertThat(Dialects.forUrl("jdbc:mysql://db/shop")).isInstanceOf(MySqlDialect.class);
        assertThat(Dialects.forUrl("jdbc:mariadb://db/shop")).isInstanceOf(MySqlDialect.class);
    }

    @Test
    void aRefusedConnectionIsOneMessageWithoutThePassword() throws IOException {
        int port = closedPort();
        try (Sink sink = Sinks.create(properties("jdbc:mysql://app:Refused-pw-31@127.0.0.1:" + port + "/shop"))) {
            SinkException e = catchThrowableOfType(SinkException.class, sink::preflight);

            assertThat(e.getMessage()).startsWith("Cannot get a connection to the database at jdbc:mysql://app:[hidden]@")
                    .doesNotContain("Refused-pw-31").doesNotContain("\n");
            for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
                assertThat(String.valueOf(t.getMessage())).doesNotContain("Refused-pw-31");
            }
        }
    }

    @Test
    void aRefusedConnectionWithThePasswordAsAUrlParameter() throws IOException {
        int port = closedPort();
        try (Sink sink = Sinks.create(properties("jdbc:mariadb://127.0.0.1:" + port + "/shop?user=app&password=Param-pw-33"))) {
            SinkException e = catchThrowableOfType(SinkException.class, sink::preflight);

            assertThat(e.getMessage()).startsWith("Cannot get a connection to the database at ")
                    .doesNotContain("Param-pw-33").doesNotContain("\n");
            for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
                assertThat(String.valueOf(t.getMessage())).doesNotContain("Param-pw-33");
            }
        }
    }

    @Test
    void aUrlNoDriverTakesIsOneProblemNamingTheKey() {
        try (Sink sink = Sinks.create(properties("jdbc:nosuchdb://app:Nodriver-pw-32@127.0.0.1/shop"))) {
            ConfigException e = catchThrowableOfType(ConfigException.class, sink::preflight);

            assertThat(e.problems()).hasSize(1);
            assertThat(e.problems().get(0)).contains("eos.sink.jdbc.url")
                    .contains("jdbc:nosuchdb://app:[hidden]@127.0.0.1/shop").contains("no JDBC driver")
                    .doesNotContain("Nodriver-pw-32");
        }
    }

    private static Map<String, String> properties(String url) {
        return Map.of("eos.sink.jdbc.url", url, "eos.sink.jdbc.table", "events", "eos.sink.jdbc.key-columns", "id",
                "eos.sink.jdbc.pool.connection-timeout", "1s");
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
