package dev.eos.connector.jdbc;

/** What a failed statement means to the sink; a {@link JdbcDialect} classifies its database's errors. */
public enum ErrorKind {
    /** A unique constraint refused a row: another writer inserted the same key first. Retried; counted as a duplicate. */
    DUPLICATE_KEY,
    /** One row's data is bad (too long, wrong type, NOT NULL, CHECK): the batch is split to find and reject that row. */
    DATA,
    /** Transient: connection lost, deadlock victim, serialization failure, server shutting down. Retried, then replayed. */
    TRANSIENT,
    /** Anything else (missing permission, changed schema): the attempt fails. */
    OTHER
}
