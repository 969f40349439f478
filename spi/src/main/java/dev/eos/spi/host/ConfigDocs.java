package dev.eos.spi.host;

import dev.eos.spi.ConfigOption;
import dev.eos.spi.ConfigSpec;
import dev.eos.spi.ConfigType;
import dev.eos.spi.SinkProvider;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Renders declared options: as the Markdown configuration reference ({@code docs/configuration.md}), one section per
 * configurable part (the job, each source, each sink), each a table of key, type, required, default, description and
 * secret flag; and as plain text for a terminal ({@code bin/eos sinks}). The output depends only on the
 * declarations, so it can be compared with the committed page.
 */
public final class ConfigDocs {

    private ConfigDocs() {
    }

    /**
     * One configurable part of EOS.
     *
     * @param title the section's heading, such as {@code Sink: files}
     * @param prefix the prefix of its keys, such as {@code eos.sink.files.}
     * @param description one paragraph under the heading; may be empty
     * @param spec its options
     */
    public record Section(String title, String prefix, String description, ConfigSpec spec) {
        public Section {
            Objects.requireNonNull(title, "title");
            Objects.requireNonNull(prefix, "prefix");
            Objects.requireNonNull(description, "description");
            Objects.requireNonNull(spec, "spec");
        }
    }

    /** The section of a sink provider: {@code Sink: <name>}, keys under {@code eos.sink.<name>.}. */
    public static Section sinkSection(SinkProvider provider) {
        return new Section("Sink: " + provider.name(), "eos.sink." + provider.name() + ".", provider.description(),
                provider.configSpec());
    }

    /** The whole page: a title, how it was made, a table of contents, then every section in the given order. */
    public static String render(String title, String introduction, List<Section> sections) {
        StringBuilder out = new StringBuilder();
        out.append("# ").append(title).append("\n\n");
        out.append(introduction.strip()).append("\n\n");
        for (Section section : sections) {
            out.append("- [").append(section.title()).append("](#").append(anchor(section.title())).append(")\n");
        }
        for (Section section : sections) {
            out.append('\n').append(renderSection(section));
        }
        return out.toString();
    }

    /** One section: heading, description, the options' table and the pass-through prefixes. */
    public static String renderSection(Section section) {
        StringBuilder out = new StringBuilder();
        out.append("## ").append(section.title()).append("\n\n");
        if (!section.description().isBlank()) {
            out.append(section.description().strip()).append("\n\n");
        }
        ConfigSpec spec = section.spec();
        if (spec.options().isEmpty() && spec.passThroughPrefixes().isEmpty()) {
            return out.append("No options.\n").toString();
        }
        out.append("| Key | Type | Required | Default | Description | Secret |\n");
        out.append("|---|---|---|---|---|---|\n");
        for (ConfigOption<?> option : spec.options()) {
            out.append("| `").append(section.prefix()).append(option.name()).append("` | ")
                    .append(type(option)).append(" | ")
                    .append(option.isRequired() ? "yes" : "no").append(" | ")
                    .append(option.defaultText() == null ? "" : "`" + cell(option.defaultText()) + "`").append(" | ")
                    .append(cell(option.description())).append(" | ")
                    .append(option.isSecret() ? "yes" : "").append(" |\n");
        }
        for (Map.Entry<String, String> passThrough : spec.passThroughPrefixes().entrySet()) {
            out.append("| `").append(section.prefix()).append(passThrough.getKey()).append("*` | pass-through | no |  | ")
                    .append(cell(passThrough.getValue()))
                    .append(" Handed on unchecked; keys that look like credentials are hidden. | if it looks like one |\n");
        }
        return out.toString();
    }

    /**
     * One section's options as plain text, for a terminal: per option a line with its key and, in parentheses,
     * required or optional, its type and allowed values, its default and whether it is a secret, then its description
     * on an indented line; then a line per pass-through prefix. Each line ends with a newline.
     */
    public static String renderText(Section section) {
        StringBuilder out = new StringBuilder();
        for (ConfigOption<?> option : section.spec().options()) {
            out.append("  ").append(section.prefix()).append(option.name())
                    .append(option.isRequired() ? " (required" : " (optional");
            if (!option.isSecret()) {
                out.append(", ").append(option.type().name().toLowerCase(Locale.ROOT));
                if (!option.rangeText().isEmpty()) {
                    out.append(" ").append(option.rangeText());
                }
            }
            if (!option.allowedValues().isEmpty()) {
                out.append(": ").append(String.join("|", option.allowedValues()));
            }
            if (option.defaultText() != null) {
                out.append(", default ").append(option.defaultText());
            }
            if (option.isSecret()) {
                out.append(", secret");
            }
            out.append(")\n");
            if (!option.description().isEmpty()) {
                out.append("      ").append(option.description()).append('\n');
            }
        }
        section.spec().passThroughPrefixes().forEach((prefix, what) -> out.append("  ").append(section.prefix())
                .append(prefix).append("* (passed through) ").append(what).append('\n'));
        return out.toString();
    }

    private static String type(ConfigOption<?> option) {
        String range = option.rangeText();
        return range.isEmpty() ? typeName(option) : typeName(option) + ", " + range;
    }

    private static String typeName(ConfigOption<?> option) {
        String type = option.type().name().toLowerCase(Locale.ROOT);
        if (option.type() == ConfigType.ENUM) {
            return "enum: " + String.join(", ", option.allowedValues().stream().map(v -> "`" + v + "`").toList());
        }
        if (option.type() == ConfigType.DURATION) {
            return "duration";
        }
        if (option.type() == ConfigType.LIST) {
            return "list (comma-separated)";
        }
        return type;
    }

    private static String cell(String text) {
        return text.replace("\\", "\\\\").replace("|", "\\|").replace("\r", "").replace("\n", " ").strip();
    }

    /** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens. */
    static String anchor(String title) {
        return title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 _-]", "").replace(' ', '-');
    }
}
