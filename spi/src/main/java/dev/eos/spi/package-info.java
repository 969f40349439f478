/**
 * The EOS sink SPI: what an idempotent sink implements so that the EOS runtime can write a Spark
 * Streaming job's output to it exactly once.
 *
 * <h2>The pieces</h2>
 * <ul>
 *   <li>{@link dev.eos.spi.SinkProvider}: the {@link java.util.ServiceLoader} entry point, one per sink
 *       type, found by its {@linkplain dev.eos.spi.SinkProvider#name() name} ({@code eos.sink=jdbc}).</li>
 *   <li>{@link dev.eos.spi.Sink}: one per JVM per configuration; holds clients and pools.</li>
 *   <li>{@link dev.eos.spi.SinkWriter}: one per partition of one batch attempt.</li>
 *   <li>{@link dev.eos.spi.SinkRecord}, {@link dev.eos.spi.WriteContext}, {@link dev.eos.spi.WriteResult}:
 *       the data that flows through a writer.</li>
 *   <li>{@link dev.eos.spi.ConfigSpec}, {@link dev.eos.spi.ConfigOption}, {@link dev.eos.spi.Config},
 *       {@link dev.eos.spi.Secret}: declared, typed, eagerly validated configuration.</li>
 *   <li>{@link dev.eos.spi.SinkException} and its subtypes: what went wrong and what the runtime does about it.</li>
 * </ul>
 *
 * <h2>The guarantee a sink takes part in</h2>
 * The runtime replays a partition of a batch whenever it cannot prove that the partition's output was
 * written: after a task retry, a speculative duplicate attempt, or a driver restart from its checkpoint.
 * A sink makes that safe by being <em>idempotent per record key</em>: writing a record whose
 * {@linkplain dev.eos.spi.SinkRecord#key() key} is already stored leaves the stored state as if it had been
 * written once. Each sink's documentation states what "one copy" means for it.
 *
 * <h2>Compatibility</h2>
 * The SPI grows only by new default methods. Packages named {@code internal} are not API.
 */
package dev.eos.spi;
