package org.openrsm.changer;

import java.time.Duration;

/**
 * Waiting for a library that is not ready (initialising, busy): pauses of 1 s, 2 s, 4 s … from the first, as long
 * as the next pause still ends within the bounded wait.
 */
public final class Backoff {
    private final long deadline;
    private Duration delay;

    public Backoff(Duration wait, Duration first) {
        this.deadline = System.nanoTime() + wait.toNanos();
        this.delay = first;
    }

    /** Pauses and returns true, or returns false at once when the wait would run out. */
    public boolean pause() throws ChangerException {
        if (System.nanoTime() + delay.toNanos() >= deadline) {
            return false;
        }
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChangerException(ChangerFault.TRANSIENT, "interrupted while waiting for the library", e);
        }
        delay = delay.multipliedBy(2);
        return true;
    }
}
