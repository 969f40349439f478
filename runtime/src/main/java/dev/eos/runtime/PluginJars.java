package dev.eos.runtime;

import dev.eos.spi.SinkProvider;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Checks the jars {@code bin/eos} puts on the class path from its plugins directory (system property
 * {@value #PROPERTY}, the jars separated by the path separator). {@code ServiceLoader} ignores a jar without a
 * {@value #SERVICE} file without a word, and the job then fails with "Unknown sink"; the usual cause is a sink built
 * without its annotation processor, so the problem names the jar and, when one is there, the provider class the
 * service file should have listed. Reads the jars only (class files are parsed, never loaded).
 */
final class PluginJars {

    static final String PROPERTY = "eos.plugins";
    static final String SERVICE = "META-INF/services/" + SinkProvider.class.getName();
    private static final String PROVIDER_INTERNAL_NAME = SinkProvider.class.getName().replace('.', '/');
    private static final byte[] PROVIDER_BYTES = PROVIDER_INTERNAL_NAME.getBytes(StandardCharsets.UTF_8);

    private PluginJars() {
    }

    /** The problems of the plugin jars named by the system property; none when it is not set. */
    static List<String> problemsOfConfiguredPlugins() {
        String jars = System.getProperty(PROPERTY, "");
        if (jars.isBlank()) {
            return List.of();
        }
        List<Path> paths = new ArrayList<>();
        for (String jar : jars.split(File.pathSeparator)) {
            if (!jar.isBlank()) {
                paths.add(Path.of(jar));
            }
        }
        return problems(paths);
    }

    static List<String> problems(List<Path> jars) {
        List<String> problems = new ArrayList<>();
        jars.forEach(jar -> problem(jar).ifPresent(problems::add));
        return problems;
    }

    /** Why this jar provides no sink, or empty when it has a service file for {@link SinkProvider}. */
    static Optional<String> problem(Path jar) {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            if (zip.getEntry(SERVICE) != null) {
                return Optional.empty();
            }
            List<String> providers = providerClasses(zip);
            String found = providers.isEmpty() ? ""
                    : " although it holds " + String.join(", ", providers) + ", which implement"
                    + (providers.size() == 1 ? "s " : " ") + SinkProvider.class.getName();
            return Optional.of(jar + " holds no sink provider: it has no " + SERVICE + " file" + found
                    + "; did you forget the annotation processor (@AutoService, with auto-service on the compiler's "
                    + "annotationProcessorPaths)? See docs/writing-a-sink.md");
        } catch (IOException e) {
            return Optional.of(jar + " is not a readable jar: " + e.getMessage());
        }
    }

    /** The concrete classes in the jar that implement {@link SinkProvider} directly. */
    private static List<String> providerClasses(ZipFile zip) throws IOException {
        List<String> providers = new ArrayList<>();
        for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements(); ) {
            ZipEntry entry = entries.nextElement();
            if (entry.isDirectory() || !entry.getName().endsWith(".class")) {
                continue;
            }
            byte[] bytes;
            try (InputStream in = zip.getInputStream(entry)) {
                bytes = in.readAllBytes();
            }
            if (contains(bytes, PROVIDER_BYTES)) {
                ClassFile.implementing(bytes, PROVIDER_INTERNAL_NAME).ifPresent(providers::add);
            }
        }
        Collections.sort(providers);
        return providers;
    }

    private static boolean contains(byte[] bytes, byte[] part) {
        outer:
        for (int i = 0; i <= bytes.length - part.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (bytes[i + j] != part[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** Just enough of the class file format (JVMS 4.1, 4.4) to read a class's name, flags and interfaces. */
    private static final class ClassFile {

        private static final int ACC_INTERFACE = 0x0200;
        private static final int ACC_ABSTRACT = 0x0400;

        /** The class's binary name when it is concrete and implements the interface directly. */
        static Optional<String> implementing(byte[] bytes, String interfaceName) throws IOException {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
            if (in.readInt() != 0xCAFEBABE) {
                return Optional.empty();
            }
            in.readUnsignedShort();
            in.readUnsignedShort();
            int count = in.readUnsignedShort();
            String[] utf8 = new String[count];
            int[] classNameIndex = new int[count];
            for (int i = 1; i < count; i++) {
                int tag = in.readUnsignedByte();
                switch (tag) {
                    case 1 -> utf8[i] = in.readUTF();
                    case 7 -> classNameIndex[i] = in.readUnsignedShort();
                    case 8, 16, 19, 20 -> in.skipBytes(2);
                    case 15 -> in.skipBytes(3);
                    case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipBytes(4);
                    case 5, 6 -> {
                        in.skipBytes(8);
                        i++;
                    }
                    default -> {
                        return Optional.empty();
                    }
                }
            }
            int flags = in.readUnsignedShort();
            String name = utf8[classNameIndex[in.readUnsignedShort()]];
            in.readUnsignedShort();
            int interfaces = in.readUnsignedShort();
            boolean implementsIt = false;
            for (int i = 0; i < interfaces; i++) {
                implementsIt |= interfaceName.equals(utf8[classNameIndex[in.readUnsignedShort()]]);
            }
            boolean concrete = (flags & (ACC_INTERFACE | ACC_ABSTRACT)) == 0;
            return implementsIt && concrete && name != null ? Optional.of(name.replace('/', '.')) : Optional.empty();
        }
    }
}
