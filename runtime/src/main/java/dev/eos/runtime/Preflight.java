package dev.eos.runtime;

import dev.eos.runtime.config.JobOptions;
import dev.eos.spi.ConfigException;
import dev.eos.spi.ConfigSpec;
import dev.eos.spi.RetriableSinkException;
import dev.eos.spi.Sink;
import dev.eos.spi.SinkException;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * Runs the preflight steps of a job or of the library API ({@link ExactlyOnce#preflight()}), each bounded by
 * {@code eos.preflight.timeout}, and gathers what they find:
 * every problem at once, each naming what was checked and where (the endpoint, never a secret), with the root cause
 * said in words ("connection refused", "unknown host", "no answer within 30s"). A step that does not answer in time is
 * abandoned on a daemon thread (interrupted, never waited for).
 */
final class Preflight {

    private static final ConfigSpec TIMEOUT_SPEC = ConfigSpec.of(JobOptions.PREFLIGHT_TIMEOUT);

    private final Duration timeout;
    private final List<String> problems = new ArrayList<>();
    private final List<SinkException> failures = new ArrayList<>();
    private boolean configProblem;

    Preflight(Duration timeout) {
        this.timeout = timeout;
    }

    /**
     * The bound of each step, {@code eos.preflight.timeout} of the given options (its default when absent), for the
     * hosts that take options rather than a whole job configuration (the library API, {@code format("eos")}).
     *
     * @throws ConfigException when the value is not a valid duration within its bounds
     */
    static Duration timeout(Map<String, String> options) {
        String key = JobOptions.PREFIX + JobOptions.PREFLIGHT_TIMEOUT.name();
        Map<String, String> timeoutOnly = options.containsKey(key) ? Map.of(key, options.get(key)) : Map.of();
        return TIMEOUT_SPEC.parse(JobOptions.PREFIX, timeoutOnly).get(JobOptions.PREFLIGHT_TIMEOUT);
    }

    /**
     * Runs one step.
     *
     * @param what what is checked, for messages: {@code sink "jdbc"}
     * @param endpoint where, for messages (no secret); may be empty
     */
    void step(String what, String endpoint, Runnable check) {
        String where = endpoint == null || endpoint.isBlank() ? "" : " at " + endpoint;
        ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "eos-preflight");
            t.setDaemon(true);
            return t;
        });
        Future<?> done = thread.submit(check);
        thread.shutdown();
        try {
            done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            done.cancel(true);
            fail(new RetriableSinkException("The preflight of " + what + where + " got no answer within "
                    + seconds(timeout) + " (eos.preflight.timeout): is it up, and is this the right address?"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            done.cancel(true);
            fail(new RetriableSinkException("The preflight of " + what + " was interrupted"));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ConfigException config) {
                configProblem = true;
                problems.addAll(config.problems());
            } else if (cause instanceof SinkException sink) {
                fail(rephrased(sink, "The preflight of " + what + where + " failed: " + sink.getMessage()
                        + inWords(sink)));
            } else {
                fail(new SinkException("The preflight of " + what + where + " failed: " + cause
                        + inWords(cause), cause));
            }
        }
    }

    /** The steps of the sink and of the dead-letter sink, if any. */
    void sinks(SinkBinding sinks) {
        Sink sink = sinks.sink();
        step("sink \"" + sinks.settings().sink() + "\"", sink.endpoint(), sink::preflight);
        Sink deadLetters = sinks.deadLetterSink();
        if (deadLetters != null) {
            step("dead-letter sink \"" + sinks.settings().deadLetterSink() + "\"", deadLetters.endpoint(),
                    deadLetters::preflight);
        }
    }

    private void fail(SinkException e) {
        failures.add(e);
        problems.add(e.getMessage());
    }

    private static SinkException rephrased(SinkException e, String message) {
        return e instanceof RetriableSinkException ? new RetriableSinkException(message, e)
                : new SinkException(message, e);
    }

    /**
     * @throws ConfigException with every problem when any step found one in the configuration or deployment
     * @throws SinkException the failure of the one step that failed otherwise (a backend not reachable)
     */
    void finish() {
        if (problems.isEmpty()) {
            return;
        }
        if (configProblem || failures.size() > 1) {
            throw new ConfigException(problems);
        }
        throw failures.get(0);
    }

    /** The root cause in words, as " (connection refused)", or empty when the message already says it all. */
    static String inWords(Throwable e) {
        String words = null;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException) {
                words = "connection refused";
            } else if (t instanceof UnknownHostException || t instanceof UnresolvedAddressException) {
                words = "unknown host" + (t.getMessage() == null ? "" : " " + t.getMessage());
            } else if (t instanceof NoRouteToHostException) {
                words = "no route to host";
            } else if (t instanceof SocketTimeoutException) {
                words = "no answer in time";
            } else if (t instanceof SSLException) {
                words = "TLS handshake failed: " + t.getMessage();
            }
        }
        if (words == null) {
            String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
            if (message.contains("timed out") || message.contains("timeout")) {
                words = "no answer in time";
            }
        }
        return words == null || String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains(words)
                ? "" : " (" + words + ")";
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }
}
