package dev.eos.testkit;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The code in docs/writing-a-sink.md is the example sink's code (examples/keyvalue-dir-sink), which the build
 * compiles and tests: each fenced block right after a {@code <!-- snippet: PATH#TAG -->} line is the region of PATH
 * between {@code tag::TAG[]} and {@code end::TAG[]} (less those marker lines and the region's common indentation).
 * This test renders the page from the sources and fails when the committed page differs; with
 * {@code -Deos.docs.update=true} it writes the page instead.
 */
class WritingASinkGuideTest {

    static final String REGENERATE = "./mvnw -pl testkit -am test -Dtest=WritingASinkGuideTest "
            + "-Dsurefire.failIfNoSpecifiedTests=false -Deos.docs.update=true";
    private static final Pattern SNIPPET = Pattern.compile("<!-- snippet: (\\S+)#(\\S+) -->");
    private static final Path ROOT = Path.of(System.getProperty("eos.root", ".."));
    private static final Path PAGE = ROOT.resolve("docs/writing-a-sink.md");

    @Test
    void theGuidesCodeIsTheExampleSinksCode() throws IOException {
        String committed = Files.readString(PAGE, StandardCharsets.UTF_8);
        String expected = render(committed);

        if (Boolean.getBoolean("eos.docs.update")) {
            Files.writeString(PAGE, expected, StandardCharsets.UTF_8);
            return;
        }
        if (!committed.equals(expected)) {
            Path generated = Path.of("target", "writing-a-sink.md");
            Files.createDirectories(generated.getParent());
            Files.writeString(generated, expected, StandardCharsets.UTF_8);
            fail("%s shows code that differs from the example sink's (first difference at line %d; the page as it "
                    + "should be is %s).%nEdit the example, not the page, then regenerate the page with:%n  %s",
                    PAGE.normalize(), firstDifference(committed, expected), generated.toAbsolutePath(), REGENERATE);
        }
    }

    @Test
    void theGuideShowsTheBuildTheOptionsTheProviderAndTheContractTest() throws IOException {
        List<String> snippets = new ArrayList<>();
        Matcher m = SNIPPET.matcher(Files.readString(PAGE, StandardCharsets.UTF_8));
        while (m.find()) {
            snippets.add(m.group(2));
        }

        assertThat(snippets).contains("dependencies", "plugins", "options", "config", "provider", "contract-test");
    }

    /** The page with every snippet's fenced block replaced by its source region. */
    static String render(String page) {
        String[] lines = page.split("\n", -1);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            out.add(lines[i]);
            Matcher m = SNIPPET.matcher(lines[i].trim());
            if (!m.matches()) {
                continue;
            }
            if (i + 1 >= lines.length || !lines[i + 1].startsWith("```")) {
                throw new AssertionError("line " + (i + 1) + ": a snippet marker must be followed by a fenced block");
            }
            out.add(lines[++i]);
            while (i + 1 < lines.length && !lines[i + 1].equals("```")) {
                i++;
            }
            out.addAll(region(ROOT.resolve(m.group(1)), m.group(2)));
        }
        return String.join("\n", out);
    }

    static List<String> region(Path file, String tag) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("snippet source " + file, e);
        }
        List<String> region = new ArrayList<>();
        boolean inside = false;
        boolean found = false;
        for (String line : lines) {
            if (line.contains("tag::" + tag + "[]")) {
                inside = true;
                found = true;
            } else if (line.contains("end::" + tag + "[]")) {
                inside = false;
            } else if (inside && !line.contains("tag::") && !line.contains("end::")) {
                region.add(line);
            }
        }
        assertThat(found).as("tag::%s[] in %s", tag, file).isTrue();
        int indent = region.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        return region.stream().map(l -> l.isBlank() ? "" : l.substring(indent)).toList();
    }

    private static int firstDifference(String a, String b) {
        String[] x = a.split("\n", -1);
        String[] y = b.split("\n", -1);
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            if (!x[i].equals(y[i])) {
                return i + 1;
            }
        }
        return Math.min(x.length, y.length) + 1;
    }
}
