package dev.eos.spi;

/**
 * An idempotent sink: one instance per JVM per configuration, created by {@link SinkProvider#create(Config)}.
 *
 * <h2>Lifecycle</h2>
 * <ol>
 *   <li>Created on the driver and on each executor; it may open clients and pools lazily or at once.</li>
 *   <li>{@link #preflight()} once, on the driver, before the stream starts.</li>
 *   <li>{@link #open(WriteContext)} for every partition of every batch attempt, from many task threads at
 *       once, for as long as the JVM lives.</li>
 *   <li>{@link #close()} when the JVM shuts down or the host discards the configuration; no call follows it.</li>
 * </ol>
 *
 * <h2>Thread safety</h2>
 * A sink is shared by every task of its JVM: {@link #open(WriteContext)} must be safe to call concurrently.
 *
 * <h2>Idempotency</h2>
 * The writers a sink opens must, together, keep exactly one copy of each record key, whatever mix of these
 * happens to the same partition of the same batch:
 * <ul>
 *   <li>written again after it committed (replay after a driver restart);</li>
 *   <li>written again after an earlier attempt stopped mid-batch without committing (task retry, crash);</li>
 *   <li>written by two attempts at the same time, in this or another JVM (speculative execution).</li>
 * </ul>
 * A sink's documentation states what "one copy" means for its backend and what a reader may observe while a
 * batch is being written.
 */
public interface Sink extends AutoCloseable {

    /**
     * Checks, on the driver, that the deployment can work before any data flows: the backend is reachable,
     * the target (table, container, directory, column family) exists or was created as configured, the
     * structures idempotency relies on (a unique key, a writable path) are in place, and the credentials allow
     * writing. The default does nothing.
     *
     * @throws ConfigException when the deployment cannot give the guarantee, naming what to fix
     * @throws RetriableSinkException when the backend is not reachable right now
     */
    default void preflight() {
    }

    /**
     * Where this sink writes, for messages such as "no answer within 30s from ...": a URL, host or path without
     * credentials (a JDBC URL without its password, a storage account's URL and container). Empty when there is
     * nothing to name; the default is empty. Never a secret.
     */
    default String endpoint() {
        return "";
    }

    /**
     * Opens a writer for one partition of one batch attempt.
     *
     * @throws RetriableSinkException when the backend is not reachable right now
     * @throws SinkException for any other failure
     */
    SinkWriter open(WriteContext context);

    /** Releases clients and pools. Must not throw for a sink that is already closed. */
    @Override
    void close();
}
