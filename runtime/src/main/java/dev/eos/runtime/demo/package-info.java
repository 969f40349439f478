/**
 * The crash loop: proof that a job writes every event exactly once while its driver is killed.
 *
 * <p>{@link dev.eos.runtime.demo.CrashLoop} runs the job as a child JVM, keeps events arriving through an
 * {@link dev.eos.runtime.demo.EventFeeder}, kills the child with SIGKILL at chosen moments (before a write,
 * mid-write, after the write but before the checkpoint), restarts it from its checkpoint, and at the end compares
 * what the sink holds (through a {@link dev.eos.runtime.demo.SinkStateReader}) with what was produced: a
 * {@link dev.eos.runtime.demo.Verdict}. {@link dev.eos.runtime.demo.Demo} is {@code bin/eos demo}; the
 * integration tests of every sink and source use the same loop.
 *
 * <p>Plain Java with no test-framework dependency, so that it ships with the runtime.
 */
package dev.eos.runtime.demo;
