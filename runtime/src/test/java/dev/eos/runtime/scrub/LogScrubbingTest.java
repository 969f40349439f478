package dev.eos.runtime.scrub;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

class LogScrubbingTest {

    private final LoggerContext context = (LoggerContext) LogManager.getContext(false);
    private final Capture capture = new Capture();

    @AfterEach
    void removeCapture() {
        LoggerConfig root = context.getConfiguration().getRootLogger();
        root.removeAppender(capture.getName());
        root.removeAppender(LogScrubbing.PREFIX + capture.getName());
        context.updateLoggers();
    }

    @Test
    void everyAppenderReceivesScrubbedMessagesAndStackTraces() {
        capture.start();
        context.getConfiguration().addAppender(capture);
        context.getConfiguration().getRootLogger().addAppender(capture, Level.ALL, null);
        context.updateLoggers();
        Scrubber.remember(Map.of("eos.sink.jdbc.password", "Log-pw-21"));

        assertThat(LogScrubbing.install()).isTrue();
        LoggerFactory.getLogger("scrub.test").error("connecting with Log-pw-21 failed",
                new RuntimeException("outer", new IllegalStateException("inner Log-pw-21")));

        assertThat(capture.events).hasSize(1);
        LogEvent event = capture.events.get(0);
        assertThat(event.getThrown()).isNull();
        assertThat(event.getMessage().getFormattedMessage())
                .startsWith("connecting with [hidden] failed")
                .contains("Caused by: java.lang.IllegalStateException: inner [hidden]")
                .doesNotContain("Log-pw-21");
    }

    private static final class Capture extends AbstractAppender {

        final List<LogEvent> events = new CopyOnWriteArrayList<>();

        Capture() {
            super("capture-" + System.nanoTime(), null, null, true, Property.EMPTY_ARRAY);
        }

        @Override
        public void append(LogEvent event) {
            events.add(event.toImmutable());
        }
    }
}
