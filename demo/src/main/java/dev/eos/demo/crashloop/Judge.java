package dev.eos.demo.crashloop;

import dev.eos.runtime.Progress;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Judges a crash loop: the events produced against the copies the sink holds at the end. A copy of no produced
 * event is unexpected; a second copy of one is a duplicate; a produced event with no copy is missing. The records
 * a restarted job found already stored (the progress lines' {@code duplicates=}) are the replays idempotency
 * absorbed.
 */
final class Judge {

    private Judge() {
    }

    static Verdict verdict(List<String> produced, List<String> stored, List<Progress.Line> progress,
                           int crashesPlanned, List<Crash> crashes, int survived, List<String> problems, long seed,
                           Path log, Duration elapsed) {
        Map<String, Integer> copies = new HashMap<>();
        for (String payload : stored) {
            copies.merge(payload, 1, Integer::sum);
        }
        Set<String> producedSet = new HashSet<>(produced);
        long duplicates = 0;
        List<String> duplicated = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        long unexpectedCount = 0;
        for (Map.Entry<String, Integer> entry : copies.entrySet()) {
            if (!producedSet.contains(entry.getKey())) {
                unexpectedCount += entry.getValue();
                if (unexpected.size() < Verdict.SAMPLE) {
                    unexpected.add(entry.getKey());
                }
            } else if (entry.getValue() > 1) {
                duplicates += entry.getValue() - 1;
                if (duplicated.size() < Verdict.SAMPLE) {
                    duplicated.add(entry.getValue() + " copies: " + entry.getKey());
                }
            }
        }
        long missing = 0;
        List<String> missed = new ArrayList<>();
        for (String payload : produced) {
            if (!copies.containsKey(payload)) {
                missing++;
                if (missed.size() < Verdict.SAMPLE) {
                    missed.add(payload);
                }
            }
        }
        long replayed = progress.stream().mapToLong(Progress.Line::duplicates).sum();
        return new Verdict(produced.size(), stored.size(), duplicates, missing, unexpectedCount, crashesPlanned,
                crashes, survived, replayed, progress.size(), duplicated, missed, unexpected, problems, seed, log,
                elapsed);
    }
}
