package dev.eos.runtime;

import org.apache.spark.streaming.StreamingContextState;
import org.apache.spark.streaming.api.java.JavaStreamingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/**
 * Stops the job's streaming context gracefully when the JVM is asked to stop (SIGTERM, Ctrl-C): no new batch is
 * started, the batches already received are written and checkpointed, then Spark stops.
 *
 * <p>Spark's own {@code spark.streaming.stopGracefullyOnShutdown} cannot do this: its hook runs after the
 * executor's shutdown hook, which stops the task threads under the batch being written (the batch fails with a
 * {@code RejectedExecutionException} and the stop waits out {@code spark.streaming.gracefulStopTimeout}). This hook
 * is registered with Hadoop's shutdown hook manager, which runs Spark's hooks (executor, streaming, SparkContext)
 * as one hook at priority {@value #SPARK_HOOKS_PRIORITY}; at {@value #PRIORITY} it runs before all of them, with a
 * timeout of its own: {@code spark.streaming.gracefulStopTimeout} (default ten batch intervals) plus a minute to
 * stop Spark.
 */
final class GracefulStop {

    private static final Logger LOG = LoggerFactory.getLogger(GracefulStop.class);

    /** Spark's hooks as one, in Hadoop's manager: {@code FileSystem.SHUTDOWN_HOOK_PRIORITY + 30}. */
    static final int SPARK_HOOKS_PRIORITY = 40;

    /** Before Spark's hooks (higher runs first), after none that matters. */
    static final int PRIORITY = SPARK_HOOKS_PRIORITY + 10;

    private static final long STOP_MARGIN_MS = 60_000;

    private GracefulStop() {
    }

    /** Registers the graceful stop of {@code ssc} for the JVM's shutdown; does nothing there if it stopped before. */
    static void register(JavaStreamingContext ssc) {
        long batchMs = ssc.ssc().graph().batchDuration().milliseconds();
        long graceMs = ssc.sparkContext().getConf().getTimeAsMs("spark.streaming.gracefulStopTimeout",
                (10 * batchMs) + "ms");
        org.apache.hadoop.util.ShutdownHookManager.get().addShutdownHook(() -> stop(ssc), PRIORITY,
                graceMs + STOP_MARGIN_MS, TimeUnit.MILLISECONDS);
    }

    private static void stop(JavaStreamingContext ssc) {
        if (ssc.getState() != StreamingContextState.ACTIVE) {
            return;
        }
        long start = System.nanoTime();
        System.err.println("eos: stopping gracefully: writing the batches already received, then stopping");
        LOG.info("Stopping gracefully (the JVM is shutting down): writing the batches already received first");
        ssc.stop(true, true);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        System.err.println("eos: stopped gracefully in " + millis + " ms");
        LOG.info("Stopped gracefully in {} ms", millis);
    }
}
