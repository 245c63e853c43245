package org.openrsm.engine.remote;

import java.io.Serializable;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.openrsm.api.AccessMode;
import org.openrsm.api.DriveId;
import org.openrsm.api.MediaSession;
import org.openrsm.api.ObjectType;
import org.openrsm.api.RsmError;
import org.openrsm.api.RsmException;
import org.openrsm.api.SessionSpec;
import org.openrsm.store.CallQueue;
import org.openrsm.store.CatalogListener;
import org.openrsm.store.Store;

/**
 * The owner's side of the sessions of servers standing by: it takes the calls they queue in the catalog, highest
 * priority first and then in the order they came, runs each on a session of this engine opened for them, and answers.
 * It wakes when a call is queued (PostgreSQL NOTIFY, {@link CatalogListener#forCalls}), else looks every quarter of the
 * lease. The sessions of a server not seen for a lease end as the sessions of a stopped server do: what they mounted
 * waits in its drive, DISMOUNTABLE.
 */
public final class CallServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(CallServer.class.getName());

    /** What this engine does for the sessions of other servers. */
    public interface Sessions {
        /** Opens a session of this engine for a session of another server. */
        MediaSession open(SessionSpec spec) throws RsmException;

        /**
         * Lets {@code session} (one {@link #open} gave) open {@code drive} on its own server, checked as an open here
         * would be: the drive stays that session's until the grant is {@linkplain Grant#close closed}. When the side is
         * released here first (the session ended, the cartridge is gone), {@code revoked} is run with the reason.
         */
        Grant grant(MediaSession session, DriveId drive, AccessMode mode, java.util.function.Consumer<String> revoked)
                throws RsmException;

        /**
         * Operation {@code op} of transaction branch {@code xid} for {@code session} (one {@link #open} gave) of server
         * {@code caller}: {@code enlist} (the session joins the branch, begun for that server if new; {@code arg}: the
         * timeout in seconds or null), {@code delist}; {@code prepare}, {@code commit} ({@code arg}: one phase),
         * {@code rollback} and {@code log} of a branch of that server. A branch that rolled itself back, or committed
         * partly, fails with {@link RemoteBranch.RolledBack} or {@link RemoteBranch.PartlyCommitted}.
         */
        Object branch(MediaSession session, String caller, String op, String xid, Object arg) throws RsmException;

        /** Server {@code caller} is gone, its sessions ended: the branches it did not prepare are rolled back. */
        void gone(String caller) throws RsmException;
    }

    /** A drive a session of another server has open. */
    public interface Grant {
        MediumGrant medium();

        /**
         * The other server wrote the side: given back by an earlier owner, it is its new owner's from now on. Fails
         * INVALID_STATE once the side was released here.
         */
        void written() throws RsmException;

        /** The other server closed its channel. */
        void release() throws RsmException;
    }

    /** A session of server {@code caller}, served here, and the drives it has open there by grant number. */
    private record Served(String caller, MediaSession session, Map<Long, Grant> grants) {
        Served(String caller, MediaSession session) {
            this(caller, session, new ConcurrentHashMap<>());
        }
    }

    private final Store store;
    private final CallQueue queue;
    private final Sessions sessions;
    private final String owner;
    private final long token;
    private final Duration lease;
    private final Map<String, Served> served = new ConcurrentHashMap<>();
    /** the grants' numbers, one more at each drive opened for another server */
    private final java.util.concurrent.atomic.AtomicLong grants = new java.util.concurrent.atomic.AtomicLong();
    private final ExecutorService workers;
    private final Thread thread;
    private volatile boolean closed;

    private CallServer(Store store, Sessions sessions, String owner, long token, Duration lease) {
        this.store = store;
        this.queue = new CallQueue(store);
        this.sessions = sessions;
        this.owner = owner;
        this.token = token;
        this.lease = lease;
        this.workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "openrsm-remote-call");
            t.setDaemon(true);
            return t;
        });
        this.thread = new Thread(this::run, "openrsm-remote-calls");
        thread.setDaemon(true);
    }

    /** Serves the calls of servers standing by on this catalog, for owner {@code owner} holding {@code token}. */
    public static CallServer start(Store store, Sessions sessions, String owner, long token, Duration lease) {
        CallServer server = new CallServer(store, sessions, owner, token, lease);
        server.thread.start();
        return server;
    }

    /** Sessions of other servers served now. */
    public int sessions() {
        return served.size();
    }

    private void run() {
        long every = Math.max(1, lease.toMillis() / 4);
        long nextCheck = System.currentTimeMillis() + lease.toMillis();
        try (CatalogListener listener = CatalogListener.forCalls(store)) {
            answerCallsOfEarlierOwners();
            while (!closed) {
                try {
                    for (CallQueue.Call call : queue.take()) {
                        workers.execute(() -> serve(call));
                    }
                    if (System.currentTimeMillis() >= nextCheck) {
                        endSessionsOfSilentServers();
                        nextCheck = System.currentTimeMillis() + lease.toMillis() / 2;
                    }
                } catch (RsmException e) {
                    // the store is away or the catalog lost: the lease's thread stops the engine if it must
                    LOG.log(Level.FINE, "could not take the calls of servers standing by", e);
                }
                listener.await(Duration.ofMillis(every));
            }
        } catch (InterruptedException e) {
            // closed
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "OpenRSM stopped serving the sessions of servers standing by", e);
        }
    }

    /** Calls an owner before this one took and never answered: their sessions ended with it. */
    private void answerCallsOfEarlierOwners() {
        try {
            for (CallQueue.Call call : queue.takenBefore()) {
                queue.answer(call.id(), call.caller(), Wire.bytes(new Wire.Failure(RsmError.NOT_CONNECTED.name(),
                        "the server that served this session stopped before it answered; " + owner
                                + " drives the catalog now")));
            }
        } catch (RsmException e) {
            LOG.log(Level.FINE, "could not answer the calls an earlier owner took", e);
        }
    }

    private void serve(CallQueue.Call call) {
        Object answer;
        try {
            answer = perform(call);
        } catch (RsmException e) {
            answer = Wire.Failure.of(e);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "OpenRSM could not serve a call of server " + call.caller(), e);
            answer = new Wire.Failure(RsmError.INTERNAL_ERROR.name(), "the server driving the catalog (" + owner
                    + ") failed to serve this call: " + e);
        }
        try {
            queue.answer(call.id(), call.caller(), Wire.bytes(answer));
        } catch (RsmException e) {
            // the caller notices the change of owner, or the store is back and it asks again
            LOG.log(Level.FINE, "could not answer a call of server " + call.caller(), e);
        } catch (IllegalArgumentException e) {
            answerQuietly(call, RsmError.INTERNAL_ERROR, "the answer cannot be sent to another server: " + e.getMessage());
        }
    }

    private void answerQuietly(CallQueue.Call call, RsmError error, String detail) {
        try {
            queue.answer(call.id(), call.caller(), Wire.bytes(new Wire.Failure(error.name(), detail)));
        } catch (RsmException e) {
            LOG.log(Level.FINE, "could not answer a call of server " + call.caller(), e);
        }
    }

    private Object perform(CallQueue.Call row) throws RsmException {
        if (!(Wire.value(row.data()) instanceof Wire.Call call)) {
            throw new RsmException(RsmError.INVALID_PARAMETER, "not a call of a session");
        }
        if (call.method().equals(Wire.OPEN)) {
            SessionSpec spec = Wire.required(call, 0, SessionSpec.class);
            Served s = new Served(row.caller(), sessions.open(spec));
            if (served.putIfAbsent(row.session(), s) != null) {
                s.session().close();
                throw new RsmException(RsmError.INVALID_PARAMETER, "session " + row.session() + " is open already");
            }
            return new Wire.Opened(owner, token);
        }
        Served s = served.get(row.session());
        if (s == null || !s.caller().equals(row.caller())) {
            throw new RsmException(RsmError.NOT_CONNECTED, "the session is not open on " + owner + ", which drives the "
                    + "catalog: it was closed, or it ended with the server that drove the catalog before");
        }
        if (call.method().equals(Wire.SUBSCRIBE)) {
            subscribe(s, row, Wire.arg(call, 0, ObjectType.class), Wire.required(call, 1, Long.class));
            return Wire.Done.DONE;
        }
        if (call.method().equals(Wire.BRANCH)) {
            Object result = sessions.branch(s.session(), row.caller(), Wire.required(call, 0, String.class),
                    Wire.required(call, 1, String.class), Wire.arg(call, 2, Object.class));
            return result == null ? Wire.Done.DONE : result;
        }
        if (call.method().equals(Wire.GRANT)) {
            return grant(s, row, Wire.arg(call, 0, DriveId.class), Wire.arg(call, 1, AccessMode.class));
        }
        if (call.method().equals(Wire.WRITTEN)) {
            Grant g = s.grants().get(Wire.required(call, 0, Long.class));
            if (g == null) {
                throw new RsmException(RsmError.INVALID_STATE, "the drive is no longer open for this session: its side "
                        + "was released on " + owner);
            }
            g.written();
            return Wire.Done.DONE;
        }
        if (call.method().equals(Wire.UNGRANT)) {
            Grant g = s.grants().remove(Wire.required(call, 0, Long.class));
            if (g != null) {
                g.release();
            }
            return Wire.Done.DONE;
        }
        Method method = Wire.METHODS.get(call.method());
        if (method == null) {
            throw new RsmException(RsmError.NOT_SUPPORTED, "the server driving the catalog (" + owner + ") has no session "
                    + "call " + call.method() + " (servers of different OpenRSM versions?)");
        }
        if (method.getName().equals("close")) {
            served.remove(row.session(), s);
        }
        Object result;
        try {
            result = method.invoke(s.session(), call.args());
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RsmException r) {
                throw r;
            }
            throw new RsmException(RsmError.INTERNAL_ERROR, method.getName() + " failed: " + e.getCause());
        } catch (IllegalAccessException | IllegalArgumentException e) {
            throw new RsmException(RsmError.INVALID_PARAMETER, method.getName() + ": " + e.getMessage());
        }
        if (result == null) {
            return Wire.Done.DONE;
        }
        if (!(result instanceof Serializable)) {
            throw new RsmException(RsmError.NOT_SUPPORTED, method.getName() + " returns what cannot be sent to another "
                    + "server");
        }
        return result;
    }

    /**
     * The served session subscribes to notifications of {@code type} for its server: each is sent back as a row of its
     * own, in the order this engine delivers them. One that cannot be sent (the store away) is lost, and the gap in
     * the notifications' sequence tells the listener so.
     */
    private void subscribe(Served s, CallQueue.Call row, ObjectType type, long subscription) throws RsmException {
        s.session().addNotificationListener(type, n -> {
            try {
                queue.event(row.caller(), row.session(), Wire.bytes(new Wire.Event(subscription, n)));
            } catch (RsmException e) {
                LOG.log(Level.FINE, "could not send a notification to server " + row.caller(), e);
            }
        });
    }

    /**
     * The served session opens a drive on its server: granted as an open here would be, recorded on the drive. Should
     * the side be released here first, the other server is told, and its channel fails from then on.
     */
    private Wire.Granted grant(Served s, CallQueue.Call row, DriveId drive, AccessMode mode) throws RsmException {
        long number = grants.incrementAndGet();
        Grant g = sessions.grant(s.session(), drive, mode, reason -> {
            s.grants().remove(number);
            try {
                queue.event(row.caller(), row.session(), Wire.bytes(new Wire.Revoked(number, reason)));
            } catch (RsmException e) {
                // that server's channel ends at the latest when its sign of life or this lease is too old
                LOG.log(Level.FINE, "could not tell server " + row.caller() + " that a drive was taken back", e);
            }
        });
        s.grants().put(number, g);
        return new Wire.Granted(number, g.medium());
    }

    /** Ends the sessions of servers that stopped telling the catalog they are alive (a server killed, cut off). */
    private void endSessionsOfSilentServers() throws RsmException {
        Set<String> callers = new HashSet<>();
        served.values().forEach(s -> callers.add(s.caller()));
        for (String caller : callers) {
            if (queue.seenWithin(caller, lease)) {
                continue;
            }
            int ended = 0;
            for (Map.Entry<String, Served> e : served.entrySet()) {
                if (e.getValue().caller().equals(caller) && served.remove(e.getKey(), e.getValue())) {
                    closeQuietly(e.getValue().session());
                    ended++;
                }
            }
            queue.forget(caller);
            sessions.gone(caller);
            int n = ended;
            LOG.info(() -> "OpenRSM ended " + n + " session" + (n == 1 ? "" : "s") + " of server " + caller + ", not seen "
                    + "for " + lease.toMillis() + " ms: what they mounted waits in its drive, dismountable");
        }
    }

    private static void closeQuietly(MediaSession session) {
        try {
            session.close();
        } catch (RsmException e) {
            LOG.log(Level.FINE, "could not close a session of a server that stopped", e);
        }
    }

    /** Stops serving; the sessions served here end with this engine. */
    @Override
    public void close() {
        halt();
        served.values().forEach(s -> closeQuietly(s.session()));
        served.clear();
    }

    /** Stops serving and leaves the sessions as they are (the tests' kill -9 of the server). */
    public void halt() {
        closed = true;
        thread.interrupt();
        workers.shutdownNow();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
