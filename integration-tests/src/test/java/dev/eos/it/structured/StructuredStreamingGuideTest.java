package dev.eos.it.structured;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Java code of docs/structured-streaming.md is {@link UsersStructuredQuery}'s, which {@link UsersStructuredQueryIT}
 * runs: each fenced block after a {@code <!-- snippet: PATH#TAG -->} line must be the region of PATH between
 * {@code tag::TAG[]} and {@code end::TAG[]}, without the markers and the region's common indentation.
 */
class StructuredStreamingGuideTest {

    private static final Pattern SNIPPET = Pattern.compile("<!-- snippet: (\\S+)#(\\S+) -->");
    private static final Path ROOT = Path.of("..");

    @Test
    void theGuidesJavaCodeIsTheCodeTheKilledDriverTestRuns() throws IOException {
        List<String> page = Files.readAllLines(ROOT.resolve("docs/structured-streaming.md"), StandardCharsets.UTF_8);
        List<String> tags = new ArrayList<>();
        for (int i = 0; i < page.size(); i++) {
            Matcher m = SNIPPET.matcher(page.get(i).trim());
            if (!m.matches()) {
                continue;
            }
            tags.add(m.group(2));
            assertThat(page.get(i + 1)).as("a fenced block after line %d", i + 1).startsWith("```");
            List<String> block = new ArrayList<>();
            for (int j = i + 2; !page.get(j).equals("```"); j++) {
                block.add(page.get(j));
            }
            assertThat(String.join("\n", block)).as("the %s snippet of docs/structured-streaming.md (edit %s, then "
                    + "copy its region)", m.group(2), m.group(1))
                    .isEqualTo(String.join("\n", region(ROOT.resolve(m.group(1)), m.group(2))));
        }
        assertThat(tags).containsExactly("imports", "query");
    }

    private static List<String> region(Path source, String tag) throws IOException {
        List<String> lines = Files.readAllLines(source, StandardCharsets.UTF_8);
        int start = -1;
        int end = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).trim().equals("// tag::" + tag + "[]")) {
                start = i + 1;
            } else if (lines.get(i).trim().equals("// end::" + tag + "[]")) {
                end = i;
            }
        }
        List<String> region = lines.subList(start, end);
        int indent = region.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        return region.stream().map(l -> l.isBlank() ? "" : l.substring(indent)).toList();
    }
}
