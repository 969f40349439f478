package dev.eos.runtime.scrub;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.rewrite.RewriteAppender;
import org.apache.logging.log4j.core.appender.rewrite.RewritePolicy;
import org.apache.logging.log4j.core.config.AppenderRef;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.message.SimpleMessage;

import java.util.ArrayList;
import java.util.List;

/**
 * Puts the {@link Scrubber} in front of every appender of this JVM's log4j configuration, whatever file configured it
 * (the launcher's, the cluster's under spark-submit): each logger's appenders are replaced by a rewrite appender that
 * scrubs the message and the stack trace, then hands the event to the original appender. Installed again when the
 * configuration is replaced (Spark installs its default one when none was given).
 *
 * <p>A scrubbed event carries its stack trace as text at the end of the message instead of as a throwable, so a
 * layout that renders throwables in a field of their own (JSON) shows it in the message. Without log4j-core (another
 * logging backend) nothing is installed and the call says so by returning false.
 */
public final class LogScrubbing {

    static final String PREFIX = "eos-scrub-";
    private static volatile boolean listening;

    private LogScrubbing() {
    }

    /** Wraps every appender not wrapped yet; returns whether log4j-core is the logging backend here. */
    public static synchronized boolean install() {
        LoggerContext context;
        try {
            if (!(LogManager.getContext(false) instanceof LoggerContext c)) {
                return false;
            }
            context = c;
        } catch (LinkageError noLog4jCore) {
            return false;
        }
        wrap(context);
        if (!listening) {
            listening = true;
            context.addPropertyChangeListener(event -> {
                if (LoggerContext.PROPERTY_CONFIG.equals(event.getPropertyName())) {
                    synchronized (LogScrubbing.class) {
                        wrap(context);
                    }
                }
            });
        }
        return true;
    }

    private static void wrap(LoggerContext context) {
        Configuration config = context.getConfiguration();
        List<LoggerConfig> loggers = new ArrayList<>(config.getLoggers().values());
        if (!loggers.contains(config.getRootLogger())) {
            loggers.add(config.getRootLogger());
        }
        boolean changed = false;
        for (LoggerConfig logger : loggers) {
            for (String name : List.copyOf(logger.getAppenders().keySet())) {
                if (name.startsWith(PREFIX)) {
                    continue;
                }
                AppenderRef ref = logger.getAppenderRefs().stream().filter(r -> r.getRef().equals(name)).findFirst()
                        .orElse(null);
                if (config.getAppender(name) == null) {
                    config.addAppender(logger.getAppenders().get(name));
                }
                Appender scrubbing = scrubbing(config, name);
                logger.removeAppender(name);
                logger.addAppender(scrubbing, ref == null ? null : ref.getLevel(), ref == null ? null : ref.getFilter());
                changed = true;
            }
        }
        if (changed) {
            context.updateLoggers();
        }
    }

    private static Appender scrubbing(Configuration config, String target) {
        Appender existing = config.getAppender(PREFIX + target);
        if (existing != null) {
            return existing;
        }
        RewriteAppender appender = RewriteAppender.createAppender(PREFIX + target, "true",
                new AppenderRef[] {AppenderRef.createAppenderRef(target, null, null)}, config, SCRUB, null);
        appender.start();
        config.addAppender(appender);
        return appender;
    }

    private static final RewritePolicy SCRUB = event -> {
        String message = event.getMessage() == null ? null : event.getMessage().getFormattedMessage();
        Throwable thrown = event.getThrown();
        String scrubbed = Scrubber.scrub(message);
        if (thrown == null && (message == null || scrubbed.equals(message))) {
            return event;
        }
        if (thrown != null) {
            scrubbed = (scrubbed == null ? "" : scrubbed) + System.lineSeparator() + Scrubber.stackTrace(thrown).stripTrailing();
        }
        return new Log4jLogEvent.Builder(event).setMessage(new SimpleMessage(scrubbed)).setThrown(null)
                .setThrownProxy(null).build();
    };
}
