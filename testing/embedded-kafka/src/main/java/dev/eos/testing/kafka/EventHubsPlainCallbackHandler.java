package dev.eos.testing.kafka;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.AppConfigurationEntry;

import org.apache.kafka.common.security.auth.AuthenticateCallbackHandler;
import org.apache.kafka.common.security.plain.PlainAuthenticateCallback;

/**
 * The broker side of SASL PLAIN as Azure Event Hubs' Kafka endpoint does it: the one user name accepted is the
 * literal {@value #USER}, and its password must be the namespace's connection string. The expected connection
 * string is the {@value #CONNECTION_STRING_OPTION} option of the listener's JAAS entry
 * ({@code listener.name.<listener>.plain.sasl.jaas.config}); set on the listener with
 * {@code listener.name.<listener>.plain.sasl.server.callback.handler.class}. A test double of Event Hubs'
 * authentication: the comparison is of the whole string, where Event Hubs checks the key against the policy.
 */
public final class EventHubsPlainCallbackHandler implements AuthenticateCallbackHandler {

    /** The user name Event Hubs accepts: the connection string goes in the password. */
    public static final String USER = "$ConnectionString";

    /** The JAAS option of the listener's login module holding the expected connection string. */
    public static final String CONNECTION_STRING_OPTION = "eventHubsConnectionString";

    private byte[] expected;

    @Override
    public void configure(Map<String, ?> configs, String saslMechanism, List<AppConfigurationEntry> jaasConfigEntries) {
        if (!"PLAIN".equals(saslMechanism)) {
            throw new IllegalArgumentException("only PLAIN is handled, not " + saslMechanism);
        }
        Object option = jaasConfigEntries.stream()
                .map(entry -> entry.getOptions().get(CONNECTION_STRING_OPTION))
                .filter(value -> value != null)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the listener's JAAS entry has no "
                        + CONNECTION_STRING_OPTION + " option"));
        expected = String.valueOf(option).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void handle(Callback[] callbacks) throws UnsupportedCallbackException {
        String user = null;
        for (Callback callback : callbacks) {
            if (callback instanceof NameCallback name) {
                user = name.getDefaultName();
            } else if (callback instanceof PlainAuthenticateCallback plain) {
                byte[] given = new String(plain.password()).getBytes(StandardCharsets.UTF_8);
                plain.authenticated(USER.equals(user) && MessageDigest.isEqual(expected, given));
            } else {
                throw new UnsupportedCallbackException(callback);
            }
        }
    }

    @Override
    public void close() {
        expected = null;
    }
}
