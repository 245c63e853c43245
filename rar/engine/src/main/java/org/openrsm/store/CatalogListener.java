package org.openrsm.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Wakes a server as soon as another server of the catalog tells it something: a server standing by when the owner gives
 * the catalog up ({@link Ownership#release}), the owner when a call is queued for it and a server standing by when its
 * call is answered ({@link CallQueue}). On PostgreSQL it
 * LISTENs on a connection of its own, and the owner's release NOTIFYs in the same transaction. On another database,
 * or where the PostgreSQL driver's classes are out of the engine's reach, it only waits, and the server tries again
 * when the wait is over. An owner that dies gives nothing up: then its lease must end.
 */
public final class CatalogListener implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(CatalogListener.class.getName());
    static final String CHANNEL = "openrsm_catalog";
    /** a server standing by has queued a call for the owner ({@link CallQueue}) */
    static final String CALLS = "openrsm_calls";
    /** the owner has answered calls of servers standing by ({@link CallQueue}) */
    static final String ANSWERS = "openrsm_answers";
    /** how long one wait for a notification may block: a stop (an interrupt) is seen at least this often */
    private static final int SLICE_MILLIS = 500;
    private static final AtomicBoolean UNREACHABLE_LOGGED = new AtomicBoolean();

    private Connection connection;
    private PgNotifications notifications;

    private CatalogListener() {
    }

    /** Listens for the release of the catalog of {@code store}, where its database can tell. */
    public static CatalogListener open(Store store) {
        return open(store, CHANNEL);
    }

    /** Listens for calls queued for the owner by servers standing by ({@link CallQueue}). */
    public static CatalogListener forCalls(Store store) {
        return open(store, CALLS);
    }

    /** Listens for the owner's answers to calls of servers standing by ({@link CallQueue}). */
    public static CatalogListener forAnswers(Store store) {
        return open(store, ANSWERS);
    }

    private static CatalogListener open(Store store, String channel) {
        CatalogListener listener = new CatalogListener();
        if (!store.postgreSql()) {
            return listener;
        }
        try {
            Connection c = store.connection();
            try {
                c.setAutoCommit(true);
                listener.notifications = new PgNotifications(c);
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + channel);
                }
                listener.connection = c;
            } catch (SQLException | RuntimeException | LinkageError e) {
                listener.notifications = null;
                c.close();
                throw e;
            }
        } catch (LinkageError e) {
            if (UNREACHABLE_LOGGED.compareAndSet(false, true)) {
                LOG.info("OpenRSM cannot reach the PostgreSQL driver's classes (" + e + "): a server standing by notices "
                        + "a clean stop of the owner only at its next try. Give the resource adapter's classloader the "
                        + "driver's library (src/docs/configuration.md).");
            }
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.FINE, "could not LISTEN on " + channel + "; waiting instead", e);
        }
        return listener;
    }

    /** Whether a release wakes this listener (else it only waits). */
    public boolean listening() {
        return connection != null;
    }

    /**
     * Waits at most {@code max}, less if a notification comes meanwhile (the owner gives the catalog up, a call or an
     * answer is queued): true when woken by one (a notification that came since the last wait counts too).
     */
    public boolean await(Duration max) throws InterruptedException {
        return !messages(max).isEmpty();
    }

    /**
     * As {@link #await}: the messages of the notifications that woke it (empty when none came), e.g. which call was
     * answered ({@link CallQueue.Message}).
     */
    public List<String> messages(Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return List.of();
            }
            int slice = (int) Math.max(1, Math.min(SLICE_MILLIS, left / 1_000_000));
            if (connection == null) {
                Thread.sleep(slice);
            } else {
                try {
                    List<String> received = notifications.await(slice);
                    if (!received.isEmpty()) {
                        return received;
                    }
                } catch (SQLException e) {
                    LOG.log(Level.FINE, "lost the connection that listens to the other servers of the catalog", e);
                    close();
                }
            }
            if (Thread.interrupted()) {
                throw new InterruptedException("stopped while waiting for the catalog");
            }
        }
    }

    @Override
    public void close() {
        Connection c = connection;
        connection = null;
        notifications = null;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                LOG.log(Level.FINE, "could not close the connection that listened to the other servers of the catalog", e);
            }
        }
    }
}
