package dev.eos.demo.crashloop;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Starts the job ({@code <main class> run CONFIG}) in child JVMs as a {@link JobJvm} says, one {@link JobProcess}
 * per run, all writing their output to one log file ({@code job.log} in the work directory). The child runs
 * {@code <java.home>/bin/java} with the JVM's flags, {@code -Xmx}, a scratch directory under the work directory
 * ({@code java.io.tmpdir} and {@code spark.local.dir}), the Spark UI off, this JVM's logging configuration
 * ({@code log4j2.configurationFile}) if it has one, and the JVM's further options; in a test run that asks for it, the
 * {@link ClassDataArchive} of the job's classes.
 */
public final class JobLauncher implements AutoCloseable {

    private final Path workDir;
    private final Path log;
    private final Writer logWriter;
    private final List<String> prefix;
    private final JobJvm jvm;
    private final String classpath;
    private int runs;

    private JobLauncher(Path workDir, JobJvm jvm) throws IOException {
        this.workDir = workDir.toAbsolutePath();
        this.jvm = jvm;
        Path scratch = this.workDir.resolve("tmp");
        Files.createDirectories(scratch);
        this.log = this.workDir.resolve("job.log");
        this.logWriter = Files.newBufferedWriter(log, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        List<String> command = javaCommand(jvm, scratch);
        String logging = System.getProperty("log4j2.configurationFile");
        if (logging != null) {
            command.add("-Dlog4j2.configurationFile=" + logging);
        }
        command.addAll(jvm.options());
        Optional<ClassDataArchive> archive = ClassDataArchive.forJob(jvm);
        archive.ifPresent(a -> command.add(a.option()));
        this.classpath = archive.map(ClassDataArchive::classpath).orElse(jvm.classpath());
        command.add("-cp");
        command.add(classpath);
        this.prefix = List.copyOf(command);
    }

    /**
     * How a child JVM of the job starts: {@code <java.home>/bin/java}, the JVM's flags and heap, {@code scratch} as
     * {@code java.io.tmpdir} and {@code spark.local.dir}, the Spark UI off.
     */
    static List<String> javaCommand(JobJvm jvm, Path scratch) {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvm.flags());
        command.add("-Xmx" + jvm.heap());
        command.add("-Djava.io.tmpdir=" + scratch);
        command.add("-Dspark.local.dir=" + scratch);
        command.add("-Dspark.ui.enabled=false");
        return command;
    }

    /** Opens the log file ({@code job.log} in {@code workDir}, appended to); no run is started yet. */
    public static JobLauncher open(Path workDir, JobJvm jvm) throws IOException {
        return new JobLauncher(workDir, jvm);
    }

    /** Starts the next run: {@code <main class> run <config>}. */
    public JobProcess start(Path config) throws IOException {
        return start(config, List.of());
    }

    /**
     * Starts the next run with more JVM options for this run only, such as {@code -Deos.test.crash=<point>}
     * (docs/operations.md#crash-testing).
     */
    public synchronized JobProcess start(Path config, List<String> runOptions) throws IOException {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(command.indexOf("-cp"), runOptions);
        command.add(jvm.mainClass());
        command.add("run");
        command.add(config.toAbsolutePath().toString());
        int run = ++runs;
        if (run == 1) {
            synchronized (logWriter) {
                logWriter.write("==== class path of every run: " + classpath + "\n");
            }
        }
        List<String> display = new ArrayList<>(command);
        display.set(display.indexOf(classpath), "<class path>");
        return JobProcess.start(run, command, String.join(" ", display), workDir, logWriter);
    }

    /** Where every run's output goes. */
    public Path log() {
        return log;
    }

    public Path workDir() {
        return workDir;
    }

    @Override
    public void close() throws IOException {
        synchronized (logWriter) {
            logWriter.close();
        }
    }
}
