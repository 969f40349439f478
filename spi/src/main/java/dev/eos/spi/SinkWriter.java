package dev.eos.spi;

/**
 * Writes the records of one partition of one batch attempt.
 *
 * <h2>Lifecycle</h2>
 * <ol>
 *   <li>Obtained from {@link Sink#open(WriteContext)}.</li>
 *   <li>{@link #write(SinkRecord)} for each record of the partition, in source order. A writer may buffer.</li>
 *   <li>{@link #commit()} once, after the last record: everything written becomes durable and visible.</li>
 *   <li>{@link #close()} always, after commit or instead of it. Close without commit abandons the attempt.</li>
 * </ol>
 * A writer may also disappear without {@code close()} (the process was killed). The host then replays the
 * whole partition in a new writer with a higher {@linkplain WriteContext#attempt() attempt}.
 *
 * <h2>Thread safety</h2>
 * A writer is used by one thread at a time; it need not be thread-safe. Different writers of the same sink,
 * also for the same partition and batch, run concurrently.
 *
 * <h2>What a writer must guarantee</h2>
 * <ul>
 *   <li><b>Replay:</b> when the same partition of the same batch is written again, one attempt after the other,
 *       whether or not the earlier one committed, the backend ends with exactly one copy of each record key,
 *       and the later attempt counts the records it found already stored as {@linkplain WriteResult#duplicates()
 *       duplicates} (a sink that cannot tell says so in its documentation and counts them as written).</li>
 *   <li><b>Concurrency:</b> when two attempts write the same partition at the same time, the backend ends with
 *       exactly one copy of each record key; neither attempt fails because of the other.</li>
 *   <li><b>No partial records:</b> a reader never observes a record half-written. Records of an uncommitted
 *       attempt may be observed whole (say so in the sink's documentation); the replay completes the batch.</li>
 *   <li><b>Nothing dropped:</b> each record handed to {@link #write(SinkRecord)} is either stored, found already
 *       stored, or reported as rejected: by a {@link SinkDataException} from {@code write} for that very record,
 *       or in {@link WriteResult#rejected()} from {@code commit} (for records found bad when a buffer is
 *       flushed). Never both, never neither.</li>
 * </ul>
 *
 * <h2>Errors</h2>
 * <ul>
 *   <li>{@link SinkDataException} from {@code write}: this record cannot be written (bad value, too large,
 *       violates a constraint other than the idempotency key). The writer stays usable; the host sends the
 *       record to the dead-letter destination and goes on.</li>
 *   <li>{@link RetriableSinkException}: a transient failure (timeout, throttling, deadlock victim, node down).
 *       The writer is abandoned; the host backs off and replays the partition in a new writer.</li>
 *   <li>any other {@link SinkException} or runtime exception: the attempt fails; the host closes the writer and
 *       fails the task, which Spark retries within its own limits.</li>
 * </ul>
 */
public interface SinkWriter extends AutoCloseable {

    /**
     * Writes or buffers one record.
     *
     * @throws SinkDataException when this record cannot be written; the writer stays usable
     * @throws RetriableSinkException on a transient failure
     */
    void write(SinkRecord record);

    /**
     * Makes every record written so far durable and visible, and says what happened to them. Called once.
     *
     * @return counts that add up to the records accepted by {@link #write(SinkRecord)}
     * @throws RetriableSinkException on a transient failure; nothing is known about what became visible
     */
    WriteResult commit();

    /** Releases what the writer holds; without a prior {@link #commit()} it abandons the attempt. Never throws for a second call. */
    @Override
    void close();
}
