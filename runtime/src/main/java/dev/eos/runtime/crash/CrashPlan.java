package dev.eos.runtime.crash;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The crash and delay points a test armed, parsed from {@code eos.test.crash} and {@code eos.test.delay}, and the
 * decision at each occurrence of a point. The grammar of both settings (several arms separated by {@code ;}):
 * <pre>
 *   crash: point[@qualifier[,qualifier]...]
 *   delay: point:millis[@qualifier[,qualifier]...]
 *   qualifier: n (the n-th matching occurrence in this JVM) | batch=millis | partition=index | attempt=number
 * </pre>
 * A crash arm fires at its n-th matching occurrence (the first when no n is given), once. A delay arm sleeps at every
 * matching occurrence, or only at the n-th when one is given.
 */
final class CrashPlan {

    /** One occurrence of a point: the batch time, the partition and the task attempt where known, else -1. */
    record Occurrence(long batch, int partition, int attempt) {
        static final Occurrence UNKNOWN = new Occurrence(-1, -1, -1);

        String describe() {
            List<String> parts = new ArrayList<>();
            if (batch >= 0) {
                parts.add("batch " + batch);
            }
            if (partition >= 0) {
                parts.add("partition " + partition);
            }
            if (attempt >= 0) {
                parts.add("attempt " + attempt);
            }
            return parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")";
        }
    }

    /** What a point does at one occurrence. */
    record Action(boolean halt, long sleepMillis) {
        static final Action NONE = new Action(false, 0);
    }

    private static final class Arm {
        final CrashPoint point;
        final long delayMillis;
        final int n;
        final long batch;
        final int partition;
        final int attempt;
        final AtomicInteger seen = new AtomicInteger();

        Arm(CrashPoint point, long delayMillis, int n, long batch, int partition, int attempt) {
            this.point = point;
            this.delayMillis = delayMillis;
            this.n = n;
            this.batch = batch;
            this.partition = partition;
            this.attempt = attempt;
        }

        boolean matches(CrashPoint p, Occurrence o) {
            return p == point && (batch < 0 || batch == o.batch()) && (partition < 0 || partition == o.partition())
                    && (attempt < 0 || attempt == o.attempt());
        }
    }

    private final List<Arm> crashes;
    private final List<Arm> delays;
    private final Path onceFile;

    private CrashPlan(List<Arm> crashes, List<Arm> delays, Path onceFile) {
        this.crashes = crashes;
        this.delays = delays;
        this.onceFile = onceFile;
    }

    /**
     * @param crash the value of {@code eos.test.crash}, or null
     * @param delay the value of {@code eos.test.delay}, or null
     * @param onceFile the value of {@code eos.test.crash.once-file}, or null
     * @return the plan, or null when nothing is armed
     * @throws IllegalArgumentException naming the setting and what is wrong with it
     */
    static CrashPlan parse(String crash, String delay, String onceFile) {
        List<Arm> crashes = arms("eos.test.crash", crash, false);
        List<Arm> delays = arms("eos.test.delay", delay, true);
        if (crashes.isEmpty() && delays.isEmpty()) {
            return null;
        }
        return new CrashPlan(crashes, delays, blank(onceFile) ? null : Path.of(onceFile.trim()));
    }

    boolean arms(CrashPoint point) {
        return crashes.stream().anyMatch(a -> a.point == point) || delays.stream().anyMatch(a -> a.point == point);
    }

    /** Counts this occurrence for every arm of the point it matches, and says whether to halt or sleep here. */
    Action at(CrashPoint point, Occurrence occurrence) {
        long sleep = 0;
        for (Arm a : delays) {
            if (a.matches(point, occurrence)) {
                int count = a.seen.incrementAndGet();
                if (a.n == 0 || a.n == count) {
                    sleep = Math.max(sleep, a.delayMillis);
                }
            }
        }
        boolean halt = false;
        for (Arm a : crashes) {
            if (a.matches(point, occurrence) && a.seen.incrementAndGet() == a.n) {
                halt = true;
            }
        }
        return halt || sleep > 0 ? new Action(halt && claim(), sleep) : Action.NONE;
    }

    /**
     * Whether this JVM may fire: always without a once-file; with one, only when this JVM creates it (atomically),
     * so that across JVMs a point fires once.
     */
    boolean claim() {
        if (onceFile == null) {
            return true;
        }
        try {
            Files.createFile(onceFile);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            System.err.println("EOS crash point not fired: cannot create eos.test.crash.once-file " + onceFile + ": "
                    + e);
            return false;
        }
    }

    private static List<Arm> arms(String key, String value, boolean delay) {
        List<Arm> arms = new ArrayList<>();
        if (blank(value)) {
            return arms;
        }
        for (String spec : value.split(";")) {
            if (!blank(spec)) {
                try {
                    arms.add(arm(spec.trim(), delay));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("Invalid value " + spec.trim() + " for " + key + ": "
                            + e.getMessage(), e);
                }
            }
        }
        return arms;
    }

    private static Arm arm(String spec, boolean delay) {
        int at = spec.indexOf('@');
        String head = at < 0 ? spec : spec.substring(0, at);
        long millis = 0;
        if (delay) {
            int colon = head.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("expected point:millis[@qualifiers]");
            }
            millis = number(head.substring(colon + 1), "millis");
            if (millis <= 0) {
                throw new IllegalArgumentException("millis must be positive");
            }
            head = head.substring(0, colon);
        }
        CrashPoint point = CrashPoint.named(head);
        int n = delay ? 0 : 1;
        long batch = -1;
        int partition = -1;
        int attempt = -1;
        if (at >= 0) {
            for (String q : spec.substring(at + 1).split(",")) {
                String qualifier = q.trim();
                int eq = qualifier.indexOf('=');
                if (eq < 0) {
                    n = (int) number(qualifier, "occurrence");
                    if (n < 1) {
                        throw new IllegalArgumentException("the occurrence counts from 1");
                    }
                    continue;
                }
                String name = qualifier.substring(0, eq).trim();
                long v = number(qualifier.substring(eq + 1), name);
                switch (name) {
                    case "batch" -> batch = v;
                    case "partition" -> partition = (int) v;
                    case "attempt" -> attempt = (int) v;
                    default -> throw new IllegalArgumentException("unknown qualifier \"" + name
                            + "\"; the qualifiers are n, batch=, partition=, attempt=");
                }
            }
        }
        return new Arm(point, millis, n, batch, partition, attempt);
    }

    private static long number(String text, String what) {
        try {
            long v = Long.parseLong(text.trim());
            if (v < 0) {
                throw new IllegalArgumentException(what + " must not be negative");
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " is not a number: \"" + text.trim() + "\"");
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
