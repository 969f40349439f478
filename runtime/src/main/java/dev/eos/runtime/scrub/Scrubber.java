package dev.eos.runtime.scrub;

import dev.eos.runtime.config.DeclaredOptions;
import dev.eos.spi.ConfigOption;
import dev.eos.spi.ConfigSpec;
import dev.eos.spi.Secret;

import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place where text is scrubbed of secrets before it leaves the process: the launcher's error lines and
 * standard streams, every log appender ({@link LogScrubbing}) and the messages the runtime wraps.
 *
 * <p>It masks, as {@value Secret#HIDDEN}, wherever they appear (stack traces and causes included):
 * <ul>
 *   <li>the value of every option of the current configuration that its source or sink declares secret
 *       ({@link DeclaredOptions}; of an option that is secret only in its credentials, such as a JDBC URL, just those
 *       credentials), and of every other key whose name looks like a credential ({@link ConfigSpec#looksSecret},
 *       which covers pass-through keys such as {@code eos.source.kafka.sasl.jaas.config});</li>
 *   <li>credentials embedded in any value: the password of a URL's user-info ({@code //user:PASSWORD@host}), query
 *       and driver parameters ({@code password=}, {@code pwd=}, {@code sig=}, {@code token=}, ...), quoted JAAS
 *       fields ({@code password="..."}) and connection-string fields ({@code AccountKey=}, {@code SharedAccessKey=},
 *       {@code SharedAccessSignature=}, {@code Password=});</li>
 *   <li>and, by pattern, the same shapes in text whose values it was never told about.</li>
 * </ul>
 * The values are remembered for the life of the JVM ({@link #remember}); the messages that redact themselves keep
 * doing so, this is the net under them. Thread-safe.
 */
public final class Scrubber {

    private static final int SHORTEST_SECRET = 4;
    private static final String PARAMETER_NAMES = "password|pwd|passwd|pass|secret|client[_-]?secret|token|"
            + "access[_-]?token|sig|signature|accountkey|sharedaccesskey|sharedaccesssignature|truststorepassword|"
            + "keystorepassword|keystoresecret|sslpassword|sslkey|ssl\\.key\\.password|ssl\\.keystore\\.password|"
            + "ssl\\.truststore\\.password";
    /** {@code //user:PASSWORD@}: group 2 is the password. */
    private static final Pattern USER_INFO = Pattern.compile("(//[^/@\\s:;?]*:)([^/@\\s]+)(@)");
    /** {@code name=VALUE} after a separator of a URL, a connection string or a JAAS line: group 3 is the value. */
    private static final Pattern PARAMETER = Pattern.compile(
            "(?i)((?:^|[;?&:,\\s])\\s*(" + PARAMETER_NAMES + ")\\s*=\\s*)(\"[^\"]*\"|'[^']*'|[^;&\\s\"',]+)");
    /** A connection string's SAS field, whose value holds {@code &} and {@code =}: group 2 is the value. */
    private static final Pattern SAS_FIELD = Pattern.compile("(?i)((?:^|;)\\s*SharedAccessSignature\\s*=\\s*)([^;\\s]+)");

    /** Values of credential-looking keys that are settings, not credentials ({@code sasl.token.enabled=true}). */
    private static final Pattern NOT_A_SECRET = Pattern.compile("(?i)true|false|none|[0-9]+");
    private static final Set<String> SECRETS = new LinkedHashSet<>();
    private static volatile List<String> longestFirst = List.of();

    private Scrubber() {
    }

    /**
     * Remembers the secrets of a configuration and scrubs every log appender of this JVM from now on. Call it as soon
     * as the configuration is read, before anything may quote it.
     */
    public static void install(Map<String, String> configuration) {
        remember(configuration);
        installLogging();
    }

    /** Scrubs every log appender of this JVM from now on; whether it could (log4j-core is the logging backend). */
    public static boolean installLogging() {
        try {
            return LogScrubbing.install();
        } catch (LinkageError noLog4jCore) {
            return false;
        }
    }

    /** Remembers the secrets of a configuration (those of earlier calls are kept). */
    public static void remember(Map<String, String> configuration) {
        Set<String> found = secretsOf(configuration);
        synchronized (SECRETS) {
            if (SECRETS.addAll(found)) {
                List<String> ordered = new ArrayList<>(SECRETS);
                ordered.sort(Comparator.comparingInt(String::length).reversed());
                longestFirst = List.copyOf(ordered);
            }
        }
    }

    /** Every secret value of a configuration, as found in its values (see the class comment). */
    static Set<String> secretsOf(Map<String, String> configuration) {
        Map<String, ConfigOption<?>> declared = DeclaredOptions.of(configuration.keySet());
        Set<String> out = new LinkedHashSet<>();
        configuration.forEach((key, value) -> {
            if (value == null || value.isBlank()) {
                return;
            }
            if (isWholeSecret(key, declared)) {
                add(out, value.trim());
            }
            embedded(value).forEach(s -> add(out, s));
        });
        return out;
    }

    /**
     * Whether a key's whole value is a secret: a declared option says so itself (one that is
     * {@linkplain ConfigOption#isSecretOnlyInCredentials() secret only in its credentials}, such as a JDBC URL, keeps
     * its endpoint visible); any other key (pass-through, unknown) when its name looks like a credential.
     */
    private static boolean isWholeSecret(String key, Map<String, ConfigOption<?>> declared) {
        ConfigOption<?> option = declared.get(key);
        if (option != null) {
            return option.isSecret() && !option.isSecretOnlyInCredentials();
        }
        return ConfigSpec.looksSecret(key);
    }

    /** The credentials embedded in a value: URL user-info passwords, secret parameters, connection-string fields. */
    static List<String> embedded(String value) {
        List<String> out = new ArrayList<>();
        Matcher m = USER_INFO.matcher(value);
        while (m.find()) {
            out.add(m.group(2));
        }
        m = PARAMETER.matcher(value);
        while (m.find()) {
            out.add(unquote(m.group(3)));
        }
        m = SAS_FIELD.matcher(value);
        while (m.find()) {
            out.add(m.group(2));
        }
        return out;
    }

    private static String unquote(String s) {
        return s.length() >= 2 && (s.startsWith("\"") && s.endsWith("\"") || s.startsWith("'") && s.endsWith("'"))
                ? s.substring(1, s.length() - 1) : s;
    }

    private static void add(Set<String> out, String secret) {
        if (secret.length() < SHORTEST_SECRET || secret.equals(Secret.HIDDEN) || NOT_A_SECRET.matcher(secret).matches()) {
            return;
        }
        out.add(secret);
        String encoded = URLEncoder.encode(secret, StandardCharsets.UTF_8);
        if (!encoded.equals(secret)) {
            out.add(encoded);
        }
        try {
            String decoded = URLDecoder.decode(secret, StandardCharsets.UTF_8);
            if (!decoded.equals(secret) && decoded.length() >= SHORTEST_SECRET) {
                out.add(decoded);
            }
        } catch (IllegalArgumentException notEncoded) {
            // a value with a stray '%' is no URL encoding
        }
    }

    /** {@code text} with every remembered secret and every credential-shaped part masked; null stays null. */
    public static String scrub(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = text;
        for (String secret : longestFirst) {
            if (out.contains(secret)) {
                out = out.replace(secret, Secret.HIDDEN);
            }
        }
        out = USER_INFO.matcher(out).replaceAll("$1" + Matcher.quoteReplacement(Secret.HIDDEN) + "$3");
        out = SAS_FIELD.matcher(out).replaceAll("$1" + Matcher.quoteReplacement(Secret.HIDDEN));
        Matcher m = PARAMETER.matcher(out);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String value = m.group(3);
            String hidden = value.startsWith("\"") ? "\"" + Secret.HIDDEN + "\""
                    : value.startsWith("'") ? "'" + Secret.HIDDEN + "'" : Secret.HIDDEN;
            m.appendReplacement(sb, Matcher.quoteReplacement(m.group(1) + (value.contains(Secret.HIDDEN) ? value : hidden)));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** The throwable's full stack trace (causes and suppressed ones included), scrubbed. */
    public static String stackTrace(Throwable t) {
        StringWriter text = new StringWriter();
        try (PrintWriter w = new PrintWriter(text)) {
            t.printStackTrace(w);
        }
        return scrub(text.toString());
    }

    /** A print stream that scrubs every string and object printed through it before writing it to {@code out}. */
    public static PrintStream stream(OutputStream out) {
        return new ScrubbingPrintStream(out);
    }

    private static final class ScrubbingPrintStream extends PrintStream {

        ScrubbingPrintStream(OutputStream out) {
            super(out, true, StandardCharsets.UTF_8);
        }

        @Override
        public void print(String s) {
            super.print(scrub(s));
        }

        @Override
        public void print(Object o) {
            super.print(scrub(String.valueOf(o)));
        }

        @Override
        public void print(char[] s) {
            super.print(scrub(new String(s)));
        }
    }
}
