/**
 * For programs that host sinks: the EOS runtime, the contract test kit, the documentation generator, and any
 * connector that discovers plug-ins of its own (such as the JDBC connector's dialects). Sink implementers need
 * nothing from here; they depend only on {@code dev.eos.spi}.
 *
 * <ul>
 *   <li>{@link dev.eos.spi.host.Services}: the one way EOS loads anything with {@link java.util.ServiceLoader},
 *       with one error policy.</li>
 *   <li>{@link dev.eos.spi.host.SinkRegistry}: the sink providers found on a class path, by name.</li>
 *   <li>{@link dev.eos.spi.host.ConfigDocs}: the configuration reference rendered from declared options.</li>
 * </ul>
 * These types may change between minor releases (they are not implemented by third parties), but they are
 * supported for the uses above.
 */
package dev.eos.spi.host;
