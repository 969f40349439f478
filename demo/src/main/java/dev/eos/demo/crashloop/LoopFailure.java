package dev.eos.demo.crashloop;

/** The loop cannot go on: the job died on its own, never started, or its state cannot be read. */
final class LoopFailure extends RuntimeException {

    LoopFailure(String message) {
        super(message);
    }
}
