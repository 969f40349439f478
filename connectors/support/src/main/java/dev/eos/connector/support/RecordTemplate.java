package dev.eos.connector.support;

import dev.eos.connector.support.RecordExpression.Kind;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Text with {@code {expression}} parts, such as {@code {field.customer}#{field.order}} or
 * {@code {batch-time:yyyy-MM-dd}/{key}.json}: the one template syntax of EOS. What a rendered part looks like
 * (escaped into a path segment, plain text) is the user's of the template to decide. Immutable and thread-safe.
 */
public final class RecordTemplate implements Serializable {

    private static final long serialVersionUID = 1L;

    /** A part of a template: literal text or an expression. */
    public sealed interface Part extends Serializable permits Literal, Expression {
    }

    /** Literal text, copied as it is. */
    public record Literal(String text) implements Part {
    }

    /** An expression, written {@code {expression}}. */
    public record Expression(RecordExpression expression) implements Part {
    }

    private final String text;
    private final List<Part> parts;

    private RecordTemplate(String text, List<Part> parts) {
        this.text = text;
        this.parts = List.copyOf(parts);
    }

    /**
     * Parses a template in the current spelling.
     *
     * @throws IllegalArgumentException with every problem found, one sentence each, joined by "; "
     */
    public static RecordTemplate parse(String text, Set<Kind> allowed) {
        return parse(text, allowed, null);
    }

    /**
     * Parses a template, accepting old spellings in its expressions ({@code {customer}} for {@code {field.customer}})
     * with a warning, logged once, naming {@code key}, the old and the new template.
     *
     * @param key the configuration key, for the warning; null to accept the current spelling only
     * @throws IllegalArgumentException with every problem found, one sentence each, joined by "; "
     */
    public static RecordTemplate parse(String text, Set<Kind> allowed, String key) {
        List<String> problems = new ArrayList<>();
        List<Part> parts = new ArrayList<>();
        StringBuilder renewed = new StringBuilder();
        boolean old = false;
        int i = 0;
        while (i < text.length()) {
            int open = text.indexOf('{', i);
            int literalEnd = open < 0 ? text.length() : open;
            if (literalEnd > i) {
                String literal = text.substring(i, literalEnd);
                int stray = literal.indexOf('}');
                if (stray >= 0) {
                    problems.add("'}' at position " + (i + stray) + " has no '{'");
                }
                parts.add(new Literal(literal));
                renewed.append(literal);
            }
            if (open < 0) {
                break;
            }
            int close = text.indexOf('}', open);
            if (close < 0) {
                problems.add("'{' at position " + open + " is not closed");
                break;
            }
            String inner = text.substring(open + 1, close);
            if (inner.contains("{")) {
                problems.add("'{' at position " + open + " is not closed before the next '{'");
                i = close + 1;
                continue;
            }
            try {
                RecordExpression expression;
                try {
                    expression = RecordExpression.parse(inner, allowed);
                } catch (IllegalArgumentException e) {
                    if (key == null || RecordExpression.newSpelling(inner.trim()).isEmpty()) {
                        throw e;
                    }
                    expression = RecordExpression.parse(RecordExpression.newSpelling(inner.trim()).get(), allowed);
                    old = true;
                }
                parts.add(new Expression(expression));
                renewed.append('{').append(expression).append('}');
            } catch (IllegalArgumentException e) {
                problems.add("{" + inner + "}: " + e.getMessage());
            }
            i = close + 1;
        }
        if (text.isEmpty()) {
            problems.add("empty template");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        if (old) {
            Deprecations.warnOnce(key, text, renewed.toString());
        }
        return new RecordTemplate(text, parts);
    }

    public List<Part> parts() {
        return parts;
    }

    /** The expressions, in order. */
    public List<RecordExpression> expressions() {
        return parts.stream().filter(Expression.class::isInstance).map(p -> ((Expression) p).expression()).toList();
    }

    /** Whether some expression is of one of these kinds. */
    public boolean uses(Set<Kind> kinds) {
        return expressions().stream().anyMatch(e -> kinds.contains(e.kind()));
    }

    /** The template as written. */
    @Override
    public String toString() {
        return text;
    }
}
