package dev.eos.demo.crashloop;

import dev.eos.runtime.crash.CrashPoint;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a crash loop found: the events produced against the copies the sink holds at the end.
 *
 * @param produced events handed to the source
 * @param stored copies the sink holds (one per event when all is well)
 * @param duplicates extra copies: copies beyond the first of any event
 * @param missing produced events the sink does not hold
 * @param unexpected copies that match no produced event (corrupt or foreign data)
 * @param crashesPlanned kills the loop planned: one per crash point asked for, plus the random SIGKILLs
 * @param crashes the deaths of the job's JVM, in order: at an armed crash point, or a random SIGKILL
 * @param crashesSurvived crashes after which a restarted run made progress again
 * @param replayedRecords records a restarted job wrote again and the sink recognised as already stored (the sum of
 *     the progress lines' {@code duplicates=}): the replays that idempotency absorbed
 * @param batches progress lines seen over all runs
 * @param duplicatePayloads a sample of the events stored more than once
 * @param missingPayloads a sample of the events not stored
 * @param unexpectedPayloads a sample of the stored copies that match no event
 * @param problems anything else that went wrong (a child that died on its own, a drain that timed out)
 * @param seed the loop's seed: the same seed gives the same events and the same plan of kills
 * @param log the child JVMs' output
 * @param elapsed the loop's wall-clock time
 */
public record Verdict(long produced, long stored, long duplicates, long missing, long unexpected,
                      int crashesPlanned, List<Crash> crashes, int crashesSurvived, long replayedRecords,
                      long batches, List<String> duplicatePayloads, List<String> missingPayloads,
                      List<String> unexpectedPayloads, List<String> problems, long seed, Path log, Duration elapsed) {

    /** How many offending payloads a verdict lists at most, per kind. */
    public static final int SAMPLE = 20;

    public Verdict {
        crashes = List.copyOf(crashes);
        duplicatePayloads = List.copyOf(duplicatePayloads);
        missingPayloads = List.copyOf(missingPayloads);
        unexpectedPayloads = List.copyOf(unexpectedPayloads);
        problems = List.copyOf(problems);
    }

    /** Exactly once: every event stored once, nothing else stored, every planned crash survived. */
    public boolean passed() {
        return produced > 0 && duplicates == 0 && missing == 0 && unexpected == 0
                && crashesSurvived >= crashesPlanned && problems.isEmpty();
    }

    /** The crash points the job's JVM halted at. */
    public Set<CrashPoint> crashPointsHit() {
        Set<CrashPoint> hit = EnumSet.noneOf(CrashPoint.class);
        crashes.stream().filter(c -> c.point() != null).forEach(c -> hit.add(c.point()));
        return hit;
    }

    /** How many crashes were SIGKILLs at random moments. */
    public long randomKills() {
        return crashes.stream().filter(c -> c.point() == null).count();
    }

    /** The verdict table, with the offending payloads and the log's location when it failed. */
    public String table() {
        StringBuilder out = new StringBuilder();
        row(out, "events produced", String.valueOf(produced));
        row(out, "results in the sink", String.valueOf(stored));
        row(out, "duplicates", String.valueOf(duplicates));
        row(out, "missing", String.valueOf(missing));
        if (unexpected > 0) {
            row(out, "unexpected results", String.valueOf(unexpected));
        }
        row(out, "crashes survived", crashesSurvived + " of " + crashesPlanned + " (" + crashPointsHit().size()
                + " at crash points, " + randomKills() + " random SIGKILLs)");
        for (Crash crash : crashes) {
            out.append(String.format("    %d. %s, run %d after %.1f s up: %s%n", crash.number(), crash.what(),
                    crash.run(), crash.uptimeMillis() / 1000.0, crash.evidence()));
        }
        row(out, "crash points hit", crashPointsHit().size() + ": " + crashPointsHit().stream()
                .map(CrashPoint::pointName).collect(Collectors.joining(", ")));
        row(out, "replayed, kept once", replayedRecords + " records written again after a restart, "
                + "found already stored");
        row(out, "batches", String.valueOf(batches));
        row(out, "time", String.format("%.1f s (seed %d)", elapsed.toMillis() / 1000.0, seed));
        out.append(passed()
                ? "verdict: EXACTLY ONCE: every event stored once, through " + crashesSurvived + " crashes\n"
                : "verdict: FAILED\n");
        sample(out, "duplicated events", duplicates, duplicatePayloads);
        sample(out, "missing events", missing, missingPayloads);
        sample(out, "unexpected results", unexpected, unexpectedPayloads);
        for (String problem : problems) {
            out.append("problem: ").append(problem).append('\n');
        }
        if (!passed()) {
            out.append("child JVM log: ").append(log).append('\n');
        }
        return out.toString();
    }

    /** One line for assertion messages and logs. */
    public String summary() {
        return "produced=" + produced + " stored=" + stored + " duplicates=" + duplicates + " missing=" + missing
                + " unexpected=" + unexpected + " crashes=" + crashesSurvived + "/" + crashesPlanned
                + " hit=" + crashes.stream().map(Crash::what).collect(Collectors.joining(","))
                + " replayed=" + replayedRecords + " problems=" + problems + " seed=" + seed + " log=" + log;
    }

    @Override
    public String toString() {
        return table();
    }

    private static void row(StringBuilder out, String name, String value) {
        out.append(String.format("  %-22s %s%n", name, value));
    }

    private static void sample(StringBuilder out, String what, long count, List<String> payloads) {
        if (count == 0) {
            return;
        }
        out.append(what).append(count > payloads.size() ? " (first " + payloads.size() + " of " + count + ")" : "")
                .append(":\n");
        payloads.forEach(p -> out.append("  ").append(p).append('\n'));
    }
}
