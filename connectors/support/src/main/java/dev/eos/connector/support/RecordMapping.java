package dev.eos.connector.support;

import dev.eos.connector.support.RecordExpression.Kind;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A list of {@code target=expression} entries, such as JDBC {@code columns} ({@code order_id=field.id,
 * received=event-time}) or HBase {@code columns} ({@code amount=field.amount}): the target is always on the left.
 * A bare entry {@code name} stands for {@code name=field.name}.
 */
public final class RecordMapping {

    /** How a sink wrote its entries before the one grammar; each is accepted with a warning. */
    public enum OldForm {
        /** {@code target=source} with a JDBC-style source ({@code @key}, a bare field name). */
        TARGET_EQUALS_SOURCE,
        /** {@code field=target}: a field name on the left, the target on the right (HBase columns). */
        FIELD_EQUALS_TARGET
    }

    private RecordMapping() {
    }

    /**
     * What {@link #read} found.
     *
     * @param mapping target to expression, for every valid entry, in the order given
     * @param problems a sentence per bad entry
     */
    public record Parsed(Map<String, RecordExpression> mapping, List<String> problems) {
        public Parsed {
            mapping = Collections.unmodifiableMap(new LinkedHashMap<>(mapping));
            problems = List.copyOf(problems);
        }
    }

    /**
     * Parses the entries in order.
     *
     * @param key the configuration key, for problems and warnings
     * @param oldForm how old entries were written; they are accepted with a warning naming the key
     * @return target to expression, in the order given
     * @throws IllegalArgumentException with every problem found, one sentence each, joined by "; "
     */
    public static Map<String, RecordExpression> parse(List<String> entries, Set<Kind> allowed, String key, OldForm oldForm) {
        Parsed parsed = read(entries, allowed, key, oldForm);
        if (!parsed.problems().isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", parsed.problems()));
        }
        return parsed.mapping();
    }

    /** Parses the entries in order, keeping the valid ones and a problem per bad one, so callers can check on. */
    public static Parsed read(List<String> entries, Set<Kind> allowed, String key, OldForm oldForm) {
        Map<String, RecordExpression> mapping = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (String raw : entries) {
            String entry = raw.trim();
            int eq = entry.indexOf('=');
            String target = (eq < 0 ? entry : entry.substring(0, eq)).trim();
            String source = eq < 0 ? "field." + target : entry.substring(eq + 1).trim();
            if (target.isEmpty() || source.isEmpty()) {
                problems.add("entry \"" + entry + "\" is not target=expression");
                continue;
            }
            RecordExpression expression;
            try {
                expression = RecordExpression.parse(source, allowed);
            } catch (IllegalArgumentException e) {
                String[] renewed = renew(target, source, oldForm);
                if (renewed == null) {
                    problems.add("entry \"" + entry + "\": " + e.getMessage());
                    continue;
                }
                try {
                    expression = RecordExpression.parse(renewed[1], allowed);
                } catch (IllegalArgumentException e2) {
                    problems.add("entry \"" + entry + "\": " + e.getMessage());
                    continue;
                }
                target = renewed[0];
                Deprecations.warnOnce(key, entry, target + "=" + expression);
            }
            if (mapping.put(target, expression) != null) {
                problems.add("target " + target + " is mapped twice");
            }
        }
        return new Parsed(mapping, problems);
    }

    private static String[] renew(String target, String source, OldForm oldForm) {
        if (oldForm == OldForm.FIELD_EQUALS_TARGET) {
            boolean plain = source.chars().noneMatch(c -> "{}=,@: ".indexOf(c) >= 0);
            return plain ? new String[] {source, "field." + target} : null;
        }
        return RecordExpression.newSpelling(source).map(s -> new String[] {target, s}).orElse(null);
    }
}
