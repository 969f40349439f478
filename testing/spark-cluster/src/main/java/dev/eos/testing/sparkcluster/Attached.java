package dev.eos.testing.sparkcluster;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * The main class of a cluster daemon's JVM: {@code Attached <spark main class> [args...]} runs the Spark daemon
 * (Master or Worker) and exits as soon as its standard input closes, that is when the JVM that started it is gone,
 * even after a {@code kill -9} of that JVM. {@link System#exit} runs Spark's shutdown hooks: a Worker kills its
 * executors and drivers on the way out.
 */
public final class Attached {

    private Attached() {
    }

    public static void main(String[] args) throws Exception {
        Thread watch = new Thread(() -> {
            try (InputStream in = System.in) {
                while (in.read() >= 0) {
                    // the parent writes nothing: wait for the end of the stream
                }
            } catch (IOException ignored) {
                // a broken pipe means the same: the parent is gone
            }
            System.exit(0);
        }, "eos-parent-watch");
        watch.setDaemon(true);
        watch.start();
        Method main = Class.forName(args[0]).getMethod("main", String[].class);
        main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
    }
}
