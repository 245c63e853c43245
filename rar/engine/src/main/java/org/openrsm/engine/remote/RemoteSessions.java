package org.openrsm.engine.remote;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.channels.SeekableByteChannel;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.openrsm.api.AccessMode;
import org.openrsm.api.DriveId;
import org.openrsm.api.MediaSession;
import org.openrsm.api.MountOptions;
import org.openrsm.api.ObjectType;
import org.openrsm.api.Priority;
import org.openrsm.api.RsmError;
import org.openrsm.api.RsmException;
import org.openrsm.api.RsmNotification;
import org.openrsm.api.RsmLocalTransaction;
import org.openrsm.api.RsmNotificationListener;
import org.openrsm.api.SessionSpec;
import org.openrsm.store.CallQueue;
import org.openrsm.store.CatalogListener;
import org.openrsm.store.Ownership;
import org.openrsm.store.Store;

/**
 * Sessions of a server standing by on a shared catalog: every call is queued in the catalog ({@link CallQueue}) for the
 * server that drives it ({@link CallServer}), which runs it on a session of its engine and answers. So a session on any
 * server sees the same catalog, pools and requests, and its mounts and dismounts wait in the owner's queue by priority
 * and age like everybody's. A session lives on the owner that opened it: when that server stops or dies its calls fail
 * NOT_CONNECTED, as a session of a stopped server does. This server tells the catalog every quarter of the lease that it
 * is alive; a server not seen for a lease has its sessions ended by the owner.
 */
public final class RemoteSessions implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(RemoteSessions.class.getName());

    /** Opens on this server the medium the owner granted a session, through this server's data path of the library. */
    @FunctionalInterface
    public interface Media {
        SeekableByteChannel open(MediumGrant grant) throws RsmException;
    }

    /** how long a call waits for a notification before it looks for its answer anyway, where none can come */
    private static final long LOOK_MILLIS = 250;
    /** how long an open waits for an owner to answer at least */
    private static final Duration OPEN_WAIT = Duration.ofSeconds(10);

    private final Store store;
    private final CallQueue queue;
    private final Ownership ownership;
    private final String server;
    private final Duration lease;
    private final Thread thread;
    private final Object answers = new Object();
    /** the calls whose answers came (notified), which their callers have not read yet; changed under answers */
    private final Set<Long> arrived = ConcurrentHashMap.newKeySet();
    /** guarded by answers: one more at each notification that names no call (every caller looks) */
    private long lookAll;
    /** whether answers are notified (PostgreSQL): then a caller looks without one only every quarter of the lease */
    private volatile boolean listening;
    /** counted down once this server listens for answers (or knows it cannot) */
    private final java.util.concurrent.CountDownLatch listens = new java.util.concurrent.CountDownLatch(1);
    private volatile boolean closed;
    /** the notification listeners of this server's sessions, by their number */
    private final Map<Long, Subscription> subscriptions = new ConcurrentHashMap<>();
    private final AtomicLong subscribed = new AtomicLong();
    private final Media media;
    /** the drives this server's sessions have open */
    private final GrantedChannels channels = new GrantedChannels();

    private RemoteSessions(Store store, String server, Duration lease, Media media) {
        this.store = store;
        this.media = media;
        this.queue = new CallQueue(store);
        this.ownership = new Ownership(store, server, lease);
        this.server = server;
        this.lease = lease;
        this.thread = new Thread(this::run, "openrsm-remote-sessions");
        thread.setDaemon(true);
    }

    /**
     * Sessions of server {@code server} on the catalog in {@code store}, served by its owner; the drives they are given
     * are opened through {@code media}.
     */
    public static RemoteSessions start(Store store, String server, Duration lease, Media media) throws RsmException {
        RemoteSessions sessions = new RemoteSessions(store, server, lease, media);
        sessions.queue.seen(server);
        sessions.thread.start();
        try {
            // no call before this server LISTENs: the notification of its answer would be lost
            sessions.listens.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            sessions.halt();
            throw new RsmException(RsmError.CANCELLED, "interrupted while starting the sessions of this server");
        }
        return sessions;
    }

    /**
     * A session for the application and user of {@code spec}, opened on the server that drives the catalog (its
     * rights are checked there). Fails DEVICE_NOT_AVAILABLE while no server drives the catalog.
     */
    public MediaSession open(SessionSpec spec) throws RsmException {
        Ownership.Holder holder = ownership.holder();
        if (holder == null || holder.expiredAt(ownership.databaseNow())) {
            throw new RsmException(RsmError.DEVICE_NOT_AVAILABLE, "no server drives the catalog now"
                    + (holder == null ? "" : " (the lease of " + holder.server() + " ended " + holder.expires() + ")"));
        }
        String id = UUID.randomUUID().toString();
        SessionSpec sent = new SessionSpec(spec.application(), spec.user(), null, spec.groups());   // no password
        Wire.Opened opened = (Wire.Opened) call(id, -1, Priority.NORMAL, new Wire.Call(Wire.OPEN, new Object[] {sent}));
        return (MediaSession) Proxy.newProxyInstance(MediaSession.class.getClassLoader(), new Class<?>[] {MediaSession.class},
                new Session(id, spec.application(), opened));
    }

    /** A session of this server, as a transaction branch sends its operations through it. */
    record SessionRef(String id, long token) {
    }

    /**
     * A transaction branch of this server's sessions, with id {@code xid}: begun on the owner, for this server, when the
     * first session joins it.
     */
    public RemoteBranch branch(String xid) {
        return new RemoteBranch(new RemoteBranch.Calls() {
            @Override
            public SessionRef session(MediaSession session) throws RsmException {
                if (session != null && Proxy.isProxyClass(session.getClass())
                        && Proxy.getInvocationHandler(session) instanceof Session s && s.sessions() == RemoteSessions.this) {
                    if (s.ended) {
                        throw new RsmException(RsmError.NOT_CONNECTED, "the session is closed");
                    }
                    return new SessionRef(s.id, s.owner.token());
                }
                throw new RsmException(RsmError.INVALID_PARAMETER, session + " is not a session of this server standing "
                        + "by (" + server + ")");
            }

            @Override
            public Object call(SessionRef via, String op, String id, Object arg) throws RsmException {
                Object result = RemoteSessions.this.call(via.id(), via.token(), Priority.NORMAL,
                        new Wire.Call(Wire.BRANCH, new Object[] {op, id, arg}));
                return result;
            }
        }, xid);
    }

    /** Sends a call and waits for its answer; {@code token} is the owner's that must answer it (-1: any owner). */
    private Object call(String session, long token, int priority, Wire.Call call) throws RsmException {
        checkOpen();
        byte[] data;
        try {
            data = Wire.bytes(call);
        } catch (IllegalArgumentException e) {
            throw new RsmException(RsmError.INVALID_PARAMETER, e.getMessage());
        }
        long all;   // the notifications for every caller counted before the call was queued
        synchronized (answers) {
            all = lookAll;
        }
        long id = queue.submit(server, session, priority, data);
        long checkOwner = System.nanoTime() + lease.toNanos() / 4;
        // an owner looks for calls at least every quarter of its lease: one that does not answer an open soon serves none
        long openBy = token < 0 ? System.nanoTime() + Math.max(lease.toNanos() * 2, OPEN_WAIT.toNanos()) : 0;
        try {
            while (true) {
                // no answer before a notification of it (or, as a safety net, a look now and then)
                long until = System.nanoTime() + (listening ? lease.toNanos() / 4 : LOOK_MILLIS * 1_000_000);
                synchronized (answers) {
                    for (long left; !arrived.contains(id) && lookAll == all && (left = until - System.nanoTime()) > 0; ) {
                        answers.wait(Math.max(1, left / 1_000_000));
                    }
                    all = lookAll;
                }
                arrived.remove(id);
                byte[] answer = queue.takeAnswer(id);
                if (answer != null) {
                    Object value = Wire.value(answer);
                    if (value instanceof Wire.Failure f) {
                        throw f.exception();
                    }
                    return value == Wire.Done.DONE ? null : value;
                }
                if (System.nanoTime() - checkOwner >= 0) {
                    checkOwner = System.nanoTime() + lease.toNanos() / 4;
                    Ownership.Holder h = ownership.holder();
                    if (token >= 0 && (h == null || h.token() != token) && queue.withdraw(id)) {
                        throw new RsmException(RsmError.NOT_CONNECTED, "the server that served this session stopped"
                                + (h == null ? "" : "; " + h.server() + " drives the catalog now (token " + h.token() + ")")
                                + ": the session ended with it");
                    }
                    checkOpen();
                    if (token < 0 && System.nanoTime() - openBy >= 0 && queue.withdraw(id)) {
                        throw new RsmException(RsmError.NOT_CONNECTED, "the server driving the catalog"
                                + (h == null ? "" : " (" + h.server() + ")") + " did not open the session within "
                                + Duration.ofNanos(Math.max(lease.toNanos() * 2, OPEN_WAIT.toNanos())).toSeconds()
                                + " s: it serves no session of other servers (an older OpenRSM?), or it is stuck");
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            queue.withdraw(id);   // an answer that came meanwhile is removed with this server's calls when it stops
            throw new RsmException(RsmError.CANCELLED, "interrupted while the server driving the catalog served a call");
        } finally {
            arrived.remove(id);
        }
    }

    private void checkOpen() throws RsmException {
        if (closed) {
            throw new RsmException(RsmError.NOT_CONNECTED, "this server (" + server + ") no longer stands by: the "
                    + "sessions the former owner served for it ended (take a new connection)");
        }
    }

    /** Tells the catalog this server is alive, and wakes the calls whose answers came. */
    private void run() {
        long every = Math.max(1, lease.toMillis() / 4);
        long nextSeen = System.currentTimeMillis() + every;
        try (CatalogListener listener = CatalogListener.forAnswers(store)) {
            listening = listener.listening();
            listens.countDown();
            while (!closed) {
                listening = listener.listening();
                boolean events = wake(listener.messages(Duration.ofMillis(every)));
                boolean look = System.currentTimeMillis() >= nextSeen;
                if ((events || look) && !(subscriptions.isEmpty() && channels.isEmpty())) {
                    deliverNotifications();
                }
                if (look) {
                    nextSeen = System.currentTimeMillis() + every;
                    try {
                        alive();
                    } catch (RsmException e) {
                        LOG.log(Level.FINE, "could not tell the catalog that this server is alive", e);
                    }
                }
            }
        } catch (InterruptedException e) {
            // closed
        } finally {
            listens.countDown();   // a start never waits for a thread that ended
        }
    }

    /**
     * Tells the catalog this server is alive; while its sessions have drives open, checks how long their grants are sure
     * to hold: the owner ends this server's sessions a lease after its last sign of life, and no other server drives
     * the catalog before the owner's lease ends. Both are counted from before the catalog was asked, less an eighth of
     * the lease for a write under way.
     */
    private void alive() throws RsmException {
        long asked = System.nanoTime();
        queue.seen(server);
        if (channels.isEmpty()) {
            return;
        }
        Ownership.Holder h = ownership.holder();
        java.time.Instant now = ownership.databaseNow();
        long margin = lease.toNanos() / 8;
        long until = asked + lease.toNanos() - margin;
        if (h != null) {
            until = Math.min(until, asked + Duration.between(now, h.expires()).toNanos() - margin);
        }
        channels.checked(h == null ? -1 : h.token(), until);
    }

    /**
     * Wakes the callers whose answers the notifications name (a notification that names none wakes every caller);
     * whether notifications were sent to this server's sessions.
     */
    private boolean wake(List<String> messages) {
        boolean events = false;
        boolean woken = false;
        synchronized (answers) {
            for (String text : messages) {
                CallQueue.Message m = CallQueue.Message.of(text);
                if (m == null) {
                    lookAll++;
                    events = woken = true;
                } else if (m.caller().equals(server)) {
                    events |= m.call() == 0;
                    if (m.call() != 0) {
                        arrived.add(m.call());
                        woken = true;
                    }
                }
            }
            if (woken) {
                answers.notifyAll();
            }
        }
        return events;
    }

    /** Stops: the owner ends this server's sessions, and forgets its calls. */
    @Override
    public void close() {
        halt();
        try {
            queue.gone(server);
        } catch (RsmException e) {
            LOG.log(Level.FINE, "could not tell the catalog that this server stops", e);
        }
    }

    /** Stops telling the catalog this server is alive, and says nothing more (the tests' kill -9 of the server). */
    public void halt() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        subscriptions.values().forEach(Subscription::close);
        subscriptions.clear();
        channels.revokeAll("this server (" + server + ") no longer stands by: its sessions ended");
    }

    /** Hands the notifications the owner sent to the listeners of this server's sessions. */
    private void deliverNotifications() {
        try {
            for (CallQueue.Event e : queue.takeEvents(server)) {
                Object value = Wire.value(e.data());
                if (value instanceof Wire.Event event) {
                    Subscription s = subscriptions.get(event.subscription());
                    if (s != null) {
                        s.offer(event.notification());
                    }
                } else if (value instanceof Wire.Revoked r) {
                    channels.revoke(e.session(), r.number(), r.reason());
                }
            }
        } catch (RsmException e) {
            LOG.log(Level.FINE, "could not take the notifications of this server's sessions", e);
        }
    }

    /**
     * A listener of a session of this server: its notifications come in the order the owner delivered them, one at a
     * time, on a thread of their own (a slow listener delays only itself).
     */
    private static final class Subscription {
        private final String session;
        private final RsmNotificationListener listener;
        private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "openrsm-remote-notifications");
            t.setDaemon(true);
            return t;
        });

        Subscription(String session, RsmNotificationListener listener) {
            this.session = session;
            this.listener = listener;
        }

        void offer(RsmNotification n) {
            try {
                thread.execute(() -> {
                    try {
                        listener.onNotification(n);
                    } catch (RuntimeException e) {
                        LOG.log(Level.WARNING, "a notification listener failed on " + n, e);
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                // its session ended meanwhile
            }
        }

        void close() {
            thread.shutdown();
        }
    }

    /** One session on the owner, as the application holds it. */
    private final class Session implements InvocationHandler {
        private static final Set<String> NOT_SERVED = Set.of("mountNoWait");
        private final String id;
        private final String application;
        private final Wire.Opened owner;
        private volatile boolean ended;

        Session(String id, String application, Wire.Opened owner) {
            this.id = id;
            this.application = application;
            this.owner = owner;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    default -> "session " + application + " on " + owner.owner();
                };
            }
            if (method.isDefault()) {
                return InvocationHandler.invokeDefault(proxy, method, args);
            }
            boolean close = method.getName().equals("close");
            if (ended) {
                if (close) {
                    return null;
                }
                throw new RsmException(RsmError.NOT_CONNECTED, "the session is closed");
            }
            if (NOT_SERVED.contains(method.getName())) {
                throw new RsmException(RsmError.NOT_SUPPORTED, method.getName() + " is not served to a session on a server "
                        + "standing by (" + server + "); call it on the server driving the catalog (" + owner.owner() + ")");
            }
            if (method.getName().equals("addNotificationListener")) {
                subscribe((ObjectType) args[0], (RsmNotificationListener) args[1]);
                return null;
            }
            if (method.getName().equals("open")) {
                return openDrive((DriveId) args[0], (AccessMode) args[1]);
            }
            if (method.getName().equals("localTransaction")) {
                return new LocalTransaction((MediaSession) proxy);
            }
            closeChannelsNamedBy(close, args);
            int priority = Priority.NORMAL;
            for (Object a : args == null ? new Object[0] : args) {
                if (a instanceof MountOptions o) {
                    priority = o.priority();
                }
            }
            try {
                return call(id, owner.token(), priority, new Wire.Call(Wire.key(method), args));
            } catch (RsmException e) {
                if (e.error() == RsmError.NOT_CONNECTED) {
                    ended = true;
                    if (close) {
                        return null;   // it ended with its server anyway
                    }
                }
                throw e;
            } finally {
                if (close || ended) {
                    ended = true;
                    unsubscribe();
                }
            }
        }

        RemoteSessions sessions() {
            return RemoteSessions.this;
        }

        /**
         * {@code MediaSession.open}: the owner grants the drive as it would open it for a session of its own, and this
         * server opens the medium through its own data path of the library, which checks what the drive holds.
         */
        private SeekableByteChannel openDrive(DriveId drive, AccessMode mode) throws RsmException {
            Wire.Granted granted = (Wire.Granted) call(id, owner.token(), Priority.NORMAL,
                    new Wire.Call(Wire.GRANT, new Object[] {drive, mode}));
            SeekableByteChannel data;
            try {
                data = media.open(granted.medium());
            } catch (RsmException | RuntimeException e) {
                tell(Wire.UNGRANT, granted.number());
                throw e;
            }
            GrantedChannels.Channel channel = channels.add(id, owner.token(), granted, data, new GrantedChannels.Owner() {
                @Override
                public void written(GrantedChannels.Channel c) throws RsmException {
                    tell(Wire.WRITTEN, c.number());
                }

                @Override
                public void closed(GrantedChannels.Channel c) throws RsmException {
                    tell(Wire.UNGRANT, c.number());
                }
            });
            try {
                alive();   // how long the grant is sure to hold, from now
            } catch (RsmException e) {
                LOG.log(Level.FINE, "could not confirm the owner's lease", e);
            }
            return channel;
        }

        /** Tells the owner what grant {@code number} did ({@link Wire#WRITTEN}, {@link Wire#UNGRANT}). */
        private void tell(String what, long number) throws RsmException {
            call(id, owner.token(), Priority.NORMAL, new Wire.Call(what, new Object[] {number}));
        }

        /**
         * Before a call that may release a side (it names the drive, side, logical medium or cartridge of an open
         * channel, or closes the session), that channel closes, as the owner closes its own channels at a release: the
         * owner then never unloads a drive this server still writes to.
         */
        private void closeChannelsNamedBy(boolean close, Object[] args) {
            for (GrantedChannels.Channel c : channels.of(id)) {
                if (close || names(c.medium(), args)) {
                    try {
                        c.close();
                    } catch (java.io.IOException e) {
                        LOG.log(Level.FINE, "closing a channel of drive " + c.medium().drive(), e);
                    }
                }
            }
        }

        private static boolean names(MediumGrant medium, Object[] args) {
            for (Object a : args == null ? new Object[0] : args) {
                if (a instanceof java.util.Collection<?> list ? list.stream().anyMatch(medium::names) : medium.names(a)) {
                    return true;
                }
            }
            return false;
        }

        /** The owner sends the notifications of {@code type} to this server, which hands them to {@code listener}. */
        private void subscribe(ObjectType type, RsmNotificationListener listener) throws RsmException {
            if (listener == null) {
                throw new RsmException(RsmError.INVALID_PARAMETER, "no notification listener given");
            }
            long number = subscribed.incrementAndGet();
            Subscription s = new Subscription(id, listener);
            subscriptions.put(number, s);
            try {
                call(id, owner.token(), Priority.NORMAL, new Wire.Call(Wire.SUBSCRIBE, new Object[] {type, number}));
            } catch (RsmException e) {
                subscriptions.remove(number);
                s.close();
                if (e.error() == RsmError.NOT_CONNECTED) {
                    ended = true;
                    unsubscribe();
                }
                throw e;
            }
        }

        private void unsubscribe() {
            subscriptions.values().removeIf(s -> {
                if (s.session.equals(id)) {
                    s.close();
                    return true;
                }
                return false;
            });
        }
    }

    /** A local transaction of one session: a branch of its own ({@code local-<uuid>}) on the owner, committed in one phase. */
    private final class LocalTransaction implements RsmLocalTransaction {
        private final MediaSession session;
        private volatile RemoteBranch branch;

        LocalTransaction(MediaSession session) {
            this.session = session;
        }

        @Override
        public void begin() throws RsmException {
            if (branch != null) {
                throw new RsmException(RsmError.INVALID_STATE, "a local transaction is active on this session already");
            }
            RemoteBranch b = branch("local-" + UUID.randomUUID());
            b.enlist(session);
            branch = b;
        }

        private RemoteBranch active() throws RsmException {
            RemoteBranch b = branch;
            if (b == null) {
                throw new RsmException(RsmError.INVALID_STATE, "no local transaction is active on this session");
            }
            branch = null;
            return b;
        }

        @Override
        public void commit() throws RsmException {
            active().commit(true);
        }

        @Override
        public void rollback() throws RsmException {
            active().rollback();
        }

        @Override
        public boolean isActive() {
            return branch != null;
        }
    }
}
