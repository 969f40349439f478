package dev.eos.it.jdbc;

/**
 * {@link JdbcCrashLoopIT} on the structured engine: the files source read as a directory stream, each line keyed by
 * its file and line as on the DStream engine, into the same PostgreSQL table, the job dying at every crash point as
 * placed in the structured engine (docs/operations.md#crash-points).
 */
class StructuredJdbcCrashLoopIT extends JdbcCrashLoopIT {

    @Override
    protected String engine() {
        return "structured";
    }
}
