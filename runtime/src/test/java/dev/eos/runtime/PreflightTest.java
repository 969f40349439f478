package dev.eos.runtime;

import dev.eos.spi.ConfigException;
import dev.eos.spi.RetriableSinkException;
import dev.eos.spi.SinkException;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** Each preflight step is bounded and says what, where and why in words. */
class PreflightTest {

    @Test
    void aStepThatNeverAnswersIsAbandonedAfterTheTimeoutNamingTheEndpoint() {
        Preflight preflight = new Preflight(Duration.ofMillis(300));
        CountDownLatch never = new CountDownLatch(1);
        long start = System.nanoTime();

        preflight.step("sink \"jdbc\"", "jdbc:postgresql://db:5432/x", () -> {
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Throwable failure = catchThrowable(preflight::finish);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
        assertThat(failure).isInstanceOf(RetriableSinkException.class).hasMessage("The preflight of sink \"jdbc\" at "
                + "jdbc:postgresql://db:5432/x got no answer within 300ms (eos.preflight.timeout): is it up, and is "
                + "this the right address?");
    }

    @Test
    void theRootCauseIsSaidInWords() {
        Preflight preflight = new Preflight(Duration.ofSeconds(10));

        preflight.step("sink \"azure-blob\"", "http://127.0.0.1:1/acct", () -> {
            throw new RetriableSinkException("Checking the container failed: java.lang.RuntimeException",
                    new RuntimeException(new ConnectException("Connection refused")));
        });

        assertThat(catchThrowable(preflight::finish)).isInstanceOf(RetriableSinkException.class).hasMessage(
                "The preflight of sink \"azure-blob\" at http://127.0.0.1:1/acct failed: Checking the container "
                        + "failed: java.lang.RuntimeException (connection refused)");
        assertThat(Preflight.inWords(new RuntimeException(new UnknownHostException("nosuch.example"))))
                .isEqualTo(" (unknown host nosuch.example)");
        assertThat(Preflight.inWords(new RuntimeException("Connection is not available, request timed out after 10003ms")))
                .isEqualTo(" (no answer in time)");
    }

    @Test
    void everyStepRunsAndConfigurationProblemsComeWithTheFailuresAtOnce() {
        Preflight preflight = new Preflight(Duration.ofSeconds(10));

        preflight.step("the checkpoint directory", "/x", () -> {
            throw new ConfigException("Invalid value /x for configuration \"eos.checkpoint.dir\": it is a file");
        });
        preflight.step("sink \"s\"", "", () -> {
            throw new SinkException("down");
        });
        preflight.step("source \"files\"", "", () -> { });

        Throwable failure = catchThrowable(preflight::finish);
        assertThat(failure).isInstanceOf(ConfigException.class);
        assertThat(((ConfigException) failure).problems()).containsExactly(
                "Invalid value /x for configuration \"eos.checkpoint.dir\": it is a file",
                "The preflight of sink \"s\" failed: down");
    }
}
