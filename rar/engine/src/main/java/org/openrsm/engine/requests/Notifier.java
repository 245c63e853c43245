package org.openrsm.engine.requests;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.openrsm.api.NotificationOperation;
import org.openrsm.api.ObjectType;
import org.openrsm.api.RsmId;
import org.openrsm.api.RsmNotification;
import org.openrsm.api.RsmNotificationListener;

/**
 * Delivers notifications (RSM.md §6) to subscribers: each in commit order, one at a time per subscriber, on
 * a shared pool, so a slow listener delays only itself and never the engine.
 */
public final class Notifier implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Notifier.class.getName());

    private final AtomicLong sequence = new AtomicLong();
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "openrsm-notifier");
        t.setDaemon(true);
        return t;
    });

    /** A listener for one object type (null: all), removed with its owner (a session) or by {@link #close()}. */
    public final class Subscription implements AutoCloseable {
        private final ObjectType type;
        private final RsmNotificationListener listener;
        public final Object owner;
        private final ArrayDeque<RsmNotification> queue = new ArrayDeque<>();
        private boolean draining;

        public Subscription(ObjectType type, RsmNotificationListener listener, Object owner) {
            this.type = type;
            this.listener = listener;
            this.owner = owner;
        }

        public void offer(RsmNotification n) {
            if (type != null && type != n.objectType()) {
                return;
            }
            synchronized (queue) {
                queue.add(n);
                if (draining) {
                    return;
                }
                draining = true;
            }
            pool.execute(this::drain);
        }

        private void drain() {
            while (true) {
                RsmNotification n;
                synchronized (queue) {
                    n = queue.poll();
                    if (n == null) {
                        draining = false;
                        return;
                    }
                }
                try {
                    listener.onNotification(n);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "a notification listener failed on " + n, e);
                }
            }
        }

        @Override
        public void close() {
            subscriptions.remove(this);
        }
    }

    public Subscription subscribe(ObjectType type, RsmNotificationListener listener, Object owner) {
        Subscription s = new Subscription(type, listener, owner);
        subscriptions.add(s);
        return s;
    }

    public void unsubscribeAll(Object owner) {
        subscriptions.removeIf(s -> s.owner == owner);
    }

    /** Called under the engine lock, after the change it reports was committed. */
    public void publish(NotificationOperation operation, RsmId id) {
        if (subscriptions.isEmpty()) {
            return;
        }
        RsmNotification n = new RsmNotification(sequence.incrementAndGet(), operation, id.type(), id, Instant.now());
        for (Subscription s : subscriptions) {
            s.offer(n);
        }
    }

    @Override
    public void close() {
        subscriptions.clear();
        pool.shutdown();
    }
}
