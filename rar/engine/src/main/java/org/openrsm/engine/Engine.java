package org.openrsm.engine;

import static org.openrsm.engine.catalog.Errors.error;
import static org.openrsm.engine.catalog.Errors.invalidParameter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.openrsm.api.DriveId;
import org.openrsm.api.DriveState;
import org.openrsm.api.LibraryId;
import org.openrsm.api.LogicalMediaId;
import org.openrsm.api.MediaId;
import org.openrsm.api.ObjectType;
import org.openrsm.api.OperationalState;
import org.openrsm.api.OperatorRequestState;
import org.openrsm.api.OperatorRequestType;
import org.openrsm.api.PhysicalMediaId;
import org.openrsm.api.PortId;
import org.openrsm.api.RsmError;
import org.openrsm.api.RsmException;
import org.openrsm.api.RsmId;
import org.openrsm.api.SideId;
import org.openrsm.api.SlotId;
import org.openrsm.changer.Element;
import org.openrsm.engine.catalog.Catalog;
import org.openrsm.engine.catalog.Change;
import org.openrsm.engine.catalog.Entity;
import org.openrsm.engine.catalog.MemoryCatalog;
import org.openrsm.engine.catalog.Model.Drive;
import org.openrsm.engine.catalog.Model.Library;
import org.openrsm.engine.catalog.Model.Logical;
import org.openrsm.engine.catalog.Model.Medium;
import org.openrsm.engine.catalog.Model.Port;
import org.openrsm.engine.catalog.Model.Side;
import org.openrsm.engine.catalog.Model.Slot;
import org.openrsm.engine.core.EngineClock;
import org.openrsm.engine.core.EngineLock;
import org.openrsm.engine.requests.Notifier;
import org.openrsm.engine.requests.OperatorRequest;
import org.openrsm.engine.requests.Requests;
import org.openrsm.engine.security.Security;
import org.openrsm.store.Store;

/**
 * The composition root of the library manager: the catalog in memory and in the store, the run-time state of
 * libraries and drives, and the parts that work on them: start-up ({@link LibrarySetup}), inventory
 * ({@link LibraryInventory}), commits ({@link CatalogCommits}), the mount queues ({@link MountQueue}) with their
 * planner ({@link MountPlanner}) and executor ({@link MountExecutor}), the robots ({@link Robot}) and dismounts
 * ({@link Dismounts}). One lock ({@link EngineLock}) guards all state; robot moves run on each library's robot
 * thread outside it. What stays here: lookups by id, sessions, stop.
 */
final class Engine implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Engine.class.getName());
    static final String OFFLINE_LIBRARY = "Offline Library";

    final EngineLock lock = new EngineLock();
    final MemoryCatalog state = new MemoryCatalog();
    final Catalog catalog;
    final Map<LibraryId, LibraryRun> libraries = new LinkedHashMap<>();
    final Map<DriveId, DriveRun> driveRuns = new HashMap<>();
    /** cartridges with robot work planned or under way */
    final Set<PhysicalMediaId> busyMedia = new HashSet<>();
    /** mounted sides and the session each belongs to */
    final Map<SideId, EngineSession> holders = new HashMap<>();
    final Set<EngineSession> sessions = new HashSet<>();
    final EngineClock clock;
    final List<EngineListener> listeners = new ArrayList<>();
    final Notifier notifier = new Notifier();
    final Requests requests;
    final Security security = new Security(state);
    final Transactions transactions = new Transactions(this);
    final Duration defaultDeferDismountDelay;
    /** how often an inventory is retried while a library's catalog may be behind its changer */
    Duration inventoryRetry = Duration.ofSeconds(5);
    /** how many more deferred-dismount delays a tape the eviction policy values stays in its drive (Dismounts) */
    int keepValuedTapes;
    final String administrator;
    private volatile boolean closed;
    private volatile String ownershipLost;
    /** this server's lease on a shared catalog, null when the store is not shared */
    volatile OwnerLease lease;

    /** This server's name among the servers of a shared catalog; null when the store is not shared. */
    String serverName() {
        OwnerLease l = lease;
        return l == null ? null : l.server();
    }
    /** decisions of another server's transaction manager are being carried out ({@link #finishTransactionDecisions}) */
    private final AtomicBoolean finishingDecisions = new AtomicBoolean();

    final CatalogCommits commits;
    final LibrarySetup setup;
    final LibraryInventory inventory;
    final MountPlanner planner;
    final MountQueue mounts;
    final MountExecutor executor;
    final Robot robot;
    final MovesAhead ahead;
    final Dismounts dismounts;
    final DriveChannels channels;
    final Pools pools;
    final Allocations allocations;
    final ObjectInformation information;
    final ObjectAttributes attributes;
    final LibraryControl control;
    final Cleaning cleaning;
    final LibraryAdmin admin;

    Engine(Store store, Duration defaultDeferDismountDelay, Duration requestPurgeTime, String administrator, EngineClock clock) {
        this.catalog = new Catalog(store);
        this.defaultDeferDismountDelay = defaultDeferDismountDelay;
        this.requests = new Requests(lock, clock, state, notifier, requestPurgeTime, this::operatorRequestClosed);
        this.administrator = administrator;
        this.clock = clock;
        clock.onJump(() -> lock.run(lock::signalChange));
        this.commits = new CatalogCommits(this);
        this.setup = new LibrarySetup(this);
        this.inventory = new LibraryInventory(this);
        this.planner = new MountPlanner(this);
        this.mounts = new MountQueue(this);
        this.executor = new MountExecutor(this);
        this.robot = new Robot(this);
        this.ahead = new MovesAhead(this);
        this.dismounts = new Dismounts(this);
        this.channels = new DriveChannels(this);
        this.pools = new Pools(this);
        this.allocations = new Allocations(this);
        this.information = new ObjectInformation(this);
        this.attributes = new ObjectAttributes(this);
        this.control = new LibraryControl(this);
        this.cleaning = new Cleaning(this);
        this.admin = new LibraryAdmin(this, control);
    }

    static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    Store store() {
        return catalog.store();
    }

    void addListener(EngineListener listener) {
        lock.lock();
        try {
            listeners.add(listener);
        } finally {
            lock.unlock();
        }
    }

    /** The catalog object for a changer element, or null if the library has no such element. */
    RsmId element(LibraryId library, Element e) {
        // by number, not by position in a copied list: an inventory asks once per element (100,000 slots)
        Entity found = switch (e.type()) {
            case DRIVE -> state.drive(library, e.number());
            case SLOT -> state.slot(library, e.number());
            case PORT -> state.port(library, e.number());
        };
        return found == null ? null : found.id();
    }

    Element element(RsmId id) {
        if (id instanceof DriveId d) {
            return Element.drive(state.get(d, Drive.class).number);
        } else if (id instanceof SlotId s) {
            return Element.slot(state.get(s, Slot.class).number);
        } else if (id instanceof PortId p) {
            return Element.port(state.get(p, Port.class).number);
        }
        throw new IllegalArgumentException(id + " is not a changer element");
    }

    String describe(RsmId location) {
        lock.assertHeld();
        if (location == null) {
            return "nowhere";
        }
        Entity e = state.get(location);
        if (e instanceof Drive d) {
            return d.name + " of " + libraryName(d.library);
        } else if (e instanceof Slot s) {
            return "slot " + s.number + " of " + libraryName(s.library);
        } else if (e instanceof Port p) {
            return "IE port " + p.number + " of " + libraryName(p.library);
        } else if (e instanceof Library l) {
            return "the " + l.name;
        }
        return location.type().displayName() + " " + location;
    }

    String libraryName(LibraryId id) {
        return state.libraryName(id);
    }

    // ------------------------------------------------------------------ lookups

    Side resolve(MediaId id) throws RsmException {
        lock.assertHeld();
        if (id == null) {
            throw invalidParameter("a medium id is null");
        }
        if (id instanceof SideId s) {
            Side side = state.get(s, Side.class);
            if (side == null) {
                throw error(RsmError.INVALID_MEDIA, "side " + s + " is not known");
            }
            return side;
        }
        LogicalMediaId l = (LogicalMediaId) id;
        Logical logical = state.get(l, Logical.class);
        if (logical == null) {
            throw error(RsmError.INVALID_MEDIA, "logical medium " + l + " is not known (never allocated, or deallocated)");
        }
        return state.get(logical.side, Side.class);
    }

    /** Resolves every id; the same side twice is INVALID_MEDIA (RSM.md §5.1). */
    List<Side> resolveAll(List<? extends MediaId> media, String operation) throws RsmException {
        List<Side> sides = new ArrayList<>();
        Set<SideId> unique = new HashSet<>();
        for (MediaId id : media) {
            Side side = resolve(id);
            if (!unique.add(side.id)) {
                throw error(RsmError.INVALID_MEDIA, "side " + label(side) + " is given twice in one " + operation);
            }
            sides.add(side);
        }
        return sides;
    }

    /** The cartridge, or INVALID_MEDIA naming the id. */
    Medium physicalMedium(PhysicalMediaId id) throws RsmException {
        lock.assertHeld();
        if (id == null) {
            throw invalidParameter("a physical medium id is null");
        }
        Medium m = state.get(id, Medium.class);
        if (m == null) {
            throw error(RsmError.INVALID_MEDIA, "physical medium " + id + " is not known");
        }
        return m;
    }

    Medium medium(Side side) {
        return state.get(side.medium, Medium.class);
    }

    /** e.g. "A00001L8" or "A00001L8 side 1" for the second side of a two-sided medium. */
    String label(Side side) {
        Medium m = medium(side);
        String name = m.barCode != null ? m.barCode : "cartridge " + m.id;
        return m.sides.size() > 1 ? name + " side " + side.number : name;
    }

    Drive drive(DriveId id) throws RsmException {
        lock.assertHeld();
        if (id == null) {
            throw invalidParameter("a drive id is null");
        }
        Drive d = state.get(id, Drive.class);
        if (d == null) {
            throw error(RsmError.INVALID_DRIVE, "drive " + id + " is not known");
        }
        return d;
    }

    Drive driveHolding(Side side) {
        Medium m = medium(side);
        if (m.locationType == ObjectType.DRIVE) {
            Drive d = state.get(m.location, Drive.class);
            if (d != null && side.id.equals(d.side)) {
                return d;
            }
        }
        return null;
    }

    void checkOpen() throws RsmException {
        String lost = whyNotDriving();
        if (lost != null) {
            throw error(RsmError.NOT_CONNECTED, "this OpenRSM server no longer drives its libraries: " + lost);
        }
        if (closed) {
            throw error(RsmError.NOT_CONNECTED, "the OpenRSM engine has been stopped");
        }
    }

    /**
     * This server lost the catalog it shared with others ({@link OwnerLease}): no robot move starts any more, every
     * call fails naming why. Its store refuses its transactions already (the fence), so nothing is written either.
     */
    void ownershipLost(String reason) {
        if (ownershipLost != null) {
            return;
        }
        ownershipLost = reason;
        LOG.severe("this OpenRSM server stops driving its libraries: " + reason);
        lock.run(lock::signalChange);
    }

    /**
     * Why this server may not move a robot now, or null: it lost the shared catalog, or its lease was not renewed
     * for two thirds of its length (checked before every move: a server paused past its lease moves nothing when
     * it wakes, even before its lease thread noticed).
     */
    String whyNotDriving() {
        String lost = ownershipLost;
        if (lost == null && lease != null) {
            lost = lease.stale();
            if (lost != null) {
                ownershipLost(lost);
            }
        }
        return lost;
    }

    /**
     * Carries out, on a thread of its own, what the transaction manager of another server decided for branches in
     * doubt here ({@link Transactions#finishDecisions}). The lease asks at every renewal: within a third of the lease.
     */
    void finishTransactionDecisions() {
        // the lease's thread never waits for the engine (a long start-up or inventory holds it): it asks again next time
        if (!lock.tryLock()) {
            return;
        }
        boolean inDoubt;
        try {
            inDoubt = !closed && transactions.inDoubtSinceStart();
        } finally {
            lock.unlock();
        }
        if (!inDoubt || !finishingDecisions.compareAndSet(false, true)) {
            return;
        }
        daemon(() -> {
            try {
                lock.call(() -> {
                    checkOpen();
                    transactions.finishDecisions();
                    return null;
                });
            } catch (RsmException e) {
                LOG.warning("branches in doubt: the decisions of another server's transaction manager are carried out "
                        + "later: " + e.getMessage());
            } finally {
                finishingDecisions.set(false);
            }
        }, "openrsm-transaction-decisions").start();
    }

    /** Why this server lost the shared catalog, or null while it owns it (or the catalog is not shared). */
    String ownershipLost() {
        return ownershipLost;
    }

    /** A defect (an unchecked exception) turned into INTERNAL_ERROR, logged once with its stack trace. */
    RsmException internalError(String during, RuntimeException e) {
        LOG.log(Level.SEVERE, "OpenRSM defect during " + during, e);
        return error(RsmError.INTERNAL_ERROR, during + " failed on an internal error (" + e
                + "); the library state was left as the last confirmed step recorded it");
    }

    // ------------------------------------------------------------------ sessions

    EngineSession openSession(String application, String user, Set<String> groups) throws RsmException {
        lock.lock();
        try {
            checkOpen();
            boolean admin = user == null || user.equals(administrator) || groups.contains(administrator);
            EngineSession s = new EngineSession(this, application, user, groups, admin);
            sessions.add(s);
            return s;
        } finally {
            lock.unlock();
        }
    }

    /** {@code CloseNtmsSession}: held sides become deferred dismounts, waiting mounts are cancelled. */
    void closeSession(EngineSession session) {
        lock.lock();
        try {
            Transactions.Branch branch = session.branch;
            if (branch != null && branch.xid.startsWith("local-") && branch.sessions.size() == 1) {
                // a local transaction the application did not end: it ends with the session, rolled back
                try {
                    transactions.rollback(branch);
                } catch (RsmException e) {
                    LOG.log(Level.WARNING, "rolling back the local transaction of a closed session", e);
                }
            }
            for (MountRequest r : List.copyOf(session.pending)) {
                mounts.abandon(r);
            }
            for (SideId id : List.copyOf(session.held)) {
                dismounts.releaseAsDeferred(session, id, "a closed session");
            }
            sessions.remove(session);
            notifier.unsubscribeAll(session);
        } finally {
            lock.unlock();
        }
    }

    Collection<EngineSession> sessions() {
        return sessions;
    }

    // ------------------------------------------------------------------ stop

    @Override
    public void close() {
        List<EngineSession> open;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            open = List.copyOf(sessions);
        } finally {
            lock.unlock();
        }
        for (EngineSession s : open) {
            s.closeQuietly();
        }
        lock.lock();
        try {
            closed = true;
        } finally {
            lock.unlock();
        }
        clock.close();
        notifier.close();
        for (LibraryRun run : libraries.values()) {
            run.robot.shutdown();
        }
        for (LibraryRun run : libraries.values()) {
            try {
                if (!run.robot.awaitTermination(30, TimeUnit.SECONDS)) {
                    LOG.warning("the robot of " + run.changer.libraryName() + " did not finish its move within 30 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (run.arm != null) {
                run.arm.close();
            }
            run.changer.close();
        }
        commits.moves.close();
    }

    /** The library an object belongs to (a drive's, a slot's, a cartridge's), or null. */
    LibraryId libraryOf(RsmId id) {
        return state.libraryOf(id);
    }

    /** Hook: an operator request was satisfied or refused. */
    void operatorRequestClosed(OperatorRequest r) {
        lock.assertHeld();
        for (Map.Entry<LibraryId, LibraryRun> e : libraries.entrySet()) {
            LibraryRun run = e.getValue();
            if (run.inventoryRequest == r && r.state == OperatorRequestState.COMPLETE) {
                // the operator has looked at the library: take its element status as it is, now
                run.inventoryRequest = null;
                Library library = state.get(e.getKey(), Library.class);
                robot.onRobot(run, () -> {
                    try {
                        inventory.reconcile(library, run.changer, LibraryInventory.Inventory.OPERATOR);
                    } catch (RsmException failed) {
                        LOG.warning("the inventory of " + library.name + " the operator asked for failed: " + failed.getMessage());
                    }
                });
            }
        }
        if (r.type == OperatorRequestType.DEVICESERVICE && r.arg1 instanceof DriveId id
                && r.state == OperatorRequestState.COMPLETE) {
            Drive d = state.get(id, Drive.class);
            if (d != null && d.operationalState == OperationalState.NEEDS_SERVICE) {
                Change change = new Change(state);
                change.edit(d).operationalState = OperationalState.READY;
                commits.commitPhysical(change, d.name + " serviced");
                Drive serviced = state.get(id, Drive.class);
                if (serviced.state == DriveState.DISMOUNTABLE && driveRuns.get(id).owner() == null && !driveRuns.get(id).busy()) {
                    // the medium a failed move left in the drive goes home as a deferred dismount would
                    dismounts.scheduleDeferredReturn(serviced);
                }
                mounts.dispatch(d.library);
            }
        }
        for (LibraryRun run : libraries.values()) {
            for (MountRequest m : List.copyOf(run.waiting)) {
                if (m.operatorRequests.contains(r) && r.state == OperatorRequestState.REFUSED) {
                    run.unqueue(m);
                    mounts.fail(m, error(RsmError.CANCELLED, "operator request " + r.id + " to insert " + mounts.describeSides(m)
                            + " was refused"));
                }
            }
        }
    }

    boolean isClosed() {
        return closed;
    }
}
