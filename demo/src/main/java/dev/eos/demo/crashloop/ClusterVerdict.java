package dev.eos.demo.crashloop;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What a {@link ClusterCrashRun} found: the {@link Verdict} on the sink's final state (events produced against
 * copies stored) and, for every fault asked for, what shows it happened.
 *
 * @param verdict the comparison of the sink's final state with the events produced
 * @param engine the job's engine ({@code eos.engine}: {@code dstream} or {@code structured})
 * @param asked the faults the run was to inject
 * @param evidence per fault injected, what shows it happened (pids, executor ids, log lines)
 */
public record ClusterVerdict(Verdict verdict, String engine, Set<ClusterFault> asked,
                             Map<ClusterFault, String> evidence) {

    public ClusterVerdict {
        asked = asked.isEmpty() ? EnumSet.noneOf(ClusterFault.class) : EnumSet.copyOf(asked);
        evidence = new LinkedHashMap<>(evidence);
    }

    /** Exactly once, and every fault asked for happened. */
    public boolean passed() {
        return verdict.passed() && evidence.keySet().containsAll(asked);
    }

    /** The verdict table: the counts, each fault with its evidence, the verdict. */
    public String table() {
        StringBuilder out = new StringBuilder();
        row(out, "engine", engine);
        row(out, "events produced", String.valueOf(verdict.produced()));
        row(out, "results in the sink", String.valueOf(verdict.stored()));
        row(out, "duplicates", String.valueOf(verdict.duplicates()));
        row(out, "missing", String.valueOf(verdict.missing()));
        if (verdict.unexpected() > 0) {
            row(out, "unexpected results", String.valueOf(verdict.unexpected()));
        }
        row(out, "faults injected", evidence.size() + " of " + asked.size());
        int n = 0;
        for (ClusterFault fault : asked) {
            String seen = evidence.get(fault);
            out.append(String.format("    %d. %s: %s%n", ++n, fault.text(), seen != null ? seen : "NOT SEEN"));
        }
        row(out, "replayed, kept once", verdict.replayedRecords() + " records written again, found already stored");
        row(out, "batches", String.valueOf(verdict.batches()));
        row(out, "time", String.format("%.1f s (seed %d)", verdict.elapsed().toMillis() / 1000.0, verdict.seed()));
        out.append(passed()
                ? "verdict: EXACTLY ONCE: every event stored once, through " + evidence.size() + " faults\n"
                : "verdict: FAILED\n");
        String details = verdict.table();
        int problems = details.indexOf("verdict: ");
        String rest = problems < 0 ? "" : details.substring(details.indexOf('\n', problems) + 1);
        out.append(rest.replace("child JVM log:", "driver output:"));
        return out.toString();
    }

    /** One line for assertion messages. */
    public String summary() {
        return verdict.summary() + " engine=" + engine + " faults=" + evidence.keySet();
    }

    @Override
    public String toString() {
        return table();
    }

    private static void row(StringBuilder out, String name, String value) {
        out.append(String.format("  %-22s %s%n", name, value));
    }
}
