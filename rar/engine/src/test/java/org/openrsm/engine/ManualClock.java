package org.openrsm.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import org.openrsm.engine.core.EngineClock;

/** A clock that stands still until the test advances it; due timers run on the advancing thread, in order. */
final class ManualClock implements EngineClock {
    private final Instant start = Instant.parse("2026-12-01T00:00:00Z");
    private long nanos;
    private long sequence;
    private final PriorityQueue<Task> tasks = new PriorityQueue<>();
    private final List<Runnable> jumpListeners = new ArrayList<>();

    private final class Task implements Comparable<Task>, Timer {
        final long due;
        final long order = sequence++;
        final Runnable work;
        volatile boolean cancelled;

        Task(long due, Runnable work) {
            this.due = due;
            this.work = work;
        }

        @Override
        public int compareTo(Task o) {
            return due != o.due ? Long.compare(due, o.due) : Long.compare(order, o.order);
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }

    @Override
    public synchronized Instant now() {
        return start.plusNanos(nanos);
    }

    @Override
    public synchronized long nanoTime() {
        return nanos;
    }

    @Override
    public synchronized Timer schedule(Runnable task, Duration delay) {
        Task t = new Task(nanos + delay.toNanos(), task);
        tasks.add(t);
        return t;
    }

    @Override
    public synchronized void onJump(Runnable listener) {
        jumpListeners.add(listener);
    }

    /** Moves time forward by {@code by}, running every timer that falls due on the way. */
    void advance(Duration by) {
        long target;
        synchronized (this) {
            target = nanos + by.toNanos();
        }
        while (true) {
            Task next;
            synchronized (this) {
                next = tasks.peek();
                if (next == null || next.due > target) {
                    nanos = target;
                    break;
                }
                tasks.poll();
                nanos = Math.max(nanos, next.due);
            }
            if (!next.cancelled) {
                next.work.run();
            }
        }
        List<Runnable> listeners;
        synchronized (this) {
            listeners = List.copyOf(jumpListeners);
        }
        listeners.forEach(Runnable::run);
    }

    /** Timers waiting to fall due (cancelled ones included until their time). */
    synchronized int pending() {
        return (int) tasks.stream().filter(t -> !t.cancelled).count();
    }

    @Override
    public void close() {
    }
}
