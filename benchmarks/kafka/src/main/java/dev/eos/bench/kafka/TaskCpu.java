package dev.eos.bench.kafka;

import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The CPU time of the tasks that ended in this JVM's Spark (deserializing and running them), summed: registered with
 * {@code spark.extraListeners}, read and reset by the benchmark around each measured write. On a machine shared with
 * other work it varies less than wall time.
 */
public final class TaskCpu extends SparkListener {

    private static final AtomicLong NANOS = new AtomicLong();

    @Override
    public void onTaskEnd(SparkListenerTaskEnd end) {
        if (end.taskMetrics() != null) {
            NANOS.addAndGet(end.taskMetrics().executorCpuTime() + end.taskMetrics().executorDeserializeCpuTime());
        }
    }

    /** The CPU seconds summed since the last call, and a new sum started. */
    static double takeSeconds() {
        return NANOS.getAndSet(0) / 1e9;
    }
}
