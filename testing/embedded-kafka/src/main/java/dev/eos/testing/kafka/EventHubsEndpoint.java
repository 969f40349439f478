package dev.eos.testing.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The embedded broker's listener that looks like an Azure Event Hubs namespace's Kafka endpoint: SASL PLAIN over TLS
 * ({@code SASL_SSL}) on 127.0.0.1, a self-signed certificate made at start (JDK {@code keytool}; subject alternative
 * names {@code IP:127.0.0.1} and {@code DNS:localhost}, so clients verify the host name as they do against Azure),
 * and one login: user {@code $ConnectionString} with the namespace's {@link #connectionString() connection string}
 * as password, checked by {@link EventHubsPlainCallbackHandler}. The connection string carries the listener's port
 * in its endpoint ({@code Endpoint=sb://127.0.0.1:<port>/;SharedAccessKeyName=...;SharedAccessKey=...}) and a
 * random key. Clients trust the certificate through {@link #trustStore()}.
 *
 * <p>Made by {@link EmbeddedKafkaBroker#startWithEventHubs}; the broker's own listeners stay PLAINTEXT.
 */
public final class EventHubsEndpoint {

    /** The broker's listener name for this endpoint. */
    static final String LISTENER = "EVENTHUBS";

    /** The shared access policy name in the connection string. */
    public static final String KEY_NAME = "RootManageSharedAccessKey";

    private static final String ALIAS = "eventhubs";
    private static final String PASSWORD_ENV = "EOS_TEST_STORE_PASSWORD";

    private final int port;
    private final String sharedAccessKey;
    private final Path keyStore;
    private final String keyStorePassword;
    private final Path trustStore;
    private final String trustStorePassword;

    private EventHubsEndpoint(int port, String sharedAccessKey, Path keyStore, String keyStorePassword,
                              Path trustStore, String trustStorePassword) {
        this.port = port;
        this.sharedAccessKey = sharedAccessKey;
        this.keyStore = keyStore;
        this.keyStorePassword = keyStorePassword;
        this.trustStore = trustStore;
        this.trustStorePassword = trustStorePassword;
    }

    /**
     * Makes the endpoint's key material under {@code dir}: a key pair and self-signed certificate (keytool), a
     * trust store holding the certificate, random store passwords and a random shared access key. Kept when it is
     * there already, so a restarted broker keeps its certificate and key.
     */
    static EventHubsEndpoint create(Path dir, int port) {
        try {
            Files.createDirectories(dir);
            Path keyStore = dir.resolve("broker.p12");
            Path trustStore = dir.resolve("truststore.p12");
            Path secrets = dir.resolve("secrets.properties");
            java.util.Properties saved = new java.util.Properties();
            if (Files.exists(secrets) && Files.exists(keyStore) && Files.exists(trustStore)) {
                try (InputStream in = Files.newInputStream(secrets)) {
                    saved.load(in);
                }
            } else {
                saved.setProperty("key", random(32));
                saved.setProperty("keystore.password", random(18));
                saved.setProperty("truststore.password", random(18));
                Files.deleteIfExists(keyStore);
                generateKeyPair(keyStore, saved.getProperty("keystore.password"));
                writeTrustStore(keyStore, saved.getProperty("keystore.password"), trustStore,
                        saved.getProperty("truststore.password"));
                try (OutputStream out = Files.newOutputStream(secrets)) {
                    saved.store(out, "the embedded Event Hubs endpoint's test secrets");
                }
            }
            return new EventHubsEndpoint(port, saved.getProperty("key"), keyStore,
                    saved.getProperty("keystore.password"), trustStore, saved.getProperty("truststore.password"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the Event Hubs endpoint's key material in " + dir, e);
        }
    }

    /** {@code 127.0.0.1:<port>} of the SASL_SSL listener. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /**
     * The namespace connection string the endpoint accepts, as the Azure portal shows it for a shared access policy,
     * with the listener's port in the endpoint: {@code Endpoint=sb://127.0.0.1:<port>/;SharedAccessKeyName=
     * RootManageSharedAccessKey;SharedAccessKey=<key>}. A secret.
     */
    public String connectionString() {
        return connectionString(sharedAccessKey);
    }

    /** The same connection string with another key: one the endpoint refuses when {@code key} is not its own. */
    public String connectionString(String key) {
        return "Endpoint=sb://" + bootstrapServers() + "/;SharedAccessKeyName=" + KEY_NAME + ";SharedAccessKey=" + key;
    }

    /** The shared access key inside {@link #connectionString()} (base64, random per endpoint): a secret. */
    public String sharedAccessKey() {
        return sharedAccessKey;
    }

    /** A PKCS12 trust store holding the endpoint's self-signed certificate. */
    public Path trustStore() {
        return trustStore;
    }

    /** The trust store's password: a secret. */
    public String trustStorePassword() {
        return trustStorePassword;
    }

    /**
     * The settings of a Kafka client of this endpoint, as a client of Event Hubs sets them: bootstrap servers,
     * {@code SASL_SSL}, {@code PLAIN}, the JAAS login of user {@code $ConnectionString} with the connection string,
     * and the trust store.
     */
    public Map<String, String> clientProperties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("bootstrap.servers", bootstrapServers());
        p.put("security.protocol", "SASL_SSL");
        p.put("sasl.mechanism", "PLAIN");
        p.put("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
                + EventHubsPlainCallbackHandler.USER + "\" password=\"" + connectionString() + "\";");
        p.put("ssl.truststore.location", trustStore.toString());
        p.put("ssl.truststore.password", trustStorePassword);
        p.put("ssl.truststore.type", "PKCS12");
        return p;
    }

    /** The broker settings of the listener (its name and address are added by the broker). */
    Map<String, String> listenerProperties() {
        String prefix = "listener.name." + LISTENER.toLowerCase(java.util.Locale.ROOT) + ".";
        Map<String, String> p = new LinkedHashMap<>();
        p.put(prefix + "ssl.keystore.location", keyStore.toString());
        p.put(prefix + "ssl.keystore.password", keyStorePassword);
        p.put(prefix + "ssl.key.password", keyStorePassword);
        p.put(prefix + "ssl.keystore.type", "PKCS12");
        p.put(prefix + "ssl.client.auth", "none");
        p.put(prefix + "sasl.enabled.mechanisms", "PLAIN");
        p.put(prefix + "plain.sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required "
                + EventHubsPlainCallbackHandler.CONNECTION_STRING_OPTION + "=\"" + connectionString() + "\";");
        p.put(prefix + "plain.sasl.server.callback.handler.class", EventHubsPlainCallbackHandler.class.getName());
        return p;
    }

    @Override
    public String toString() {
        return "EventHubsEndpoint[" + bootstrapServers() + "]";
    }

    private static void generateKeyPair(Path keyStore, String password) throws IOException {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> command = new ArrayList<>(List.of(keytool.toString(), "-genkeypair", "-alias", ALIAS,
                "-keyalg", "EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA",
                "-dname", "CN=127.0.0.1, O=EOS embedded Event Hubs endpoint", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                "-validity", "30", "-keystore", keyStore.toString(), "-storetype", "PKCS12",
                "-storepass:env", PASSWORD_ENV, "-keypass:env", PASSWORD_ENV));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put(PASSWORD_ENV, password);
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException("keytool -genkeypair failed: " + output.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("interrupted while running keytool", e);
        }
    }

    private static void writeTrustStore(Path keyStore, String keyStorePassword, Path trustStore,
                                        String trustStorePassword) throws IOException {
        try {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keyStore)) {
                keys.load(in, keyStorePassword.toCharArray());
            }
            Certificate certificate = keys.getCertificate(ALIAS);
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            trusted.setCertificateEntry(ALIAS, certificate);
            try (OutputStream out = Files.newOutputStream(trustStore)) {
                trusted.store(out, trustStorePassword.toCharArray());
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot write the trust store " + trustStore, e);
        }
    }

    private static String random(int bytes) {
        byte[] random = new byte[bytes];
        new SecureRandom().nextBytes(random);
        return Base64.getEncoder().encodeToString(random);
    }
}
