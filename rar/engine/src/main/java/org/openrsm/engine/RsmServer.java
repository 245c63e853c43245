package org.openrsm.engine;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.Set;
import java.util.logging.Logger;
import javax.management.MBeanServer;
import javax.sql.DataSource;
import javax.sql.XADataSource;
import org.openrsm.api.AccessMode;
import org.openrsm.api.DriveId;
import org.openrsm.api.MediaSession;
import org.openrsm.api.RsmError;
import org.openrsm.api.ObjectType;
import org.openrsm.api.RsmError;
import org.openrsm.api.RsmException;
import org.openrsm.api.RsmNotificationListener;
import org.openrsm.api.SessionSpec;
import org.openrsm.changer.ChangerSpec;
import org.openrsm.engine.core.EngineClock;
import org.openrsm.engine.remote.CallServer;
import org.openrsm.engine.remote.RemoteBranch;
import org.openrsm.store.CatalogListener;
import org.openrsm.store.Ownership;
import org.openrsm.store.Store;

/**
 * The OpenRSM engine, embedded: a store, one or more libraries, sessions. The resource adapter runs one;
 * tests, benchmarks and plain Java programs run their own.
 * <pre>{@code
 * try (RsmServer server = RsmServer.builder()
 *         .store(Path.of("target/rsm-db"))
 *         .library(SimulatedLibrary.named("lib1").drives(2).slots(20).dataFolder(Path.of("target/tapes")))
 *         .start();
 *      MediaSession session = server.openSession("my-app")) { ... }
 * }</pre>
 */
public final class RsmServer implements AutoCloseable, TransactionBranches {
    private static final Logger LOG = Logger.getLogger(RsmServer.class.getName());

    private final Engine engine;
    private final Store store;
    private final Jmx jmx;
    /** this server's lease on a shared catalog; null for an embedded Derby store, which one server has alone */
    private final OwnerLease lease;
    /** serves the sessions of servers standing by on a shared catalog; null for an embedded Derby store */
    private final CallServer calls;

    /** The engine behind this server, for the engine's own tests and benchmarks (same package). */
    Engine engine() {
        return engine;
    }

    private RsmServer(Engine engine, Store store, Jmx jmx, OwnerLease lease, Duration leaseTime) {
        this.engine = engine;
        this.store = store;
        this.jmx = jmx;
        this.lease = lease;
        this.calls = lease == null ? null
                : CallServer.start(store, new ServedSessions(), lease.server(), lease.token(), leaseTime);
    }

    /** What this engine does for the sessions of servers standing by. */
    private final class ServedSessions implements CallServer.Sessions {
        @Override
        public MediaSession open(SessionSpec spec) throws RsmException {
            return openSession(spec);
        }

        @Override
        public CallServer.Grant grant(MediaSession session, DriveId drive, AccessMode mode, Consumer<String> revoked)
                throws RsmException {
            EngineSession s = GuardedSession.unwrap(session);
            if (mode == null) {
                throw new RsmException(RsmError.INVALID_PARAMETER, "no access mode given (READ or WRITE)");
            }
            s.check();
            return engine.lock.call(() -> engine.channels.grant(s, drive, mode == AccessMode.WRITE, revoked));
        }

        @Override
        public void gone(String caller) throws RsmException {
            List<String> rolledBack = engine.lock.call(() -> {
                List<String> xids = new java.util.ArrayList<>();
                for (Transactions.Branch b : engine.transactions.activeFor(caller)) {
                    engine.transactions.rollback(b);
                    xids.add(b.xid);
                }
                return xids;
            });
            if (!rolledBack.isEmpty()) {
                LOG.info(() -> "OpenRSM rolled back the transaction branches " + rolledBack + " of server " + caller
                        + ", which is gone before it prepared them");
            }
        }

        @Override
        public Object branch(MediaSession session, String caller, String op, String xid, Object arg) throws RsmException {
            EngineBranch b = new EngineBranch(engine, xid);
            if (op.equals("enlist")) {
                engine.lock.call(() -> {
                    engine.checkOpen();
                    return engine.transactions.beginFor(xid, caller);
                });
                if (arg instanceof Long seconds) {
                    b.timeout(Duration.ofSeconds(seconds));
                }
                b.enlist(session);
                return null;
            }
            if (op.equals("delist")) {
                b.delist(session);
                return null;
            }
            if (!engine.lock.call(() -> engine.transactions.isFor(xid, caller))) {
                throw new RsmException(RsmError.OBJECT_NOT_FOUND, "transaction branch " + xid + " of server " + caller
                        + " is not known on " + lease.server() + ", which drives the catalog (it ended, or never began)");
            }
            try {
                return switch (op) {
                    case "prepare" -> b.prepare();
                    case "commit" -> {
                        b.commit(Boolean.TRUE.equals(arg));
                        yield null;
                    }
                    case "rollback" -> {
                        b.rollback();
                        yield null;
                    }
                    case "log" -> new java.util.ArrayList<>(b.log());
                    default -> throw new RsmException(RsmError.NOT_SUPPORTED, "no transaction branch operation " + op
                            + " on " + lease.server() + " (servers of different OpenRSM versions?)");
                };
            } catch (BranchRolledBackException e) {
                throw new RemoteBranch.RolledBack(e.error(), e.detail());
            } catch (BranchPartlyCommittedException e) {
                throw new RemoteBranch.PartlyCommitted(e.detail());
            }
        }
    }

    /** Sessions of servers standing by that this server serves now ({@link StandBySessions}). */
    public int remoteSessions() {
        return calls == null ? 0 : calls.sessions();
    }

    /**
     * Why this server no longer drives its libraries (another server took the shared catalog over, or its lease could
     * not be renewed), or null while it does. A server that lost the catalog only fails calls: stop it and start it
     * again to stand by for the catalog.
     */
    public String ownershipLost() {
        return engine.ownershipLost();
    }

    /** The fencing token of this server on a shared catalog (one more at each change of owner); 0 if not shared. */
    public long ownerToken() {
        return lease == null ? 0 : lease.token();
    }

    /**
     * The tests' kill -9 of a server among several on one catalog: it stops renewing its lease without giving the
     * catalog up, and stops as a dead process would (no robot move, no call, nothing written).
     */
    void crash() {
        if (calls != null) {
            calls.halt();
        }
        if (lease != null) {
            lease.close();
        }
        engine.ownershipLost("the server crashed (test)");
    }

    /** The tests' pause of a whole server (a stopped JVM, a VM frozen): its lease is no longer renewed. */
    void pauseLease() {
        if (lease != null) {
            lease.close();
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A session with full (administrator) rights for {@code application}. */
    public MediaSession openSession(String application) throws RsmException {
        return openSession(SessionSpec.application(application));
    }

    /** A session for the application and user of {@code spec}. */
    public MediaSession openSession(SessionSpec spec) throws RsmException {
        Objects.requireNonNull(spec, "spec");
        return GuardedSession.wrap(engine, engine.openSession(spec.application(), spec.user(), spec.groups()));
    }

    /**
     * Subscribes to the engine's notifications of one object type (null: all), in commit order; close the
     * returned handle to unsubscribe.
     */
    public AutoCloseable addNotificationListener(ObjectType type, RsmNotificationListener listener) {
        return engine.notifier.subscribe(type, Objects.requireNonNull(listener, "listener"), this);
    }

    /**
     * Waits until every robot is idle: no mount, dismount or library request queued or moving. For tests,
     * benchmarks and an orderly shutdown; returns false if the timeout passed first.
     */
    public boolean awaitRobotsIdle(Duration timeout) throws InterruptedException {
        return engine.robot.awaitRobots(timeout);
    }

    /** An XA data source on the store's database (embedded Derby), for the connector; null otherwise. */
    @Override
    public TransactionBranch branch(String xid) throws RsmException {
        engine.lock.call(() -> {
            engine.checkOpen();
            return engine.transactions.begin(xid);
        });
        return new EngineBranch(engine, xid);
    }

    @Override
    public TransactionBranch existingBranch(String xid) {
        engine.lock.lock();
        try {
            return engine.transactions.find(xid) == null ? null : new EngineBranch(engine, xid);
        } finally {
            engine.lock.unlock();
        }
    }

    /**
     * Branches prepared but not yet committed or rolled back, e.g. after a crash (XAResource.recover): on a shared
     * catalog only those this server prepared (another server's are its own transaction manager's to decide).
     */
    public List<String> inDoubtBranches() {
        engine.lock.lock();
        try {
            return engine.transactions.inDoubtFor(engine.serverName());
        } finally {
            engine.lock.unlock();
        }
    }

    /** Branches that ended last, oldest first, each as {@code xid: allocate …, mount …, prepare, commit}. */
    public List<String> transactionHistory() {
        engine.lock.lock();
        try {
            return engine.transactions.history();
        } finally {
            engine.lock.unlock();
        }
    }

    public XADataSource storeXaDataSource() {
        return store.xaDataSource();
    }

    /** Which database the catalog is kept in. */
    public String storeDescription() {
        return store.description();
    }

    /** Stops the engine: closes every session (their media stay in the drives as deferred), the changers, the store. */
    @Override
    public void close() {
        if (engine.isClosed()) {
            return;
        }
        if (calls != null) {
            calls.close();
        }
        engine.close();
        if (jmx != null) {
            jmx.close();
        }
        if (lease != null) {
            lease.close();
            if (engine.ownershipLost() == null) {
                lease.release();
            }
        }
        store.close();
        LOG.info(() -> "OpenRSM engine on " + store.description() + " stopped");
    }

    /** Configures and starts an engine. */
    public static final class Builder {
        private Path storeFolder;
        private DataSource dataSource;
        private final List<ChangerSpec> libraries = new ArrayList<>();
        private Duration deferDismountDelay = Duration.ofSeconds(300);
        private int keepValuedTapes;
        private boolean jmx = true;
        private String administrator = "admin";
        private Duration requestPurgeTime = Duration.ofDays(3);
        private MBeanServer mbeanServer;
        private Duration inventoryRetry = Duration.ofSeconds(5);
        private EngineClock clock;
        private String serverName;
        private Duration lease = Duration.ofSeconds(30);
        private Duration standBy = Duration.ZERO;

        private Builder() {
        }

        /** The engine's clock (tests drive time with their own); the system clock by default. */
        Builder clock(EngineClock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Embedded Derby in this folder (created at first start). */
        public Builder store(Path folder) {
            this.storeFolder = Objects.requireNonNull(folder, "folder");
            this.dataSource = null;
            return this;
        }

        /** A database reached through this data source (e.g. a shared server database). */
        public Builder store(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
            this.storeFolder = null;
            return this;
        }

        /** A library; its name must be unique. */
        public Builder library(ChangerSpec library) {
            this.libraries.add(Objects.requireNonNull(library, "library"));
            return this;
        }

        /** The defer-dismount delay of drives created by this start (RSM's default: 300 s). */
        public Builder deferDismountDelay(Duration delay) {
            if (delay == null || delay.isNegative()) {
                throw new IllegalArgumentException("defer-dismount delay " + delay + " must be zero or more");
            }
            this.deferDismountDelay = delay;
            return this;
        }

        /**
         * How many more defer-dismount delays a tape stays in its drive, when its delay runs out, while the library's
         * eviction policy values it (a library run by the policy would hold it in a drive). 0 (the default) sends
         * every tape home when its delay runs out, as RSM does. A queued mount may take such a drive at any time.
         */
        public Builder keepValuedTapes(int delays) {
            if (delays < 0) {
                throw new IllegalArgumentException("keepValuedTapes " + delays + " must be zero or more");
            }
            this.keepValuedTapes = delays;
            return this;
        }

        /** The principal (user or group) with every right (default {@code admin}); sessions without a user have them too. */
        public Builder administrator(String principal) {
            this.administrator = Objects.requireNonNull(principal, "principal");
            return this;
        }

        /** How long finished library and operator requests stay visible (RSM's default: 3 days). */
        public Builder requestPurgeTime(Duration time) {
            if (time == null || time.isNegative()) {
                throw new IllegalArgumentException("request purge time " + time + " must be zero or more");
            }
            this.requestPurgeTime = time;
            return this;
        }

        /**
         * How often an inventory is retried while a library's catalog may be behind its changer (a robot move the
         * store could not record, an element status that cannot be right); default 5 s.
         */
        public Builder inventoryRetry(Duration interval) {
            if (interval == null || interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("inventory retry interval " + interval + " must be more than zero");
            }
            this.inventoryRetry = interval;
            return this;
        }

        /**
         * This server's name among the servers sharing one database (unique among them, the same after a restart: a
         * server takes its own earlier run's catalog over at once). Default: the host's name and the working folder.
         */
        public Builder serverName(String name) {
            if (name == null || name.isBlank() || name.length() > 200) {
                throw new IllegalArgumentException("server name '" + name + "' must have 1 to 200 characters");
            }
            this.serverName = name;
            return this;
        }

        /**
         * The lease on a shared catalog (default 30 s): the owner renews it every third; a server taking over after
         * the owner died waits for it to end. A robot move must take less than a third of it.
         */
        public Builder lease(Duration lease) {
            if (lease == null || lease.toMillis() < 300) {
                throw new IllegalArgumentException("lease " + lease + " must be at least 300 ms");
            }
            this.lease = lease;
            return this;
        }

        /**
         * How long {@link #start} waits, standing by, while another server owns the shared catalog (default zero:
         * it fails at once with DEVICE_NOT_AVAILABLE naming the owner).
         */
        public Builder standBy(Duration maxWait) {
            if (maxWait == null || maxWait.isNegative()) {
                throw new IllegalArgumentException("stand-by time " + maxWait + " must be zero or more");
            }
            this.standBy = maxWait;
            return this;
        }

        /** Whether to register the MXBeans (default yes, on the platform MBeanServer). */
        public Builder jmx(boolean register) {
            this.jmx = register;
            return this;
        }

        public Builder mbeanServer(MBeanServer server) {
            this.mbeanServer = server;
            return this;
        }

        /** Opens the store, runs its migrations, opens the changers and reconciles the catalog with them. */
        public RsmServer start() throws RsmException {
            if (storeFolder == null && dataSource == null) {
                throw new RsmException(RsmError.INVALID_PARAMETER, "no store given: call store(Path) or store(DataSource)");
            }
            Set<String> names = new HashSet<>();
            for (ChangerSpec spec : libraries) {
                if (!names.add(spec.name()) || Engine.OFFLINE_LIBRARY.equals(spec.name())) {
                    throw new RsmException(RsmError.INVALID_LIBRARY, "library name " + spec.name() + " is used twice");
                }
            }
            Store store = storeFolder != null ? Store.embedded(storeFolder) : Store.of(dataSource);
            Engine engine = null;
            OwnerLease owned = null;
            try {
                engine = new Engine(store, deferDismountDelay, requestPurgeTime, administrator,
                        clock != null ? clock : EngineClock.system());
                engine.inventoryRetry = inventoryRetry;
                engine.keepValuedTapes = keepValuedTapes;
                if (dataSource != null) {
                    // a database other servers may share: drive its libraries only while owning the catalog
                    owned = takeOver(engine, store, new Ownership(store, serverName != null ? serverName : defaultServerName(),
                            lease));
                    engine.lease = owned;
                    owned.start();
                }
                engine.setup.start(libraries);
            } catch (RsmException | RuntimeException e) {
                if (engine != null) {
                    engine.close();
                }
                if (owned != null) {
                    owned.close();
                    owned.release();
                }
                store.close();
                throw e;
            }
            Jmx beans = null;
            if (jmx) {
                beans = new Jmx(engine, mbeanServer != null ? mbeanServer : ManagementFactory.getPlatformMBeanServer());
                beans.register();
            }
            LOG.info(() -> "OpenRSM engine started on " + store.description() + " with " + names.size() + " librar"
                    + (names.size() == 1 ? "y " : "ies ") + names);
            return new RsmServer(engine, store, beans, owned, lease);
        }

        /**
         * Takes the shared catalog over, standing by while another server owns it (at most {@link #standBy}): it tries
         * again when the owner gives the catalog up (at once on PostgreSQL, {@link CatalogListener}), and at least every
         * quarter of the lease (an owner that died gives nothing up: its lease must end).
         */
        private OwnerLease takeOver(Engine engine, Store store, Ownership ownership) throws RsmException {
            long deadline = System.nanoTime() + standBy.toNanos();
            CatalogListener listener = null;
            try {
                while (true) {
                    long began = System.nanoTime();
                    Ownership.Attempt attempt = ownership.tryTake();
                    if (attempt.taken()) {
                        return new OwnerLease(engine, ownership, attempt.holder().token(), began);
                    }
                    Ownership.Holder h = attempt.holder();
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new RsmException(RsmError.DEVICE_NOT_AVAILABLE, "server " + h.server() + " drives the "
                                + "libraries of this catalog (token " + h.token() + ", its lease ends " + h.expires()
                                + " unless renewed); this server (" + ownership.server() + ") stands by");
                    }
                    if (listener == null) {
                        listener = CatalogListener.open(store);
                        continue;   // listening now: a release since the try above is not missed
                    }
                    listener.await(Duration.ofNanos(Math.min(left, lease.toNanos() / 4)));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RsmException(RsmError.CANCELLED, "stopped while standing by for the catalog", e);
            } finally {
                if (listener != null) {
                    listener.close();
                }
            }
        }

        /** A server's name when none is given: its host and working folder (stable across restarts). */
        static String defaultServerName() {
            String host;
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.net.UnknownHostException e) {
                host = "localhost";
            }
            String name = host + " " + Path.of("").toAbsolutePath();
            return name.length() <= 200 ? name : name.substring(name.length() - 200);
        }
    }
}
