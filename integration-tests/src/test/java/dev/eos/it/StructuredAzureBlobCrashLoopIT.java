package dev.eos.it;

/**
 * {@link AzureBlobCrashLoopIT} on the structured engine: the files source read as a directory stream, each line keyed
 * by its file and line as on the DStream engine, one object per record on Azurite, the job dying at every crash point
 * as placed in the structured engine (docs/operations.md#crash-points).
 */
class StructuredAzureBlobCrashLoopIT extends AzureBlobCrashLoopIT {

    @Override
    protected String engine() {
        return "structured";
    }
}
