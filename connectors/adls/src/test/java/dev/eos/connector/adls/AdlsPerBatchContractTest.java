package dev.eos.connector.adls;

import dev.eos.testkit.Capability;
import dev.eos.testkit.SinkContractTest;
import dev.eos.testkit.StoredRecord;
import org.junit.jupiter.api.AfterEach;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract kit through the dfs write path against {@link AdlsDfsEndpointDouble}, one JSON-lines file per
 * partition per batch; a small block size makes the 100,000-record batch several appends before the flush.
 */
class AdlsPerBatchContractTest extends SinkContractTest {

    private AdlsTestTarget target;

    @Override
    protected String sinkName() {
        return "adls";
    }

    @Override
    protected Map<String, String> sinkProperties() {
        target = new AdlsTestTarget();
        Map<String, String> props = target.properties("per-batch", "batches/{batch-time:yyyy/MM/dd}/{range}.jsonl");
        props.put(AdlsTestTarget.PREFIX + "block-size", String.valueOf(1024 * 1024));
        return props;
    }

    @Override
    protected List<StoredRecord> readBack() {
        return target.perBatch();
    }

    @Override
    protected Set<Capability> capabilities() {
        return EnumSet.of(Capability.DETECTS_DUPLICATES, Capability.SECRET_OPTIONS);
    }

    @AfterEach
    void theDoubleWasAskedNothingItDoesNotImplement() {
        assertThat(target.dfs.unsupportedRequests()).isEmpty();
    }
}
