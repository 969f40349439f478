package dev.eos.runtime;

/** A started job, on either engine ({@link EosJob#launch()}): the launcher waits for it and stops it. */
public interface RunningJob {

    /**
     * Waits until the job stops: stopped gracefully, finished ({@code eos.trigger=available-now}) or failed.
     *
     * @throws Exception the reason the job failed
     */
    void awaitTermination() throws Exception;

    /** Stops the job now, without waiting for the batch being written (it is written again on the next start). */
    void stop();
}
