package dev.eos.connector.jdbc;

import java.util.Map;

/** The sink contract on real MariaDB with {@code write-path=statement}: {@code ON DUPLICATE KEY UPDATE k = k} only. */
class JdbcSinkMariaDbStatementContractTest extends JdbcSinkMariaDbContractTest {

    @Override
    protected Map<String, String> sinkProperties() {
        Map<String, String> props = super.sinkProperties();
        props.put("eos.sink.jdbc.write-path", "statement");
        return props;
    }
}
