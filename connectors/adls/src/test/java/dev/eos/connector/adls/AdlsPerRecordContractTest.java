package dev.eos.connector.adls;

import dev.eos.spi.SinkRecord;
import dev.eos.testkit.SinkContractTest;
import dev.eos.testkit.StoredRecord;
import org.junit.jupiter.api.AfterEach;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract kit through the dfs write path (create, append, flush, rename) against {@link AdlsDfsEndpointDouble},
 * one file per record under directories made from the key's first characters.
 */
class AdlsPerRecordContractTest extends SinkContractTest {

    private AdlsTestTarget target;

    @Override
    protected String sinkName() {
        return "adls";
    }

    @Override
    protected Map<String, String> sinkProperties() {
        target = new AdlsTestTarget();
        return target.properties("per-record", "records/{key}.json");
    }

    @Override
    protected List<StoredRecord> readBack() {
        return target.perRecord("records/", ".json");
    }

    /** A key so long that its object path passes the service's 1,024-character limit: a data error. */
    @Override
    protected SinkRecord invalidRecord() {
        return SinkRecord.builder("k".repeat(1_100)).value("{}").build();
    }

    /** Four requests per record through an in-process double: 5,000 records keep the test short. */
    @Override
    protected int largeBatchSize() {
        return 5_000;
    }

    @AfterEach
    void theDoubleWasAskedNothingItDoesNotImplement() {
        assertThat(target.dfs.unsupportedRequests()).isEmpty();
    }
}
