package org.openrsm.ra;

import jakarta.resource.ResourceException;
import jakarta.resource.spi.UnavailableException;
import jakarta.resource.spi.endpoint.MessageEndpoint;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import java.lang.reflect.Method;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.openrsm.api.MediaSession;
import org.openrsm.api.NotificationOperation;
import org.openrsm.api.ObjectType;
import org.openrsm.api.RsmException;
import org.openrsm.api.RsmNotification;
import org.openrsm.api.RsmNotificationListener;
import org.openrsm.engine.RsmServer;

/**
 * The library events of one activated endpoint (a message-driven bean): a session's notification listener queues
 * those that pass the filters, and one delivery task hands them to the endpoint one at a time, in order. The queue
 * holds at most {@code maxBacklog} events: when it is full, it is emptied and the endpoint gets one RESYNCHRONIZE
 * event (re-read what you need) followed by the events after it — a slow bean costs no unbounded memory.
 */
final class EndpointDelivery implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(EndpointDelivery.class.getName());
    private static final Method ON_NOTIFICATION;

    static {
        try {
            ON_NOTIFICATION = RsmNotificationListener.class.getMethod("onNotification", RsmNotification.class);
        } catch (NoSuchMethodException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final MessageEndpointFactory factory;
    private final Set<ObjectType> types;
    private final Set<NotificationOperation> operations;
    private final int maxBacklog;
    private final ArrayDeque<RsmNotification> queue = new ArrayDeque<>();
    private MediaSession session;
    private boolean closed;
    private long resynchronisations;

    EndpointDelivery(MessageEndpointFactory factory, RsmActivationSpec spec) throws ResourceException {
        this.factory = factory;
        this.types = spec.types();
        this.operations = spec.operationSet();
        this.maxBacklog = spec.getMaxBacklog();
    }

    /** Subscribes to the engine's events and starts the delivery task on {@code executor}. */
    void start(RsmServer server, Executor executor) throws ResourceException {
        try {
            session = server.openSession("OpenRSM events for " + factory.getEndpointClass().getSimpleName());
            session.addNotificationListener(null, this::offer);
        } catch (RsmException e) {
            throw new ResourceException("cannot subscribe to OpenRSM's events: " + e.getMessage(), e);
        }
        try {
            executor.execute(this::deliver);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            close();
            throw new ResourceException(e.getMessage(), e);
        }
    }

    /** A notification of the engine (its notifier thread): queued if it passes the filters. */
    void offer(RsmNotification n) {
        if (!types.contains(n.objectType()) || !operations.contains(n.operation())) {
            return;
        }
        synchronized (queue) {
            if (closed) {
                return;
            }
            if (queue.size() >= maxBacklog) {
                queue.clear();
                resynchronisations++;
                long lost = resynchronisations;
                LOG.warning(() -> "the message endpoint " + factory.getEndpointClass().getName() + " fell " + maxBacklog
                        + " library events behind: they are dropped and it is told to resynchronise (" + lost
                        + " time(s) so far)");
                queue.add(new RsmNotification(n.sequence(), NotificationOperation.RESYNCHRONIZE, null, null, Instant.now()));
            }
            queue.add(n);
            queue.notifyAll();
        }
    }

    /** The delivery task: one event at a time, in order, until closed. */
    private void deliver() {
        while (true) {
            RsmNotification n;
            synchronized (queue) {
                while (queue.isEmpty() && !closed) {
                    try {
                        queue.wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                if (closed) {
                    return;
                }
                n = queue.poll();
            }
            deliver(n);
        }
    }

    private void deliver(RsmNotification n) {
        MessageEndpoint endpoint;
        try {
            endpoint = factory.createEndpoint(null);
        } catch (UnavailableException e) {
            LOG.log(Level.WARNING, "the message endpoint " + factory.getEndpointClass().getName() + " is not available; "
                    + "library event " + n.sequence() + " is not delivered", e);
            return;
        }
        try {
            boolean transacted = factory.isDeliveryTransacted(ON_NOTIFICATION);
            if (transacted) {
                endpoint.beforeDelivery(ON_NOTIFICATION);
            }
            try {
                ((RsmNotificationListener) endpoint).onNotification(n);
            } finally {
                if (transacted) {
                    endpoint.afterDelivery();
                }
            }
        } catch (NoSuchMethodException | ResourceException | RuntimeException e) {
            LOG.log(Level.WARNING, "the message endpoint " + factory.getEndpointClass().getName() + " failed on library "
                    + "event " + n.sequence() + " (" + n.operation() + " " + n.objectType() + ")", e);
        } finally {
            endpoint.release();
        }
    }

    /** Events waiting for the endpoint (for tests and diagnostics). */
    int backlog() {
        synchronized (queue) {
            return queue.size();
        }
    }

    @Override
    public void close() {
        synchronized (queue) {
            closed = true;
            queue.clear();
            queue.notifyAll();
        }
        if (session != null) {
            try {
                session.close();
            } catch (RsmException e) {
                LOG.fine(() -> "closing the events session: " + e.getMessage());
            }
        }
    }
}
