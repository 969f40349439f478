package dev.eos.demo.crashloop;

import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The end of a crash run, for the crash loop and the cluster run alike: waiting until a sink holds every event
 * produced, as long as it keeps growing.
 */
final class SinkDrain {

    /** How a wait ended. */
    enum Outcome {
        /** The sink holds every expected payload. */
        ALL_STORED,
        /** The caller's condition said nothing more is coming. */
        GAVE_UP,
        /** The sink did not grow for the stall timeout and still lacks payloads. */
        STALLED
    }

    /** Whether nothing more is coming into the sink; may throw {@link LoopFailure} to end the run. */
    @FunctionalInterface
    interface GiveUp {
        boolean now() throws InterruptedException;
    }

    private SinkDrain() {
    }

    /**
     * Polls {@code sink} until it holds every payload of {@code expected}; or {@code giveUp} says nothing more is
     * coming (asked before each reading, it counts when that reading lacks payloads; it may throw
     * {@link LoopFailure} to end the run, e.g. when the job died); or the
     * number of stored copies has not changed for {@code stallTimeout} (a slow machine only makes the wait longer, as
     * long as the job makes progress). A reading that fails (the backend busy, a batch half-listed) is tried again.
     */
    static Outcome await(SinkStateReader sink, Collection<String> expected, Duration stallTimeout,
                         GiveUp giveUp) throws InterruptedException {
        Set<String> wanted = new HashSet<>(expected);
        long lastCount = -1;
        long stalledSince = System.nanoTime();
        while (System.nanoTime() - stalledSince < stallTimeout.toNanos()) {
            boolean nothingMore = giveUp.now();
            List<String> stored;
            try {
                stored = sink.storedPayloads();
            } catch (Exception e) {
                TimeUnit.MILLISECONDS.sleep(250);
                continue;
            }
            if (new HashSet<>(stored).containsAll(wanted)) {
                return Outcome.ALL_STORED;
            }
            if (nothingMore) {
                return Outcome.GAVE_UP;
            }
            if (stored.size() != lastCount) {
                lastCount = stored.size();
                stalledSince = System.nanoTime();
            }
            TimeUnit.MILLISECONDS.sleep(250);
        }
        return Outcome.STALLED;
    }

    /** The problem a {@link Outcome#STALLED} wait is reported as. */
    static String stalled(Duration stallTimeout) {
        return "the sink stopped growing for " + stallTimeout.toSeconds() + " s without holding every produced event";
    }
}
