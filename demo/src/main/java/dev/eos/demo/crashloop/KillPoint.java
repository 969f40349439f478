package dev.eos.demo.crashloop;

/** Where in a batch's life the driver was killed. */
public enum KillPoint {
    /** Events were waiting in the source, and no record of the next batch had reached the sink. */
    BEFORE_WRITE("before a write"),
    /** Part of a batch was in the sink, and the batch had not finished. */
    MID_WRITE("mid-write"),
    /** A batch had been written completely (its progress line printed), and its checkpoint was not yet written. */
    AFTER_WRITE_BEFORE_CHECKPOINT("after the write, before the checkpoint");

    private final String text;

    KillPoint(String text) {
        this.text = text;
    }

    /** How the verdict names it. */
    public String text() {
        return text;
    }
}
