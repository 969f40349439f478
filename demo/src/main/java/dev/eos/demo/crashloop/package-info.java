/**
 * The crash loop: proof that a job writes every event exactly once while its JVM is killed at every crash point and
 * at random moments. A test harness,
 * not production code: it lives in the {@code eos-demo} module, which no production module depends on.
 *
 * <p>The parts, one job each:
 * <ul>
 *   <li>{@link dev.eos.demo.crashloop.CrashLoop}: the orchestration (start, feed, kill, restart, drain, judge),
 *       set up by {@link dev.eos.demo.crashloop.CrashLoopOptions};</li>
 *   <li>{@link dev.eos.demo.crashloop.JobJvm}, {@link dev.eos.demo.crashloop.JobLauncher},
 *       {@link dev.eos.demo.crashloop.JobProcess}: how a run of the job is started in a child JVM, and one run
 *       (its output, its progress lines, SIGKILL and SIGTERM);</li>
 *   <li>{@code PlannedKill}: how one run is to die, at an armed crash point of the runtime
 *       ({@link dev.eos.runtime.crash.CrashPoint}) or by a SIGKILL at a random moment; each death is recorded as a
 *       {@link dev.eos.demo.crashloop.Crash};</li>
 *   <li>{@code Feeding}, {@link dev.eos.demo.crashloop.Events}, {@link dev.eos.demo.crashloop.EventFeeder} (one per
 *       source: {@link dev.eos.demo.crashloop.FilesEventFeeder}, {@link dev.eos.demo.crashloop.KafkaEventFeeder}):
 *       the events, and putting them where the source reads them;</li>
 *   <li>{@link dev.eos.demo.crashloop.SinkStateReader} (one per sink, such as
 *       {@link dev.eos.demo.crashloop.FilesSinkStateReader}): what the sink holds;</li>
 *   <li>{@code Judge} and {@link dev.eos.demo.crashloop.Verdict}: the sink's final state against what was
 *       produced.</li>
 * </ul>
 * {@link dev.eos.demo.Demo} is {@code bin/eos demo}; the integration tests of every sink and source use the same
 * loop. The job's progress lines are read with the runtime's own {@link dev.eos.runtime.Progress.Line}.
 */
package dev.eos.demo.crashloop;
