package dev.eos.it.kafka;

/**
 * {@link KafkaCrashLoopIT} on the structured engine: the same transactional topic read by Spark's Kafka source
 * (read-committed), the files sink in per-batch mode (one file per partition per epoch, named by the epoch and the
 * partition: a replayed epoch reads the offsets its log planned, so it rewrites the same files with the same
 * content), the job dying at every crash point as placed in the structured engine (docs/operations.md#crash-points).
 * Spark's Kafka source has no rate limit ({@code max-rate-per-partition} does not apply): after a restart the backlog
 * is one epoch.
 */
class StructuredKafkaCrashLoopIT extends KafkaCrashLoopIT {

    @Override
    protected String engine() {
        return "structured";
    }
}
