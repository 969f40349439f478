package dev.eos.runtime.demo;

import java.io.IOException;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Starts the job ({@code dev.eos.runtime.Main run CONFIG}) in child JVMs, one {@link JobProcess} per run, all
 * writing their output to one log file ({@code job.log} in the work directory). The child runs
 * {@code <java.home>/bin/java} with the Spark flags, {@code -Xmx}, a scratch directory under the work directory
 * ({@code java.io.tmpdir} and {@code spark.local.dir}), the Spark UI off, this JVM's logging configuration
 * ({@code log4j2.configurationFile}) if it has one, and this JVM's class path unless told otherwise.
 */
public final class JobLauncher implements AutoCloseable {

    /** The JVM flags Spark needs on JDK 17 (the parent POM's {@code eos.jvm.flags}). */
    static final List<String> SPARK_JDK17_FLAGS = List.of(
            "-XX:+IgnoreUnrecognizedVMOptions", "--add-modules=jdk.incubator.vector",
            "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED", "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
            "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
            "--add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
            "-Dio.netty.tryReflectionSetAccessible=true", "--sun-misc-unsafe-memory-access=allow",
            "--enable-native-access=ALL-UNNAMED");

    private final Path workDir;
    private final Path log;
    private final Writer logWriter;
    private final List<String> prefix;
    private final String mainClass;
    private final String classpath;
    private int runs;

    private JobLauncher(Builder b) throws IOException {
        this.workDir = b.workDir.toAbsolutePath();
        Path scratch = workDir.resolve("tmp");
        Files.createDirectories(scratch);
        this.log = workDir.resolve("job.log");
        this.logWriter = Files.newBufferedWriter(log, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(b.jvmFlags != null ? b.jvmFlags : defaultJvmFlags());
        command.add("-Xmx" + b.heap);
        command.add("-Djava.io.tmpdir=" + scratch);
        command.add("-Dspark.local.dir=" + scratch);
        command.add("-Dspark.ui.enabled=false");
        String logging = System.getProperty("log4j2.configurationFile");
        if (logging != null) {
            command.add("-Dlog4j2.configurationFile=" + logging);
        }
        command.addAll(b.extraJvmOptions);
        command.add("-cp");
        this.classpath = b.classpath != null ? b.classpath : System.getProperty("java.class.path");
        command.add(classpath);
        this.prefix = List.copyOf(command);
        this.mainClass = b.mainClass;
    }

    public static Builder builder(Path workDir) {
        return new Builder(workDir);
    }

    /** Starts the next run: {@code <mainClass> run <config>}. */
    public synchronized JobProcess start(Path config) throws IOException {
        List<String> command = new ArrayList<>(prefix);
        command.add(mainClass);
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

    /**
     * The Spark flags for the child: {@code -Deos.jvm.flags} (set by the build for tests), else {@code EOS_JVM_FLAGS}
     * (set by {@code bin/eos}), else this JVM's own module flags, else the built-in set.
     */
    static List<String> defaultJvmFlags() {
        for (String given : new String[] {System.getProperty("eos.jvm.flags"), System.getenv("EOS_JVM_FLAGS")}) {
            if (given != null && !given.isBlank()) {
                return Arrays.asList(given.trim().split("\\s+"));
            }
        }
        List<String> own = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-opens") || a.startsWith("--add-exports")
                        || a.startsWith("--add-modules") || a.startsWith("--enable-native-access")
                        || a.startsWith("--sun-misc-unsafe-memory-access")
                        || a.equals("-XX:+IgnoreUnrecognizedVMOptions")
                        || a.startsWith("-Dio.netty.tryReflectionSetAccessible"))
                .toList();
        boolean complete = own.contains("-XX:+IgnoreUnrecognizedVMOptions")
                && own.stream().anyMatch(a -> a.contains("java.base/java.nio="));
        return complete ? own : SPARK_JDK17_FLAGS;
    }

    /** The child JVM's settings. */
    public static final class Builder {
        private final Path workDir;
        private String classpath;
        private List<String> jvmFlags;
        private final List<String> extraJvmOptions = new ArrayList<>();
        private String heap = "1g";
        private String mainClass = "dev.eos.runtime.Main";

        private Builder(Path workDir) {
            this.workDir = Objects.requireNonNull(workDir, "workDir");
        }

        /** The child's class path; default this JVM's. */
        public Builder classpath(String classpath) {
            this.classpath = classpath;
            return this;
        }

        /** The child's JVM flags; default {@code -Deos.jvm.flags}, else this JVM's module flags, else the built-in set. */
        public Builder jvmFlags(List<String> flags) {
            this.jvmFlags = List.copyOf(flags);
            return this;
        }

        /** One more option for the child JVM, such as {@code -Dspark.some.conf=value}. */
        public Builder extraJvmOption(String option) {
            this.extraJvmOptions.add(option);
            return this;
        }

        /** The child's maximum heap ({@code -Xmx}); default {@code 1g}. */
        public Builder heap(String heap) {
            this.heap = heap;
            return this;
        }

        /** The class whose {@code main("run", CONFIG)} runs the job; default {@code dev.eos.runtime.Main}. */
        public Builder mainClass(String mainClass) {
            this.mainClass = mainClass;
            return this;
        }

        /** Opens the log file ({@code job.log} in the work directory, appended to). */
        public JobLauncher build() throws IOException {
            return new JobLauncher(this);
        }
    }
}
