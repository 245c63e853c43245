package org.openrsm.engine.core;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The engine's time: the time of day for timestamps, a monotonic time for deadlines, and timers (defer-dismount
 * delays, inventory retries). Every clock reading and timer of the engine goes through it, so that a test can
 * drive time itself instead of waiting for it.
 */
public interface EngineClock extends AutoCloseable {
    Instant now();

    /** Monotonic nanoseconds, for deadlines. */
    long nanoTime();

    /** Runs {@code task} once after {@code delay} on the clock's own thread. */
    Timer schedule(Runnable task, Duration delay);

    /**
     * Runs {@code listener} whenever time jumps (a test advancing its clock), so that threads waiting for a deadline
     * look at the time again. The system clock never jumps.
     */
    default void onJump(Runnable listener) {
    }

    @Override
    void close();

    /** A scheduled task. */
    interface Timer {
        void cancel();
    }

    /** The real clock: one daemon timer thread; a task that fails is logged, never lost silently. */
    static EngineClock system() {
        AtomicInteger n = new AtomicInteger();
        ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "openrsm-timer-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        // every mount with a timeout schedules one and cancels it when served: cancelled timers must not pile up
        timers.setRemoveOnCancelPolicy(true);
        Logger log = Logger.getLogger(EngineClock.class.getName());
        return new EngineClock() {
            @Override
            public Instant now() {
                return Instant.now();
            }

            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public Timer schedule(Runnable task, Duration delay) {
                ScheduledFuture<?> f;
                try {
                    f = timers.schedule(() -> {
                        try {
                            task.run();
                        } catch (RuntimeException e) {
                            log.log(Level.SEVERE, "OpenRSM defect in a timer task", e);
                        }
                    }, delay.toNanos(), TimeUnit.NANOSECONDS);
                } catch (RejectedExecutionException stopped) {
                    // the engine is stopping (robot work that ends after the clock closed): a timer is pointless now
                    return () -> { };
                }
                return () -> f.cancel(false);
            }

            @Override
            public void close() {
                timers.shutdownNow();
            }
        };
    }
}
