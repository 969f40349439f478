package dev.eos.demo.crashloop;

import dev.eos.runtime.Main;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * How a run of the job is started in a child JVM: the class whose {@code main("run", CONFIG)} runs the job, the
 * class path, the JVM flags Spark needs, the heap and any further JVM options. The one set of child-JVM settings:
 * a {@link JobLauncher} takes it, and so does the crash loop ({@link CrashLoopOptions#jvm}).
 *
 * <p>{@link #defaults()}: {@code dev.eos.runtime.Main}, this JVM's class path, {@link #sparkFlags()}, 1g of heap.
 *
 * @param mainClass the class whose {@code main("run", CONFIG)} runs the job
 * @param classpath the child's class path
 * @param flags the JVM flags Spark needs on JDK 17
 * @param heap the maximum heap ({@code -Xmx})
 * @param options more JVM options, such as {@code -Dspark.some.conf=value}
 */
public record JobJvm(String mainClass, String classpath, List<String> flags, String heap, List<String> options) {

    /** The build's copy of the parent POM's {@code eos.jvm.flags} (a filtered resource). */
    private static final String FLAGS_RESOURCE = "jvm-flags.txt";

    public JobJvm {
        Objects.requireNonNull(mainClass, "mainClass");
        Objects.requireNonNull(classpath, "classpath");
        Objects.requireNonNull(heap, "heap");
        flags = List.copyOf(flags);
        options = List.copyOf(options);
    }

    /** The real job with this JVM's class path, the Spark flags and 1g of heap. */
    public static JobJvm defaults() {
        return new JobJvm(Main.class.getName(), System.getProperty("java.class.path"), sparkFlags(), "1g", List.of());
    }

    public JobJvm withMainClass(String mainClass) {
        return new JobJvm(mainClass, classpath, flags, heap, options);
    }

    public JobJvm withClasspath(String classpath) {
        return new JobJvm(mainClass, classpath, flags, heap, options);
    }

    public JobJvm withFlags(List<String> flags) {
        return new JobJvm(mainClass, classpath, flags, heap, options);
    }

    public JobJvm withHeap(String heap) {
        return new JobJvm(mainClass, classpath, flags, heap, options);
    }

    /** These options and one more. */
    public JobJvm withOption(String option) {
        List<String> more = new ArrayList<>(options);
        more.add(option);
        return new JobJvm(mainClass, classpath, flags, heap, more);
    }

    /**
     * The JVM flags Spark needs on JDK 17: {@code -Deos.jvm.flags} when this JVM was given it (the build sets it
     * for tests), else the parent POM's {@code eos.jvm.flags} as the build wrote it into this module's jar.
     */
    public static List<String> sparkFlags() {
        String given = System.getProperty("eos.jvm.flags");
        return split(given != null && !given.isBlank() ? given : builtFlags());
    }

    private static String builtFlags() {
        try (InputStream in = JobJvm.class.getResourceAsStream(FLAGS_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(FLAGS_RESOURCE + " is missing beside " + JobJvm.class.getName()
                        + "; build the demo module with Maven, which writes it from the parent POM's eos.jvm.flags");
            }
            String flags = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (flags.contains("${")) {
                throw new IllegalStateException(FLAGS_RESOURCE + " was not filtered by the build: " + flags.strip());
            }
            return flags;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> split(String flags) {
        return Arrays.stream(flags.trim().split("\\s+")).filter(f -> !f.isEmpty()).toList();
    }
}
