package dev.eos.demo.crashloop;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The feeder thread: a group of new {@link Events} handed to the {@link EventFeeder} every interval, at a steady
 * pace whether the job is up or down, until stopped. Keeps every event produced (an event counts once the
 * feeder's {@code feed} returned); a failing feeder stops the feeding and is reported as a problem.
 */
final class Feeding {

    private final EventFeeder feeder;
    private final Events events;
    private final int perFeed;
    private final Duration interval;
    private final List<String> problems;
    private final List<String> produced = new CopyOnWriteArrayList<>();
    private final AtomicLong feeds = new AtomicLong();
    private volatile boolean running;
    private volatile long lastFeedMillis;
    private Thread thread;

    Feeding(EventFeeder feeder, Events events, int perFeed, Duration interval, List<String> problems) {
        this.feeder = feeder;
        this.events = events;
        this.perFeed = perFeed;
        this.interval = interval;
        this.problems = problems;
    }

    /** Starts feeding, unless it was started already. */
    void start() {
        if (thread != null) {
            return;
        }
        running = true;
        thread = new Thread(this::loop, "eos-crash-loop-feeder");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        long next = System.nanoTime();
        while (running) {
            List<String> group = events.next(perFeed);
            try {
                feeder.feed(group);
            } catch (Exception e) {
                problems.add("the feeder failed: " + e);
                running = false;
                return;
            }
            produced.addAll(group);
            lastFeedMillis = System.currentTimeMillis();
            feeds.incrementAndGet();
            next += interval.toNanos();
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
        }
    }

    /** How many groups were fed so far. */
    long feeds() {
        return feeds.get();
    }

    /** When the last group was fed, epoch milliseconds. */
    long lastFeedMillis() {
        return lastFeedMillis;
    }

    void stop() throws InterruptedException {
        running = false;
        if (thread != null) {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        }
    }

    /** Every event produced so far, in order. */
    List<String> produced() {
        return List.copyOf(produced);
    }
}
