package dev.eos.demo.crashloop;

import java.util.List;

/**
 * Reads what a sink holds, for the crash loop's drain and final comparison. One per sink, supplied by
 * the sink's integration test ({@link FilesSinkStateReader} for the files sink).
 */
@FunctionalInterface
public interface SinkStateReader {

    /**
     * Every stored copy, as the payload of the event it came from, in any order: a payload stored twice appears
     * twice. Called while the job runs (must not fail on a half-written batch) and after it stopped.
     */
    List<String> storedPayloads() throws Exception;

    /**
     * How many copies are stored. Tests poll it while the job runs, so override it with something cheaper than
     * reading everything when the sink allows (a file count, a {@code count(*)}).
     */
    default long storedCount() throws Exception {
        return storedPayloads().size();
    }
}
