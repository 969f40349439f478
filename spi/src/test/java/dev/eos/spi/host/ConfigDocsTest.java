package dev.eos.spi.host;

import dev.eos.spi.ConfigOption;
import dev.eos.spi.ConfigSpec;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigDocsTest {

    enum Mode { PER_RECORD, PER_BATCH }

    private static final ConfigSpec SPEC = ConfigSpec.builder()
            .add(ConfigOption.stringOption("url").required().description("Where | to write."),
                    ConfigOption.durationOption("timeout").defaultValue(Duration.ofSeconds(30)).description("How long."),
                    ConfigOption.enumOption("mode", Mode.class).defaultValue(Mode.PER_BATCH).description("Layout."),
                    ConfigOption.secretOption("password").description("The password."))
            .passThrough("client.", "Client options.")
            .build();

    @Test
    void sectionIsATableOfEveryOptionAndPassThroughPrefix() {
        String section = ConfigDocs.renderSection(new ConfigDocs.Section("Sink: demo", "eos.sink.demo.", "Writes demos.", SPEC));

        assertThat(section).isEqualTo("""
                ## Sink: demo

                Writes demos.

                | Key | Type | Required | Default | Description | Secret |
                |---|---|---|---|---|---|
                | `eos.sink.demo.url` | string | yes |  | Where \\| to write. |  |
                | `eos.sink.demo.timeout` | duration | no | `30s` | How long. |  |
                | `eos.sink.demo.mode` | enum: `per-record`, `per-batch` | no | `per-batch` | Layout. |  |
                | `eos.sink.demo.password` | secret | no |  | The password. | yes |
                | `eos.sink.demo.client.*` | pass-through | no |  | Client options. Handed on unchecked; keys that look like credentials are hidden. | if it looks like one |
                """);
    }

    @Test
    void plainTextListsEveryOptionWithWhatItTakesAndThePassThroughPrefixes() {
        String text = ConfigDocs.renderText(new ConfigDocs.Section("Sink: demo", "eos.sink.demo.", "Writes demos.", SPEC));

        assertThat(text).isEqualTo("""
                  eos.sink.demo.url (required, string)
                      Where | to write.
                  eos.sink.demo.timeout (optional, duration, default 30s)
                      How long.
                  eos.sink.demo.mode (optional, enum: per-record|per-batch, default per-batch)
                      Layout.
                  eos.sink.demo.password (optional, secret)
                      The password.
                  eos.sink.demo.client.* (passed through) Client options.
                """);
    }

    @Test
    void pageListsSectionsInOrderWithAnchors() {
        String page = ConfigDocs.render("Configuration reference", "Intro.", List.of(
                new ConfigDocs.Section("Job", "eos.", "", ConfigSpec.of()),
                new ConfigDocs.Section("Sink: files", "eos.sink.files.", "", SPEC)));

        assertThat(page).startsWith("# Configuration reference\n\nIntro.\n\n- [Job](#job)\n- [Sink: files](#sink-files)\n");
        assertThat(page).contains("## Job\n\nNo options.\n");
        assertThat(page.indexOf("## Job")).isLessThan(page.indexOf("## Sink: files"));
    }
}
