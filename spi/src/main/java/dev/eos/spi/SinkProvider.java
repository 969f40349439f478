package dev.eos.spi;

/**
 * Entry point of a sink type, found with {@link java.util.ServiceLoader} under
 * {@code META-INF/services/dev.eos.spi.SinkProvider} (generate the file with {@code @AutoService(SinkProvider.class)}).
 *
 * <h2>Lifecycle</h2>
 * <ol>
 *   <li>The host (the EOS runtime, the test kit, or a user's own job) loads every provider on the class path
 *       once per JVM with a public no-argument constructor. Construction must be cheap and side-effect free:
 *       no connections, no threads.</li>
 *   <li>{@link #name()} and {@link #configSpec()} are read to select the provider and to validate and document
 *       its options.</li>
 *   <li>{@link #create(Config)} is called once per JVM per configuration, on the driver and on every
 *       executor, with a configuration that already passed {@link #configSpec()}'s per-option validation.</li>
 * </ol>
 *
 * <h2>Thread safety</h2>
 * Implementations must be stateless or thread-safe: every method may be called from any thread.
 *
 * <h2>Errors</h2>
 * {@link #create(Config)} throws {@link ConfigException} listing <em>every</em> problem it finds
 * (cross-option rules, values a backend cannot accept), never only the first. It must not contact the backend;
 * checks that need the backend belong in {@link Sink#preflight()}.
 */
public interface SinkProvider {

    /**
     * The sink's name, the value of {@code eos.sink}: lower-case letters, digits and hyphens, starting with a
     * letter, unique among the providers on the class path. Options live under {@code eos.sink.<name>.}.
     */
    String name();

    /** One line saying what the sink writes to, shown by {@code bin/eos sinks}. */
    default String description() {
        return "";
    }

    /** The options this sink accepts. Unknown keys under the sink's prefix are reported as errors. */
    ConfigSpec configSpec();

    /**
     * Creates the sink for one configuration. Called once per JVM per configuration.
     *
     * @param config values of {@link #configSpec()}, already parsed and validated option by option
     * @return a sink, not yet {@linkplain Sink#preflight() preflighted}
     * @throws ConfigException with every cross-option problem found
     */
    Sink create(Config config);
}
