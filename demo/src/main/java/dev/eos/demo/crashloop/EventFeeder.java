package dev.eos.demo.crashloop;

import java.util.List;
import java.util.Map;

/**
 * Puts events where the job's source reads them, while the job runs and while it is down. One implementation per
 * source: {@link FilesEventFeeder} for {@code eos.source=files}, {@link KafkaEventFeeder} for
 * {@code eos.source=kafka}.
 *
 * <p>Called from one thread. An event counts as produced once {@link #feed(List)} returned: an implementation
 * must make the events durable and visible to the source by then (a file renamed into place, a record
 * acknowledged by the broker). A feed that throws produced nothing the harness will look for, so it must not
 * leave a partial, visible group of events behind.
 */
public interface EventFeeder extends AutoCloseable {

    /** The job keys that point the job's source at this feeder ({@code eos.source=...} and its options). */
    Map<String, String> sourceProperties();

    /** Called once before the job first starts: create the directory, topic, and so on. */
    default void prepare() throws Exception {
    }

    /**
     * Makes these events available to the source. Each payload is one event (one line of text, no line breaks),
     * and is what the sink is expected to store for it.
     */
    void feed(List<String> payloads) throws Exception;

    /** Releases clients; called once at the end of the run. */
    @Override
    default void close() throws Exception {
    }
}
