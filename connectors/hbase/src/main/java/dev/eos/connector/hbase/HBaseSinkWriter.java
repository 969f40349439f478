package dev.eos.connector.hbase;

import dev.eos.connector.hbase.PutMapper.RecordPut;
import dev.eos.spi.RetriableSinkException;
import dev.eos.spi.SinkDataException;
import dev.eos.spi.SinkException;
import dev.eos.spi.SinkRecord;
import dev.eos.spi.SinkWriter;
import dev.eos.spi.WriteContext;
import dev.eos.spi.WriteResult;
import dev.eos.spi.WriteResult.RejectedRecord;
import org.apache.hadoop.hbase.DoNotRetryIOException;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.TableNotEnabledException;
import org.apache.hadoop.hbase.TableNotFoundException;
import org.apache.hadoop.hbase.client.BufferedMutator;
import org.apache.hadoop.hbase.client.RetriesExhaustedWithDetailsException;
import org.apache.hadoop.hbase.client.Row;
import org.apache.hadoop.hbase.regionserver.NoSuchColumnFamilyException;
import org.apache.hadoop.hbase.security.AccessDeniedException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Writes one partition of one batch through a {@link BufferedMutator}: each record becomes one put with a
 * deterministic timestamp, so a replay rewrites the same cell versions.
 *
 * <p>Failures the mutator reports per row are told apart: a row the server refuses for its content (a
 * {@link DoNotRetryIOException} such as a cell above the server's size limit) is rejected, and reported in
 * {@link WriteResult#rejected()}; a missing table or family, or missing permissions, fail the attempt; anything else
 * (region server down, timeouts, retries exhausted) is a {@link RetriableSinkException}. A writer abandoned without
 * commit is dropped without flushing: what it already sent is replayed idempotently.
 */
final class HBaseSinkWriter implements SinkWriter {

    private final TableName table;
    private final PutMapper mapper;
    private final WriteContext context;
    private final BufferedMutator mutator;
    private final Queue<RetriesExhaustedWithDetailsException> failures;
    private final List<RejectedRecord> rejected = new ArrayList<>();
    private long accepted;
    private boolean committed;
    private boolean closed;

    HBaseSinkWriter(TableName table, PutMapper mapper, WriteContext context, BufferedMutator mutator,
                    Queue<RetriesExhaustedWithDetailsException> failures) {
        this.table = table;
        this.mapper = mapper;
        this.context = context;
        this.mutator = mutator;
        this.failures = failures;
    }

    /** A queue for the mutator's exception listener, which this writer drains after each call. */
    static Queue<RetriesExhaustedWithDetailsException> failureQueue() {
        return new ConcurrentLinkedQueue<>();
    }

    @Override
    public void write(SinkRecord record) {
        requireOpen();
        RecordPut put = mapper.toPut(record);
        try {
            mutator.mutate(put);
        } catch (IllegalArgumentException e) {
            throw new SinkDataException(record, "HBase refused the put: " + e.getMessage(), e);
        } catch (RetriesExhaustedWithDetailsException e) {
            failures.add(e);
        } catch (IOException e) {
            throw new RetriableSinkException("Writing to HBase table " + table + " failed: " + e, e);
        }
        accepted++;
        drainFailures();
    }

    @Override
    public WriteResult commit() {
        requireOpen();
        try {
            mutator.flush();
        } catch (RetriesExhaustedWithDetailsException e) {
            failures.add(e);
        } catch (IOException e) {
            throw new RetriableSinkException("Flushing puts to HBase table " + table + " failed: " + e, e);
        }
        drainFailures();
        committed = true;
        return new WriteResult(accepted - rejected.size(), 0, rejected);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (committed) {
            try {
                mutator.close();
            } catch (IOException e) {
                // everything was flushed by commit(); nothing is lost
            }
        }
    }

    private void requireOpen() {
        if (closed || committed) {
            throw new IllegalStateException("writer of " + context + " is " + (closed ? "closed" : "committed"));
        }
    }

    private void drainFailures() {
        RetriesExhaustedWithDetailsException failure;
        Throwable retriable = null;
        int retriableRows = 0;
        while ((failure = failures.poll()) != null) {
            for (int i = 0; i < failure.getNumExceptions(); i++) {
                Throwable cause = failure.getCause(i);
                Row row = failure.getRow(i);
                if (isDeploymentError(cause)) {
                    throw new SinkException("HBase table " + table + " cannot be written: " + cause.getMessage()
                            + " (check the table, the column family and the permissions)", cause);
                }
                if (cause instanceof DoNotRetryIOException && row instanceof RecordPut put) {
                    rejected.add(new RejectedRecord(put.record(), "HBase refused the row: " + firstLine(cause)));
                } else {
                    retriable = retriable == null ? cause : retriable;
                    retriableRows++;
                }
            }
        }
        if (retriable != null) {
            throw new RetriableSinkException("HBase did not accept " + retriableRows + " row(s) of table " + table
                    + " within the client's retries: " + firstLine(retriable), retriable);
        }
    }

    static boolean isDeploymentError(Throwable cause) {
        return cause instanceof TableNotFoundException || cause instanceof NoSuchColumnFamilyException
                || cause instanceof TableNotEnabledException || cause instanceof AccessDeniedException;
    }

    private static String firstLine(Throwable t) {
        String message = String.valueOf(t.getMessage());
        int nl = message.indexOf('\n');
        return t.getClass().getSimpleName() + ": " + (nl < 0 ? message : message.substring(0, nl));
    }

    @Override
    public String toString() {
        return "HBaseSinkWriter{table=" + table + ", batch=" + context.batchTime() + ", partition="
                + context.partition() + ", attempt=" + context.attempt() + "}";
    }
}
