package dev.eos.demo.crashloop;

import dev.eos.runtime.Main;

import java.io.File;
import java.io.IOException;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A class data sharing archive of the job's classes (the JDK's dynamic AppCDS archive), which the child JVMs of a
 * test run map instead of loading and verifying Spark's classes again: a child then reaches its first batch in about
 * half the CPU time, and the crash loops start a child for every crash. A test setting, never used by the demo or a
 * user's job: {@code -Deos.jvm.class-data=<directory>} turns it on (integration-tests/pom.xml sets it).
 *
 * <p>The archive is made once per class path, by a training run of the job (the files source into the files sink on
 * the structured engine, everything available now, then exit) whose JVM writes the archive as it exits, under a file
 * lock so that test JVMs side by side make it once. An archive holds classes from jars only, and a JVM maps it only
 * when its class path starts with the jars the archive was made from: the child's class path is its jars first, in
 * their order, then its directories (test classes, which hold classes only). When the training run fails, the children
 * start without an archive, as they would without the setting, and the failure is kept beside it
 * ({@code job-<fingerprint>.jsa.failed}): the training is not tried again for the same jars.
 */
final class ClassDataArchive {

    /** The test setting: the directory the archives are kept in. */
    static final String PROPERTY = "eos.jvm.class-data";

    private final Path archive;
    private final String classpath;

    private ClassDataArchive(Path archive, String classpath) {
        this.archive = archive;
        this.classpath = classpath;
    }

    /** The archive for this job's class path when the test run asks for one, made now if missing; else empty. */
    static Optional<ClassDataArchive> forJob(JobJvm jvm) {
        String dir = System.getProperty(PROPERTY);
        if (dir == null || dir.isBlank()) {
            return Optional.empty();
        }
        List<String> jars = new ArrayList<>();
        List<String> others = new ArrayList<>();
        for (String entry : jvm.classpath().split(File.pathSeparator)) {
            (entry.endsWith(".jar") && Files.isRegularFile(Path.of(entry)) ? jars : others).add(entry);
        }
        try {
            Path archive = Path.of(dir).toAbsolutePath().resolve("job-" + fingerprint(jars) + ".jsa");
            made(archive, jvm, jars);
            List<String> classpath = new ArrayList<>(jars);
            classpath.addAll(others);
            return Files.isRegularFile(archive)
                    ? Optional.of(new ClassDataArchive(archive, String.join(File.pathSeparator, classpath)))
                    : Optional.empty();
        } catch (IOException e) {
            System.err.println("[class data] no archive, the job's JVMs start without one: " + e);
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** The JVM option that maps the archive. */
    String option() {
        return "-XX:SharedArchiveFile=" + archive;
    }

    /** The child's class path: its jars, in their order, then the rest. */
    String classpath() {
        return classpath;
    }

    private static synchronized void made(Path archive, JobJvm jvm, List<String> jars)
            throws IOException, InterruptedException {
        Files.createDirectories(archive.getParent());
        try (FileChannel channel = FileChannel.open(archive.resolveSibling("training.lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE); FileLock lock = channel.lock()) {
            Path failed = archive.resolveSibling(archive.getFileName() + ".failed");
            if (!Files.exists(archive) && !Files.exists(failed)) {
                try {
                    train(archive, jvm, jars);
                } catch (IOException e) {
                    Files.writeString(failed, e.getMessage() + "\n");
                    throw e;
                }
            }
        }
    }

    /** Runs the job once in a JVM that writes the archive as it exits; its output stays in {@code training-*}. */
    private static void train(Path archive, JobJvm jvm, List<String> jars) throws IOException, InterruptedException {
        Path work = Files.createTempDirectory(archive.getParent(), "training-");
        Path input = Files.createDirectories(work.resolve("input"));
        Files.writeString(input.resolve("events.txt"), "one\ntwo\nthree\n");
        Properties job = new Properties();
        job.setProperty("eos.engine", "structured");
        job.setProperty("eos.trigger", "available-now");
        job.setProperty("eos.checkpoint.dir", work.resolve("checkpoint").toString());
        job.setProperty("eos.source", "files");
        job.setProperty("eos.source.files.path", input.toString());
        job.setProperty("eos.sink", "files");
        job.setProperty("eos.sink.files.path", work.resolve("output").toString());
        job.setProperty("spark.master", "local[2,3]");
        Path config = work.resolve("job.properties");
        try (Writer out = Files.newBufferedWriter(config, StandardCharsets.UTF_8)) {
            job.store(out, "the training run of the class data archive");
        }
        Path scratch = Files.createDirectories(work.resolve("tmp"));
        Path written = archive.resolveSibling(archive.getFileName() + ".tmp");
        List<String> command = JobLauncher.javaCommand(jvm, scratch);
        command.add("-XX:ArchiveClassesAtExit=" + written);
        command.add("-cp");
        command.add(String.join(File.pathSeparator, jars));
        command.add(Main.class.getName());
        command.add("run");
        command.add(config.toString());
        Process training = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve("training.log").toFile()).start();
        if (!training.waitFor(5, TimeUnit.MINUTES)) {
            training.destroyForcibly().waitFor();
            throw new IOException("the training run did not end within 5 minutes; see " + work);
        }
        if (training.exitValue() != 0 || !Files.isRegularFile(written)) {
            throw new IOException("the training run ended with exit code " + training.exitValue() + "; see " + work);
        }
        Files.move(written, archive, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Names the archive after its jars: their paths, sizes and times (a rebuilt jar makes a new archive). */
    private static String fingerprint(List<String> jars) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String jar : jars) {
                Path path = Path.of(jar);
                digest.update((jar + '\0' + Files.size(path) + '\0' + Files.getLastModifiedTime(path).toMillis() + '\n')
                        .getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(digest.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
