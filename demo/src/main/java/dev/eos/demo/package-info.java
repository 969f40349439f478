/**
 * {@code bin/eos demo}: the exactly-once demo on the embedded default, run by the crash loop
 * ({@link dev.eos.demo.crashloop}). Not part of the runtime jar: {@code bin/eos} runs {@link dev.eos.demo.Demo}
 * from this module's jar.
 */
package dev.eos.demo;
