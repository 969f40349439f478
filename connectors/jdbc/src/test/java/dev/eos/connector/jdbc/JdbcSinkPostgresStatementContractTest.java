package dev.eos.connector.jdbc;

import java.util.Map;

/** The sink contract on real PostgreSQL with {@code write-path=statement}: the insert-if-absent statement only. */
class JdbcSinkPostgresStatementContractTest extends JdbcSinkPostgresContractTest {

    @Override
    protected Map<String, String> sinkProperties() {
        Map<String, String> props = super.sinkProperties();
        props.put("eos.sink.jdbc.write-path", "statement");
        return props;
    }

    /** The bulk variant runs the kit's full size; a fifth here keeps the module's test time lean. */
    @Override
    protected int largeBatchSize() {
        return 20_000;
    }
}
