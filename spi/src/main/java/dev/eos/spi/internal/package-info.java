/**
 * Not API. Helpers for EOS's own hosts (the runtime, the test kit, the docs generator); they may change in any
 * release. Sink implementers depend only on {@code dev.eos.spi}.
 */
package dev.eos.spi.internal;
