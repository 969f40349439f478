package dev.eos.spi;

import java.io.Serializable;
import java.util.Objects;

/**
 * A password, account key, SAS token or connection string. Its {@link #toString()} is {@value #HIDDEN}, so a
 * secret printed by mistake (in a log line, an exception, a configuration dump) shows nothing. Call
 * {@link #reveal()} only where the value is handed to the backend's client.
 */
public final class Secret implements Serializable {

    /** What a secret prints as. */
    public static final String HIDDEN = "[hidden]";

    private final String value;

    public Secret(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    /** The secret's value, to hand to a client. Never log it, never put it in a message. */
    public String reveal() {
        return value;
    }

    public boolean isEmpty() {
        return value.isEmpty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret other && value.equals(other.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return HIDDEN;
    }
}
