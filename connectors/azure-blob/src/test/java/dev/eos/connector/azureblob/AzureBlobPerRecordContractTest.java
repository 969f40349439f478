package dev.eos.connector.azureblob;

import dev.eos.spi.SinkRecord;
import dev.eos.testkit.SinkContractTest;
import dev.eos.testkit.StoredRecord;

import java.util.List;
import java.util.Map;

/** The contract kit against Azurite, one object per record ({@code records/{key}.json}), account-key auth. */
class AzureBlobPerRecordContractTest extends SinkContractTest {

    private BlobTestTarget target;

    @Override
    protected String sinkName() {
        return "azure-blob";
    }

    @Override
    protected Map<String, String> sinkProperties() {
        target = new BlobTestTarget();
        return target.accountKeyProperties("per-record", "records/{key}.json");
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

    /**
     * One request per record, and one to read each back, against one Azurite process that serves about 100 to 200
     * requests a second here: 1,000 records keep the test near 15 seconds. The per-batch test writes 100,000.
     */
    @Override
    protected int largeBatchSize() {
        return 1_000;
    }
}
