package dev.eos.spi;

/**
 * A transient failure: a timeout, throttling, a deadlock victim, a node or region server that is down. The host
 * abandons the writer, waits with bounded exponential backoff, and replays the partition in a new writer. When
 * the retry budget runs out the task fails.
 */
public class RetriableSinkException extends SinkException {

    public RetriableSinkException(String message) {
        super(message);
    }

    public RetriableSinkException(String message, Throwable cause) {
        super(message, cause);
    }
}
