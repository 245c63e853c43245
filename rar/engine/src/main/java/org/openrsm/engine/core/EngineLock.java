package org.openrsm.engine.core;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.openrsm.api.RsmException;
import org.openrsm.engine.catalog.Catalog;

/**
 * The engine lock (DESIGN.md §7): one lock guards the catalog in memory and all run-time state of the engine.
 * Robot moves, store reads for start-up and waiting callers never hold it. A method that needs it says so with
 * {@link #assertHeld()} instead of a comment; a caller that forgot it gets an IllegalStateException (turned into
 * INTERNAL_ERROR at the session boundary), never a silent race.
 *
 * <p>Events ({@link #afterUnlock}) are queued under the lock and run, in the order queued, by the thread that
 * releases the lock last, after it released it: listeners (JMX beans and their registration) never run under it.
 */
public final class EngineLock {
    private final ReentrantLock lock = new ReentrantLock();
    /** signalled after every commit and every change of run-time state */
    private final Condition changed = lock.newCondition();

    public void lock() {
        lock.lock();
    }

    /** Takes the lock only if it is free now: for a thread that must never wait for the engine (the lease's). */
    public boolean tryLock() {
        return lock.tryLock();
    }

    public void unlock() {
        boolean last = lock.getHoldCount() == 1;
        lock.unlock();
        if (last) {
            deliverEvents();
        }
    }

    private final Queue<Runnable> events = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean delivering = new AtomicBoolean();

    /** Queues an event to run after the lock is released (engine lock). */
    public void afterUnlock(Runnable event) {
        assertHeld();
        events.add(event);
    }

    /** Runs queued events one thread at a time, in order; an event may take the lock (then queues no recursion). */
    private void deliverEvents() {
        while (!events.isEmpty() && delivering.compareAndSet(false, true)) {
            try {
                for (Runnable e = events.poll(); e != null; e = events.poll()) {
                    e.run();
                }
            } finally {
                delivering.set(false);
            }
        }
    }

    public boolean isHeld() {
        return lock.isHeldByCurrentThread();
    }

    /** Fails unless the calling thread holds the engine lock. */
    public void assertHeld() {
        if (!lock.isHeldByCurrentThread()) {
            throw new IllegalStateException("the engine lock is not held");
        }
    }

    /** Wakes every thread waiting for a change (engine lock). */
    public void signalChange() {
        assertHeld();
        changed.signalAll();
    }

    /** Waits for a change at most {@code nanos}; returns the time left (engine lock, released while waiting). */
    public long awaitChange(long nanos) throws InterruptedException {
        assertHeld();
        return changed.awaitNanos(nanos);
    }

    /** Catalog work run under the engine lock. */
    @FunctionalInterface
    public interface Work<T> {
        T run() throws RsmException;
    }

    /** Runs {@code work} under the engine lock. */
    public <T> T call(Work<T> work) throws RsmException {
        lock();
        try {
            return work.run();
        } finally {
            unlock();
        }
    }

    /** Runs {@code work} under the engine lock. */
    public void run(Runnable work) {
        lock();
        try {
            work.run();
        } finally {
            unlock();
        }
    }
}
