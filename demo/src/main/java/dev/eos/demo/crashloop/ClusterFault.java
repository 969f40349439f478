package dev.eos.demo.crashloop;

/** A fault a {@link ClusterCrashRun} injects into a job running on a Spark standalone cluster, in this order. */
public enum ClusterFault {
    /** An executor halts at the {@code before-commit} crash point (records written, not committed), once. */
    EXECUTOR_CRASH_POINT("an executor halted at the before-commit crash point"),
    /** An executor JVM is SIGKILLed ({@code kill -9}) while one of its tasks is inside the slowed attempt. */
    EXECUTOR_KILLED("an executor SIGKILLed mid-batch"),
    /**
     * Speculative execution on, the first attempt of partition 0 of every batch slowed by a delay point: Spark starts
     * a second attempt of the partition in another executor while the first still runs.
     */
    SPECULATIVE_ATTEMPT("a speculative second attempt of a slowed task"),
    /** A task of a lost executor is retried on another executor ({@code spark.task.maxFailures} > 1). */
    TASK_RETRIED("a failed task retried on another executor"),
    /** The driver ({@code --deploy-mode cluster --supervise}) is SIGKILLed; its Worker relaunches it. */
    DRIVER_KILLED("the supervised driver SIGKILLed and relaunched"),
    /** The Worker that does not run the driver is stopped for good; the job finishes on the other. */
    WORKER_STOPPED("a worker stopped for good");

    private final String text;

    ClusterFault(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }
}
