package dev.eos.connector.jdbc;

import java.util.Map;

/**
 * The sink contract on real MariaDB in mode upsert ({@code ON DUPLICATE KEY UPDATE c = IF(ver < VALUES(ver), ...)}),
 * the version column {@code ver} fed from the record's {@code seq} field. The version rule itself is checked by
 * {@link JdbcUpsertMariaDbTest}.
 */
class JdbcSinkMariaDbUpsertContractTest extends JdbcSinkMariaDbContractTest {

    @Override
    protected Map<String, String> sinkProperties() {
        Map<String, String> props = super.sinkProperties();
        db.execute("ALTER TABLE " + table + " ADD COLUMN ver bigint");
        props.put("eos.sink.jdbc.mode", "upsert");
        props.put("eos.sink.jdbc.version", "ver=field.seq");
        return props;
    }
}
