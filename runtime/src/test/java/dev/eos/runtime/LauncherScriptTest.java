package dev.eos.runtime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * bin/eos, run as a user runs it, for what needs no build: the help, the command line's checks that come before any
 * build, and the connector listing of {@code bin/eos plugins}.
 */
class LauncherScriptTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path SCRIPT = ROOT.resolve("bin/eos");

    @TempDir
    Path dir;

    private record Result(int code, String out, String err) {
    }

    private Result eos(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
        command.addAll(List.of(args));
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("bin/eos finished").isTrue();
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void helpListsEveryCommandAndOptionWithoutBuildingAnything() throws Exception {
        Result help = eos("--help");

        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("run CONFIG", "run --print-submit CONFIG", "validate CONFIG",
                "validate --no-preflight CONFIG", "sinks", "plugins install [NAME ...]", "demo [options]", "help",
                "--plugins DIR", "--print-submit", "--rebuild", "-h, --help", "EOS_JAVA_OPTS", "SPARK_LOCAL_DIRS",
                "Exit codes");
        assertThat(help.err()).isEmpty();
        assertThat(eos("help").out()).isEqualTo(help.out());
        assertThat(eos("validate", "--help").out()).isEqualTo(help.out());
    }

    @Test
    void theLauncherPageShowsTheHelpAsTheScriptPrintsIt() throws Exception {
        String page = Files.readString(ROOT.resolve("docs/launcher.md"), StandardCharsets.UTF_8);

        assertThat(page).contains("```\n" + eos("--help").out() + "```\n");
    }

    @Test
    void noCommandOrAnUnknownOneIsAUsageError() throws Exception {
        Result none = eos();
        Result unknown = eos("sink");

        assertThat(none.code()).isEqualTo(2);
        assertThat(none.err()).contains("Usage: bin/eos");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("eos: unknown command \"sink\"");
    }

    @Test
    void printSubmitWithoutConfigIsAUsageErrorBeforeAnyBuild() throws Exception {
        Result missing = eos("run", "--print-submit");
        Result onlyOverrides = eos("run", "--print-submit", "eos.sink=files");
        Result wrongCommand = eos("validate", "--print-submit", "job.properties");

        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("missing CONFIG").doesNotContain("building");
        assertThat(onlyOverrides.code()).isEqualTo(2);
        assertThat(wrongCommand.code()).isEqualTo(2);
        assertThat(wrongCommand.err()).contains("--print-submit goes with run");
    }

    @Test
    void pluginsListsEveryConnectorOfTheCheckoutAndWhichAreInstalled() throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Files.write(plugins.resolve("eos-connector-jdbc-0.1.0-SNAPSHOT.jar"), new byte[0]);

        Result list = eos("plugins", "--plugins", plugins.toString());

        assertThat(list.code()).isZero();
        assertThat(list.out()).containsPattern("files +on the class path \\(embedded\\)")
                .containsPattern("jdbc +in plugins/")
                .contains("azure-blob", "adls", "hbase")
                .contains("bin/eos plugins install [NAME ...]");
    }

    @Test
    void installingAnUnknownConnectorNamesTheOnesThereAre() throws Exception {
        Result install = eos("plugins", "install", "nosuch");

        assertThat(install.code()).isEqualTo(2);
        assertThat(install.err()).contains("no connector \"nosuch\" in this checkout; there are: adls azure-blob files "
                + "hbase jdbc");
    }
}
