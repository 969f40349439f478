package dev.eos.connector.jdbc;

import java.util.Map;

/**
 * The sink contract on real PostgreSQL in mode upsert ({@code ON CONFLICT ... DO UPDATE ... WHERE}), the version
 * column {@code ver} fed from the record's {@code seq} field. The version rule itself is checked by
 * {@link JdbcUpsertPostgresTest}.
 */
class JdbcSinkPostgresUpsertContractTest extends JdbcSinkPostgresContractTest {

    @Override
    protected Map<String, String> sinkProperties() {
        Map<String, String> props = super.sinkProperties();
        pg.execute("ALTER TABLE " + table + " ADD COLUMN ver bigint");
        props.put("eos.sink.jdbc.mode", "upsert");
        props.put("eos.sink.jdbc.version", "ver=field.seq");
        return props;
    }

    @Override
    protected int largeBatchSize() {
        return 20_000;
    }
}
