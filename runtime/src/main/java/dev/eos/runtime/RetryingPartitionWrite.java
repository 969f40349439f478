package dev.eos.runtime;

import dev.eos.runtime.scrub.Scrubber;
import dev.eos.runtime.config.JobOptions.Tolerance;
import dev.eos.runtime.config.SinkSettings;
import dev.eos.runtime.crash.CrashPoint;
import dev.eos.runtime.crash.CrashPoints;
import dev.eos.spi.RetriableSinkException;
import dev.eos.spi.Sink;
import dev.eos.spi.SinkDataException;
import dev.eos.spi.SinkException;
import dev.eos.spi.SinkRecord;
import dev.eos.spi.SinkWriter;
import dev.eos.spi.WriteContext;
import dev.eos.spi.WriteResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The retry and dead-letter loop around the {@link SinkWriter}s of one partition of one batch, on an executor:
 * {@code open / write... / commit / close} on the sink, bad
 * records to the dead-letter sink (as a {@link DeadLetter}, its reason logged at WARN), and a transient failure ({@link RetriableSinkException}) retried by replaying
 * the partition in a new writer after a bounded exponential backoff. The partition's records are kept in memory
 * for the replay (up to {@code eos.retry.buffer-records}); past that a transient failure fails the task at once
 * and Spark re-reads the partition.
 */
final class RetryingPartitionWrite {

    private static final Logger LOG = LoggerFactory.getLogger(RetryingPartitionWrite.class);

    private final SinkBinding sinks;
    private final SinkSettings settings;
    private final WriteContext context;
    private final Iterator<RecordOrError> input;
    private List<RecordOrError> buffer = new ArrayList<>();

    private RetryingPartitionWrite(SinkBinding sinks, WriteContext context, Iterator<RecordOrError> input) {
        this.sinks = sinks;
        this.settings = sinks.settings();
        this.context = context;
        this.input = input;
    }

    /**
     * Writes the partition; returns only when its records are committed to the sink (and bad ones to the
     * dead-letter sink).
     *
     * @param context batch time, partition, offset ranges; its attempt is the task's attempt number
     * @throws SinkException when the retry budget runs out, a bad record meets {@code eos.errors.tolerance=none},
     *     or the sink fails otherwise
     */
    static PartitionCounts run(SinkBinding sinks, WriteContext context, Iterator<RecordOrError> input) {
        return new RetryingPartitionWrite(sinks, context, input).run();
    }

    private PartitionCounts run() {
        Duration backoff = settings.retryBackoff();
        for (int attempt = 0; ; attempt++) {
            try {
                return attempt(attempt);
            } catch (RetriableSinkException e) {
                int left = settings.retryAttempts() - attempt - 1;
                if (buffer == null) {
                    throw new SinkException("Partition " + context.partition() + " of batch " + context.batchTime()
                            + " failed transiently and has more than eos.retry.buffer-records="
                            + settings.retryBufferRecords() + " records to replay in this task; failing the task so "
                            + "that Spark retries it: " + Scrubber.scrub(e.getMessage()), e);
                }
                if (left <= 0) {
                    throw new SinkException("Partition " + context.partition() + " of batch " + context.batchTime()
                            + " still failed after " + settings.retryAttempts() + " attempts (eos.retry.attempts): "
                            + Scrubber.scrub(e.getMessage()), e);
                }
                LOG.warn("Partition {} of batch {}: transient sink failure ({}); retrying in {} ms ({} attempt(s) "
                        + "left)", context.partition(), context.batchTime(), e.getMessage(), backoff.toMillis(), left);
                sleep(backoff);
                backoff = backoff.multipliedBy(2);
                if (backoff.compareTo(settings.retryMaxBackoff()) > 0) {
                    backoff = settings.retryMaxBackoff();
                }
            }
        }
    }

    private PartitionCounts attempt(int retry) {
        WriteContext attemptContext = new WriteContext(context.batchTime(), context.partition(),
                context.attempt() * settings.retryAttempts() + retry, context.offsetRanges());
        Attempt a = new Attempt(attemptContext);
        try {
            a.main = sinks.sink().open(attemptContext);
            if (buffer != null) {
                for (RecordOrError p : buffer) {
                    a.process(p);
                }
            }
            while (input.hasNext()) {
                RecordOrError p = input.next();
                if (buffer != null) {
                    buffer.add(p);
                    if (buffer.size() > settings.retryBufferRecords()) {
                        buffer = null;
                    }
                }
                a.process(p);
            }
            reach(CrashPoint.BEFORE_COMMIT, a.records);
            WriteResult result = a.main.commit();
            for (WriteResult.RejectedRecord rejected : result.rejected()) {
                a.deadLetter(rejected.record(), rejected.reason(), SinkDataException.class.getName());
            }
            if (a.deadLetters != null) {
                a.deadLetters.commit();
            }
            reach(CrashPoint.AFTER_COMMIT, a.records);
            return new PartitionCounts(a.records, result.written(), result.duplicates(), a.deadLettered);
        } finally {
            a.close();
        }
    }

    /** A crash point of this partition, reached only when it had records (a test aims at a write in flight). */
    private void reach(CrashPoint point, long records) {
        if (records > 0) {
            CrashPoints.reach(point, context.batchTime().toEpochMilli(), context.partition(), context.attempt());
        }
    }

    /** One attempt's writers and counts. */
    private final class Attempt {
        private final WriteContext context;
        private SinkWriter main;
        private SinkWriter deadLetters;
        private long records;
        private long deadLettered;

        Attempt(WriteContext context) {
            this.context = context;
        }

        void process(RecordOrError p) {
            records++;
            if (p.isBad()) {
                deadLetter(p.record(), p.errorReason(), p.errorClass());
                return;
            }
            try {
                main.write(p.record());
            } catch (SinkDataException e) {
                deadLetter(p.record(), e.reason(), e.getClass().getName());
            }
        }

        void deadLetter(SinkRecord record, String unscrubbedReason, String errorClass) {
            String reason = Scrubber.scrub(unscrubbedReason);
            if (settings.tolerance() == Tolerance.NONE || settings.deadLetterSink() == null) {
                throw new SinkException("Bad record \"" + record.key() + "\""
                        + record.position().map(pos -> " at " + pos).orElse("") + ": " + reason
                        + ". The job stops (eos.errors.tolerance=none); to send bad records to a dead-letter sink "
                        + "instead, set eos.errors.tolerance=all and eos.errors.dead-letter.sink");
            }
            if (deadLetters == null) {
                Sink sink = sinks.deadLetterSink();
                deadLetters = sink.open(context);
            }
            try {
                deadLetters.write(DeadLetter.of(record, reason, errorClass, context));
            } catch (SinkDataException e) {
                throw new SinkException("The dead-letter sink " + settings.deadLetterSink() + " rejected bad record \""
                        + record.key() + "\" (" + e.reason() + "); it was rejected because: " + reason, e);
            }
            deadLettered++;
            LOG.warn(DeadLetter.describe(record, reason, errorClass, context));
        }

        void close() {
            closeQuietly(main);
            closeQuietly(deadLetters);
        }
    }

    private static void closeQuietly(SinkWriter writer) {
        if (writer == null) {
            return;
        }
        try {
            writer.close();
        } catch (RuntimeException e) {
            LOG.warn("Closing a sink writer failed: {}", e.toString());
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SinkException("Interrupted while backing off before a retry", e);
        }
    }
}
