package dev.eos.runtime;

import java.util.concurrent.CountDownLatch;

/**
 * Holds a recovered stream's batches until {@code StreamingContext.start()} has returned.
 *
 * <p>Spark's recovery ({@code JobGenerator.restart}) generates the batches of the down time on the thread that
 * called {@code start()}, while its event loop is already running and the first restored batches already execute.
 * When such a batch completes, the event loop writes a checkpoint. That checkpoint takes the input streams' batch
 * list ({@code updateCheckpointData}) and their positions (serialization) in two separate steps, and a batch
 * generated between them is missing from the list while the position already counts it: the Kafka direct stream
 * then records offsets past a batch it does not hold. A driver that dies before the next checkpoint recovers from
 * that one and never reads the missing batch. The crash loop's repeated crashes during recovery lost a whole batch
 * that way. Holding every batch until {@code start()} returns means no checkpoint is written while recovery still
 * generates batches; afterwards batches are generated and checkpointed on the event loop alone, one after the other.
 *
 * <p>One gate per JVM: the job's output operation is written into the checkpoint, so it reaches the gate through
 * this class, not through a field.
 */
final class RecoveryGate {

    private static volatile CountDownLatch started = new CountDownLatch(0);

    private RecoveryGate() {
    }

    /** Called before the context is created or recovered: batches wait from now on. */
    static void close() {
        started = new CountDownLatch(1);
    }

    /** Called when {@code start()} has returned, or failed: batches may run. */
    static void open() {
        started.countDown();
    }

    /** Called by each batch before it writes: waits while the gate is closed. */
    static void awaitOpen() {
        try {
            started.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the stream was starting", e);
        }
    }
}
