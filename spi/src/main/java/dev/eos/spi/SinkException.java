package dev.eos.spi;

/**
 * Base of every exception a sink throws on purpose. A plain {@code SinkException} fails the current attempt; the
 * subtypes say more:
 * <ul>
 *   <li>{@link RetriableSinkException}: transient, the host backs off and replays the partition;</li>
 *   <li>{@link SinkDataException}: one record is bad, the host dead-letters it and goes on;</li>
 *   <li>{@link ConfigException}: the configuration or deployment is wrong, the job must not start.</li>
 * </ul>
 * Messages must never contain a secret's value: name the option, never print what it holds.
 */
public class SinkException extends RuntimeException {

    public SinkException(String message) {
        super(message);
    }

    public SinkException(String message, Throwable cause) {
        super(message, cause);
    }
}
