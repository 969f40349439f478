package dev.eos.demo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo's command line: what it refuses, before any JVM is started. (The demo itself runs in the build's ITs.) */
class DemoTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int demo(String... args) {
        return Demo.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String errors() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void anUnknownSourceIsABadCommandLineNamingTheKnownSources() {
        assertThat(demo("--source", "kafka2", "--dir", dir.toString())).isEqualTo(2);
        assertThat(errors()).contains("unknown source kafka2", "the demo knows files", "usage: bin/eos demo");
    }

    @Test
    void anUnknownEngineIsABadCommandLineNamingTheEngines() {
        assertThat(demo("--engine", "flink", "--dir", dir.toString())).isEqualTo(2);
        assertThat(errors()).contains("unknown engine flink; the job has dstream, structured");
    }

    @Test
    void noRandomCrashIsRefused() {
        assertThat(demo("--crashes", "0", "--dir", dir.toString())).isEqualTo(2);
        assertThat(errors()).contains("--crashes must be at least 1");
    }

    @Test
    void anUnknownArgumentIsRefused() {
        assertThat(demo("--fast")).isEqualTo(2);
        assertThat(errors()).contains("unknown argument --fast");
    }

    @Test
    void aNonEmptyDirectoryTheDemoDidNotMakeIsLeftAlone() throws Exception {
        Path precious = Files.writeString(dir.resolve("precious.txt"), "keep me");

        assertThat(demo("--dir", dir.toString())).isEqualTo(2);

        assertThat(errors()).contains("is not a demo directory");
        assertThat(precious).hasContent("keep me");
    }

    @Test
    void helpPrintsTheUsage() {
        assertThat(demo("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--crashes N", "--seed N", "--source NAME",
                "--engine NAME", "--cluster");
    }

    @Test
    void theClusterDemoRunsWithTheFilesSourceOnly() {
        assertThat(demo("--cluster", "--source", "kafka", "--dir", dir.toString())).isEqualTo(2);
        assertThat(errors()).contains("--cluster runs with the files source only");
    }
}
