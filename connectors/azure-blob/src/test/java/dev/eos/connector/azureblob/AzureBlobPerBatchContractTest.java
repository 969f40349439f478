package dev.eos.connector.azureblob;

import dev.eos.testkit.Capability;
import dev.eos.testkit.SinkContractTest;
import dev.eos.testkit.StoredRecord;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The contract kit against Azurite, one JSON-lines object per partition per batch, connection-string auth, with
 * a small block size so that the 100,000-record batch is staged as blocks and committed as a block list.
 */
class AzureBlobPerBatchContractTest extends SinkContractTest {

    private BlobTestTarget target;

    @Override
    protected String sinkName() {
        return "azure-blob";
    }

    @Override
    protected Map<String, String> sinkProperties() {
        target = new BlobTestTarget();
        Map<String, String> props = new java.util.HashMap<>(
                target.connectionStringProperties("per-batch", "batches/{batch-time:yyyy-MM-dd}/{range}.jsonl"));
        props.put(BlobTestTarget.PREFIX + "block-size", String.valueOf(1024 * 1024));
        return props;
    }

    @Override
    protected List<StoredRecord> readBack() {
        return target.perBatch();
    }

    /** Every record has a place in a JSON-lines object: none is invalid. */
    @Override
    protected Set<Capability> capabilities() {
        return EnumSet.of(Capability.DETECTS_DUPLICATES, Capability.SECRET_OPTIONS);
    }
}
