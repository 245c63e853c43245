package org.openrsm.engine;

import static org.openrsm.engine.Errors.error;
import static org.openrsm.engine.Errors.invalidParameter;
import static org.openrsm.engine.Errors.invalidState;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.openrsm.api.DriveId;
import org.openrsm.api.DriveState;
import org.openrsm.api.LibraryId;
import org.openrsm.api.LibraryType;
import org.openrsm.api.LogicalMediaId;
import org.openrsm.api.MediaId;
import org.openrsm.api.MediaPoolId;
import org.openrsm.api.MediaState;
import org.openrsm.api.MediaTypeId;
import org.openrsm.api.ObjectType;
import org.openrsm.api.OperationalState;
import org.openrsm.api.PhysicalMediaId;
import org.openrsm.api.PoolType;
import org.openrsm.api.PortContent;
import org.openrsm.api.PortId;
import org.openrsm.api.RsmError;
import org.openrsm.api.RsmException;
import org.openrsm.api.RsmId;
import org.openrsm.api.SideId;
import org.openrsm.api.SideState;
import org.openrsm.api.SlotId;
import org.openrsm.api.SlotState;
import org.openrsm.changer.Changer;
import org.openrsm.changer.ChangerException;
import org.openrsm.changer.ChangerSpec;
import org.openrsm.changer.Element;
import org.openrsm.changer.ElementStatus;
import org.openrsm.changer.ElementType;
import org.openrsm.engine.Model.Drive;
import org.openrsm.engine.Model.Library;
import org.openrsm.engine.Model.Logical;
import org.openrsm.engine.Model.MediaType;
import org.openrsm.engine.Model.Medium;
import org.openrsm.engine.Model.Pool;
import org.openrsm.engine.Model.Port;
import org.openrsm.engine.Model.Side;
import org.openrsm.engine.Model.Slot;
import org.openrsm.engine.RunState.DriveRun;
import org.openrsm.engine.RunState.LibraryRun;
import org.openrsm.store.Store;

/**
 * The library manager: the catalog in memory and in the store, the robots, the mount queues. One lock
 * guards all state; robot moves run on each library's robot thread outside it.
 */
final class Engine implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Engine.class.getName());
    static final String OFFLINE_LIBRARY = "Offline Library";

    final ReentrantLock lock = new ReentrantLock();
    /** signalled after every commit and every change of runtime state */
    final Condition changed = lock.newCondition();
    final State state = new State();
    final Catalog catalog;
    final Map<LibraryId, LibraryRun> libraries = new LinkedHashMap<>();
    final Map<DriveId, DriveRun> driveRuns = new HashMap<>();
    /** cartridges with robot work planned or under way */
    final Set<PhysicalMediaId> busyMedia = new HashSet<>();
    /** mounted sides and the session each belongs to */
    final Map<SideId, EngineSession> holders = new HashMap<>();
    final Set<EngineSession> sessions = new HashSet<>();
    private final ScheduledExecutorService timers;
    private final List<EngineListener> listeners = new ArrayList<>();
    final Notifier notifier = new Notifier();
    final Requests requests;
    final Security security = new Security(this);
    private final Duration defaultDeferDismountDelay;
    /** how often an inventory is retried while a library's catalog may be behind its changer */
    Duration inventoryRetry = Duration.ofSeconds(5);
    private final String administrator;
    private long sequence;
    private volatile boolean closed;

    Engine(Store store, Duration defaultDeferDismountDelay, Duration requestPurgeTime, String administrator) {
        this.catalog = new Catalog(store);
        this.defaultDeferDismountDelay = defaultDeferDismountDelay;
        this.requests = new Requests(this, requestPurgeTime);
        this.administrator = administrator;
        AtomicInteger n = new AtomicInteger();
        this.timers = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "openrsm-timer-" + n.incrementAndGet()));
    }

    private static Thread daemon(Runnable r, String name) {
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

    // ------------------------------------------------------------------ start-up

    /** Loads the catalog, opens every changer and reconciles the catalog with its element status. */
    void start(List<ChangerSpec> specs) throws RsmException {
        lock.lock();
        try {
            List<Entity> all = catalog.loadAll();
            state.apply(all, List.of());
            for (Medium m : state.all(Medium.class)) {
                m.sides = new ArrayList<>(state.sidesOf(m.id));
            }
            Change change = new Change(state);
            if (state.library(OFFLINE_LIBRARY) == null) {
                Library offline = new Library();
                offline.id = LibraryId.random();
                offline.name = OFFLINE_LIBRARY;
                offline.type = LibraryType.OFFLINE;
                change.create(offline);
            }
            commit(change, "create the offline library");
            for (ChangerSpec spec : specs) {
                Changer changer;
                try {
                    changer = spec.open();
                } catch (ChangerException e) {
                    throw error(RsmError.DEVICE_NOT_AVAILABLE, "library " + spec.name() + " cannot be opened: " + e.getMessage());
                }
                boolean known = state.library(changer.libraryName()) != null;
                Library library = configure(changer);
                AtomicInteger n = new AtomicInteger();
                LibraryRun run = new LibraryRun(changer, Executors.newSingleThreadExecutor(
                        r -> daemon(r, "openrsm-robot-" + library.name + "-" + n.incrementAndGet())));
                libraries.put(library.id, run);
                for (Drive d : state.drives(library.id)) {
                    driveRuns.put(d.id, new DriveRun());
                }
                reconcile(library, changer, known ? Inventory.AUTOMATIC : Inventory.FIRST);
            }
            markPresence();
            transactions.recover();
            for (LibraryId id : libraries.keySet()) {
                for (Drive d : state.drives(id)) {
                    if (d.state == DriveState.DISMOUNTABLE) {
                        scheduleDeferredReturn(d);
                    }
                    if (d.operationalState == OperationalState.NEEDS_SERVICE) {
                        // operator requests live in memory: ask again for the service the drive still needs
                        requests.submit(org.openrsm.api.OperatorRequestType.DEVICESERVICE, describe(d.id)
                                + " failed before the restart and still needs service", d.id, null, null);
                    }
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Libraries of the catalog that no configured changer serves are NOT_PRESENT (DeleteNtmsLibrary may forget them). */
    private void markPresence() throws RsmException {
        Change change = new Change(state);
        for (Library l : state.libraries()) {
            if (l.type != LibraryType.ONLINE) {
                continue;
            }
            boolean attached = libraries.containsKey(l.id);
            if (!attached && l.operationalState != OperationalState.NOT_PRESENT) {
                LOG.warning(() -> "library " + l.name + " is in the catalog but no changer of that name is configured; "
                        + "it is NOT_PRESENT");
                change.edit(l).operationalState = OperationalState.NOT_PRESENT;
            } else if (attached && l.operationalState == OperationalState.NOT_PRESENT) {
                change.edit(l).operationalState = OperationalState.READY;
            }
        }
        commit(change, "record which libraries are attached");
    }

    /** Creates the library, its elements and its media type's system pools on first start. */
    private Library configure(Changer changer) throws RsmException {
        Change change = new Change(state);
        Library library = state.library(changer.libraryName());
        if (library == null) {
            library = change.create(new Library());
            library.id = LibraryId.random();
            library.name = changer.libraryName();
            library.type = LibraryType.ONLINE;
            // the changer's media types seed a new library; later Add/DeleteNtmsMediaType keep its list
            for (String typeName : changer.mediaTypes()) {
                library.mediaTypes.add(mediaType(change, typeName).id);
            }
        } else {
            library = change.edit(library);
        }
        List<Drive> drives = state.drives(library.id);
        for (Drive d : drives) {
            // a drive the changer no longer reports stays in the catalog, NOT_PRESENT, until DeleteNtmsDrive
            boolean present = d.number <= changer.driveCount();
            if (!present && d.operationalState != OperationalState.NOT_PRESENT) {
                LOG.warning(() -> "library " + changer.libraryName() + ": " + d.name + " is no longer reported by the changer; "
                        + "it is NOT_PRESENT until deleted (DeleteNtmsDrive) or back");
                change.edit(d).operationalState = OperationalState.NOT_PRESENT;
            } else if (present && d.operationalState == OperationalState.NOT_PRESENT) {
                change.edit(d).operationalState = OperationalState.READY;
            }
        }
        for (int i = drives.size() + 1; i <= changer.driveCount(); i++) {
            Drive d = change.create(new Drive());
            d.id = DriveId.random();
            d.library = library.id;
            d.number = i;
            d.name = "drive" + i;
            d.deviceName = changer.deviceName(i);
            d.deferDismountDelay = defaultDeferDismountDelay;
        }
        for (int i = state.slots(library.id).size() + 1; i <= changer.slotCount(); i++) {
            Slot s = change.create(new Slot());
            s.id = SlotId.random();
            s.library = library.id;
            s.number = i;
        }
        for (int i = state.ports(library.id).size() + 1; i <= changer.portCount(); i++) {
            Port p = change.create(new Port());
            p.id = PortId.random();
            p.library = library.id;
            p.number = i;
        }
        commit(change, "configure library " + library.name);
        return state.get(library.id, Library.class);
    }

    /** The media type with its system pools, created in {@code change} if it is new. */
    MediaType mediaType(Change change, String name) throws RsmException {
        MediaType type = state.mediaType(name);
        if (type != null) {
            return type;
        }
        for (Entity e : change.upserts()) {
            if (e instanceof MediaType t && t.name.equals(name)) {
                return t;
            }
        }
        Integer code = MediaTypes.code(name);
        if (code == null) {
            throw error(RsmError.INVALID_MEDIA, "media type '" + name + "' is not one RSM knows (e.g. LTO_Ultrium, DLT, "
                    + "DDS_4mm, CD_R; RSM.md §1.5)");
        }
        type = change.create(new MediaType());
        type.id = MediaTypeId.random();
        type.name = name;
        type.code = code;
        type.sides = MediaTypes.sides(name);
        for (PoolType kind : List.of(PoolType.SCRATCH, PoolType.IMPORT, PoolType.FOREIGN)) {
            Pool container = systemContainer(change, kind);
            Pool p = change.create(new Pool());
            p.id = MediaPoolId.random();
            p.type = kind;
            p.name = name;
            p.path = container.path + "\\" + name;
            p.parent = container.id;
            p.mediaType = type.id;
        }
        return type;
    }

    static String systemPoolName(PoolType kind) {
        return switch (kind) {
            case SCRATCH -> "Free";
            case IMPORT -> "Import";
            case FOREIGN -> "Unrecognized";
            default -> throw new IllegalArgumentException(kind + " is not a system pool");
        };
    }

    private Pool systemContainer(Change change, PoolType kind) {
        String path = "\\" + systemPoolName(kind);
        Pool container = state.pool(path);
        if (container != null) {
            return container;
        }
        for (Entity e : change.upserts()) {
            if (e instanceof Pool p && p.path.equals(path)) {
                return p;
            }
        }
        container = change.create(new Pool());
        container.id = MediaPoolId.random();
        container.type = kind;
        container.name = systemPoolName(kind);
        container.path = path;
        return container;
    }

    /** The system pool of {@code kind} for a media type. */
    Pool systemPool(PoolType kind, MediaTypeId type) {
        MediaType t = state.get(type, MediaType.class);
        return state.pool("\\" + systemPoolName(kind) + "\\" + t.name);
    }

    /**
     * Inventory at start-up (DESIGN.md §5): the changer is the truth for where cartridges are. New bar codes
     * become cartridges in the Free pool; cartridges found elsewhere than the catalog says are moved in the
     * catalog; cartridges the changer no longer has go to the offline library. Every difference is logged.
     */
    void reconcile(Library library, Changer changer, Inventory kind) throws RsmException {
        List<ElementStatus> status;
        try {
            status = changer.elementStatus();
        } catch (ChangerException e) {
            throw error(RsmError.UNABLE_TO_INVENTORY_SLOT, "library " + library.name + ": " + e.getMessage());
        }
        lock.lock();
        try {
            String implausible = kind == Inventory.AUTOMATIC ? implausible(library, changer, status) : null;
            if (implausible != null) {
                // never "reconcile" a lost element status into moving every cartridge to the shelf
                needsInventory(library.id, implausible + "; nothing was changed. Check the library, then run an inventory");
                return;
            }
            reconcile(library.id, changer, status, kind == Inventory.FIRST);
            LibraryRun run = libraries.get(library.id);
            if (run != null) {
                if (run.inventoryNeeded != null) {
                    LOG.info("library " + library.name + ": the inventory succeeded, the catalog agrees with the changer again");
                    run.inventoryNeeded = null;
                    closeQuietly(run.inventoryRequest);
                    run.inventoryRequest = null;
                }
                dispatch(library.id);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Which inventory: the first of a new library (cartridges go to Free), an automatic one, or an operator's. */
    enum Inventory { FIRST, AUTOMATIC, OPERATOR }

    /**
     * Why an element status cannot be right, or null: it leaves out elements the changer has, or it shows no
     * cartridge at all while the catalog has some in the library (a lost or truncated status). An operator's
     * inventory accepts it all the same: a person has looked.
     */
    private String implausible(Library library, Changer changer, List<ElementStatus> status) {
        int elements = changer.driveCount() + changer.slotCount() + changer.portCount();
        if (status.size() < elements) {
            return "library " + library.name + " reported " + status.size() + " of its " + elements + " elements";
        }
        int cataloged = state.mediaInLibrary(library.id).size();
        if (cataloged > 0 && status.stream().noneMatch(ElementStatus::full)) {
            return "library " + library.name + " reports no cartridge at all, but the catalog has " + cataloged + " in it";
        }
        return null;
    }

    /**
     * Engine lock: the catalog may be behind the changer (a robot move the store could not record, a status that
     * cannot be right). The library's robot takes no work until an inventory succeeds; OpenRSM retries one, and says
     * so once in the log and in an operator request.
     */
    void needsInventory(LibraryId id, String reason) {
        LibraryRun run = libraries.get(id);
        if (run == null || run.inventoryNeeded != null) {
            return;
        }
        run.inventoryNeeded = reason;
        run.inventoryRequest = requests.raise(org.openrsm.api.OperatorRequestType.DEVICESERVICE, reason
                + "; the robot waits for an inventory, retried every " + (inventoryRetry.toMillis() % 1000 == 0
                ? inventoryRetry.toSeconds() + " s" : inventoryRetry.toMillis() + " ms"), id, Level.SEVERE);
        if (!closed) {
            timers.schedule(() -> retryInventory(id), inventoryRetry.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void retryInventory(LibraryId id) {
        LibraryRun run;
        Library library;
        lock.lock();
        try {
            run = libraries.get(id);
            if (closed || run.inventoryNeeded == null) {
                return;
            }
            library = state.get(id, Library.class);
        } finally {
            lock.unlock();
        }
        onRobot(run, () -> {
            try {
                reconcile(library, run.changer, Inventory.AUTOMATIC);
            } catch (RsmException | RuntimeException e) {
                LOG.log(Level.FINE, "inventory of " + library.name + " failed again", e);
            }
            lock.lock();
            try {
                if (!closed && run.inventoryNeeded != null) {
                    timers.schedule(() -> retryInventory(id), inventoryRetry.toMillis(), TimeUnit.MILLISECONDS);
                }
            } finally {
                lock.unlock();
            }
        });
    }

    private void closeQuietly(OperatorRequest r) {
        if (r != null && r.open()) {
            try {
                requests.satisfy(r);
            } catch (RsmException e) {
                LOG.log(Level.FINE, "operator request already closed", e);
            }
        }
    }

    private void reconcile(LibraryId libraryId, Changer changer, List<ElementStatus> status, boolean firstInventory)
            throws RsmException {
        Library library = state.get(libraryId, Library.class);
        Change change = new Change(state);
        Set<PhysicalMediaId> seen = new HashSet<>();
        MediaTypeId defaultType = library.mediaTypes.get(0);
        Library lib = change.edit(library);
        lib.doorOpen = false;
        String cleaner = null;
        Map<String, String> places = new HashMap<>();
        libraries.get(library.id).ambiguous.clear();
        for (ElementStatus es : status) {
            RsmId element = element(library.id, es.element());
            if (element == null) {
                continue;
            }
            if (!es.full()) {
                markElement(change, element, null);
                continue;
            }
            if (es.barCode() == null) {
                Medium there = state.occupant(element);
                if (there != null) {
                    // most likely the cartridge the catalog has there with a damaged label: keep it, ask the operator
                    seen.add(there.id);
                    requests.raise(org.openrsm.api.OperatorRequestType.MESSAGE, "library " + library.name + ": the bar code of "
                            + "the cartridge in " + describe(element) + " cannot be read; the catalog keeps " + there.label()
                            + " there; check its label and run an inventory", element, Level.WARNING);
                } else {
                    occupiedByUnknown(change, element, "library " + library.name + ": " + describe(element) + " holds a "
                            + "cartridge whose bar code cannot be read; it stays out of the catalog and the element is not "
                            + "used; label it and inject it, or take it out");
                }
                continue;
            }
            String firstPlace = places.putIfAbsent(es.barCode(), describe(element));
            if (firstPlace != null) {
                // two cartridges cannot have one bar code: neither may be mounted until a person has looked
                String problem = "library " + library.name + " reports bar code " + es.barCode() + " in " + firstPlace + " and in "
                        + describe(element) + "; " + es.barCode() + " cannot be mounted until one is taken out and an "
                        + "inventory has run";
                libraries.get(library.id).ambiguous.put(es.barCode(), problem);
                occupiedByUnknown(change, element, problem);
                continue;
            }
            if (es.barCode().startsWith(CLEANER_PREFIX)) {
                // NTMS_LIBRARYFLAG_RECOGNIZECLEANERBARCODE: a cleaner, tracked by the library, not a medium
                cleaner = es.barCode();
                markElement(change, element, null);
                if (element instanceof SlotId slot) {
                    change.edit(state.get(slot, Slot.class)).state = SlotState.FULL;
                }
                continue;
            }
            Medium m = state.mediumByBarCode(es.barCode());
            if (element instanceof PortId port) {
                // an IE port is outside the library's storage: what is there is the operator's until injected, and a
                // cartridge the catalog had inside was ejected by a move that was not recorded (a crash)
                change.edit(state.get(port, Port.class)).content = PortContent.FULL;
                if (m != null && library.id.equals(m.library)) {
                    LOG.info("inventory of " + library.name + ": " + m.label() + " found in " + describe(element)
                            + ", the catalog had it in " + describe(m.location) + "; it was ejected");
                    releaseHolders(m);
                    recordEjected(change, m);
                    seen.add(m.id);
                }
                continue;
            }
            if (m == null) {
                m = newCartridge(change, library, es.barCode(), defaultType,
                        firstInventory ? PoolType.SCRATCH : changer.mediaLabel(es.barCode()) != null ? PoolType.IMPORT : PoolType.FOREIGN);
            } else {
                if (!element.equals(m.location)) {
                    LOG.info("inventory of " + library.name + ": " + m.label() + " found in " + describe(element)
                            + ", the catalog had it in " + describe(m.location));
                    releaseHolders(m);
                }
                m = change.edit(m);
            }
            seen.add(m.id);
            m.library = library.id;
            m.location = element;
            m.locationType = element.type();
            if (element instanceof SlotId slot) {
                // what returnHome records: a cartridge lives where it is found in a slot, idle, no side mounted
                m.homeSlot = slot;
                m.mountedSide = null;
                m.state = MediaState.IDLE;
            } else if (m.state == MediaState.OPREQ) {
                m.state = MediaState.IDLE;
            }
            markElement(change, element, m);
        }
        if (cleaner == null ? lib.cleanerBarCode != null : !cleaner.equals(lib.cleanerBarCode)) {
            String found = cleaner;
            LOG.info(() -> "inventory of " + library.name + ": cleaner " + (found == null ? "gone" : found + " found"));
            lib.cleanerBarCode = cleaner;
            if (cleaner == null) {
                lib.cleanerUses = 0;
            }
        }
        for (PhysicalMediaId id : List.copyOf(state.mediaInLibrary(library.id))) {
            Medium m = state.get(id, Medium.class);
            if (!seen.contains(m.id)) {
                LOG.warning("inventory of " + library.name + ": " + m.label() + " is no longer in the library; "
                        + "it moves to the offline library");
                releaseHolders(m);
                toShelf(change.edit(m));
            }
        }
        long added = change.created().stream().filter(e -> e instanceof Medium).count();
        if (added > 0) {
            LOG.info(() -> "inventory of " + library.name + ": " + added + " new cartridge" + (added == 1 ? "" : "s"));
        }
        commit(change, "record the inventory of library " + library.name);
    }

    static final String CLEANER_PREFIX = "CLN";

    /** A cartridge the robot put into an IE port (EjectNtmsMedia): import and unrecognized media are forgotten (RSM). */
    void recordEjected(Change change, Medium m) {
        PoolType pool = state.get(m.pool, Pool.class).type;
        if (pool == PoolType.IMPORT || pool == PoolType.FOREIGN) {
            for (SideId side : m.sides) {
                change.delete(state.get(side, Side.class));
            }
            change.delete(m);
        } else {
            toShelf(change.edit(m));
        }
    }

    /** The cartridge is on the shelf: in the offline library, idle, with no home slot. */
    private void toShelf(Medium e) {
        e.library = state.library(OFFLINE_LIBRARY).id;
        e.location = e.library;
        e.locationType = ObjectType.LIBRARY;
        e.homeSlot = null;
        e.mountedSide = null;
        e.state = MediaState.IDLE;
    }

    /** The sessions holding a side of a cartridge that is no longer where they mounted it let go of it. */
    private void releaseHolders(Medium m) {
        for (SideId side : m.sides) {
            EngineSession holder = holders.get(side);
            if (holder != null) {
                release(holder, side);
            }
        }
    }

    Medium newCartridge(Change change, Library library, String barCode, MediaTypeId type, PoolType pool) {
        Medium m = change.create(new Medium());
        m.id = PhysicalMediaId.random();
        m.barCode = barCode;
        m.mediaType = type;
        m.pool = systemPool(pool, type).id;
        m.library = library.id;
        MediaType t = state.get(type, MediaType.class);
        for (int i = 0; i < t.sides; i++) {
            Side s = change.create(new Side());
            s.id = SideId.random();
            s.medium = m.id;
            s.number = i;
            s.state = switch (pool) {
                case IMPORT -> SideState.IMPORT;
                case FOREIGN -> SideState.FOREIGN;
                default -> SideState.AVAILABLE;
            };
            m.sides.add(s.id);
        }
        LOG.fine(() -> "library " + library.name + ": new cartridge " + barCode + " in " + systemPool(pool, type).path);
        return m;
    }

    /**
     * An element holds a cartridge the catalog cannot take in (no readable or an ambiguous bar code): a slot or port
     * counts as full so that nothing is put there, a drive needs service so that it gets no mount; the operator is asked.
     */
    private void occupiedByUnknown(Change change, RsmId element, String problem) {
        if (element instanceof SlotId id) {
            change.edit(state.get(id, Slot.class)).state = SlotState.FULL;
        } else if (element instanceof PortId id) {
            change.edit(state.get(id, Port.class)).content = PortContent.FULL;
        } else if (element instanceof DriveId id) {
            Drive d = change.edit(state.get(id, Drive.class));
            d.state = DriveState.DISMOUNTED;
            d.side = null;
            d.operationalState = OperationalState.NEEDS_SERVICE;
            requests.raise(org.openrsm.api.OperatorRequestType.DEVICESERVICE, problem, id, Level.WARNING);
            return;
        }
        requests.raise(org.openrsm.api.OperatorRequestType.MESSAGE, problem, element, Level.WARNING);
    }

    /** Sets the slot, drive or port state for what the changer reports in it. */
    private void markElement(Change change, RsmId element, Medium m) {
        if (element instanceof SlotId id) {
            Slot s = change.edit(state.get(id, Slot.class));
            s.state = m == null ? SlotState.EMPTY : SlotState.FULL;
        } else if (element instanceof PortId id) {
            Port p = change.edit(state.get(id, Port.class));
            p.content = m == null ? PortContent.EMPTY : PortContent.FULL;
        } else if (element instanceof DriveId id) {
            Drive d = change.edit(state.get(id, Drive.class));
            if (m == null) {
                d.state = DriveState.DISMOUNTED;
                d.side = null;
            } else if (d.side != null && holders.containsKey(d.side) && m.sides.contains(d.side)) {
                // still mounted for its session: nothing changes
                return;
            } else {
                // after a restart no session holds anything: what is in a drive waits there as if deferred
                d.state = DriveState.DISMOUNTABLE;
                d.side = m.mountedSide != null ? m.mountedSide : m.sides.get(0);
                m.mountedSide = d.side;
                m.state = MediaState.LOADED;
            }
        }
    }

    /** The catalog object for a changer element, or null if the library has no such element. */
    RsmId element(LibraryId library, Element e) {
        List<? extends Entity> list = switch (e.type()) {
            case DRIVE -> state.drives(library);
            case SLOT -> state.slots(library);
            case PORT -> state.ports(library);
        };
        return e.number() <= list.size() ? list.get(e.number() - 1).id() : null;
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
        Library l = state.get(id, Library.class);
        return l == null ? String.valueOf(id) : l.name;
    }

    // ------------------------------------------------------------------ commits

    /** Writes the change to the store, then applies it in memory and tells the listeners. Under the lock. */
    final Transactions transactions = new Transactions(this);
    /** set while a deferred transactional operation is only checked: {@link #commit} aborts it (engine lock) */
    boolean dryRun;
    /** store work the next {@link #commit} does in its own store transaction (engine lock) */
    org.openrsm.store.Store.Work<Void> piggyback;

    /** Thrown by {@link #commit} in a dry run: the operation passed its checks and stops before changing anything. */
    static final class DryRun extends RuntimeException {
        DryRun() {
            super(null, null, false, false);
        }
    }

    void commit(Change change, String what) throws RsmException {
        if (dryRun) {
            throw new DryRun();
        }
        org.openrsm.store.Store.Work<Void> extra = piggyback;
        piggyback = null;
        if (change.isEmpty() && extra == null) {
            return;
        }
        List<Entity> upserts = change.upserts();
        List<Entity> deletes = change.deletes();
        Map<DriveId, DriveState> before = new HashMap<>();
        Set<RsmId> existed = new HashSet<>();
        boolean structure = deletes.stream().anyMatch(Engine::structural);
        for (Entity e : upserts) {
            Entity old = state.get(e.id());
            if (old != null) {
                existed.add(e.id());
            }
            structure |= structural(e) && (old == null || !structuralName(old).equals(structuralName(e)));
            if (e instanceof Drive d) {
                before.put(d.id, old instanceof Drive o ? o.state : null);
            }
        }
        catalog.write(what, change.created(), change.edited(), deletes, extra);
        state.apply(upserts, deletes);
        changed.signalAll();
        for (Entity e : deletes) {
            notifier.publish(org.openrsm.api.NotificationOperation.DELETE, e.id());
        }
        for (Entity e : upserts) {
            notifier.publish(existed.contains(e.id()) ? org.openrsm.api.NotificationOperation.UPDATE
                    : org.openrsm.api.NotificationOperation.INSERT, e.id());
        }
        if (structure) {
            listeners.forEach(EngineListener::structureChanged);
        }
        for (Map.Entry<DriveId, DriveState> e : before.entrySet()) {
            Drive d = state.get(e.getKey(), Drive.class);
            if (e.getValue() != null && e.getValue() != d.state) {
                for (EngineListener l : listeners) {
                    l.driveStateChanged(d.library, d.id, e.getValue(), d.state);
                }
            }
        }
    }

    /** Records a robot move's result in its own short transaction (physical state is never rolled back). */
    /** Libraries, drives and pools have MBeans named after them. */
    private static boolean structural(Entity e) {
        return e instanceof Library || e instanceof Drive || e instanceof Pool;
    }

    private static String structuralName(Entity e) {
        return e instanceof Pool p ? p.path : e instanceof Drive d ? d.name : ((Library) e).name;
    }

    void commitPhysical(Change change, String what) {
        try {
            recordPhysical(change, what);
        } catch (RsmException e) {
            LOG.log(Level.FINE, "logged once by needsInventory", e);
        }
    }

    /**
     * Records what the hardware did; if the store refuses, memory and store stay as they were, behind the changer:
     * the libraries concerned wait for an inventory (retried until the store takes it), and the error is thrown.
     */
    void recordPhysical(Change change, String what) throws RsmException {
        try {
            commit(change, what);
        } catch (RsmException e) {
            Set<LibraryId> concerned = new HashSet<>();
            for (Entity entity : change.upserts()) {
                LibraryId l = entity instanceof Medium m ? m.library : libraryOf(entity.id());
                if (l != null && libraries.containsKey(l)) {
                    concerned.add(l);
                }
            }
            if (concerned.isEmpty()) {
                concerned.addAll(libraries.keySet());
            }
            for (LibraryId l : concerned) {
                needsInventory(l, "library " + libraryName(l) + ": could not " + what + " (" + e.getMessage()
                        + "); the catalog is behind the changer");
            }
            throw e;
        }
    }

    // ------------------------------------------------------------------ lookups

    Side resolve(MediaId id) throws RsmException {
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
    private List<Side> resolveAll(List<? extends MediaId> media, String operation) throws RsmException {
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
        if (closed) {
            throw error(RsmError.NOT_CONNECTED, "the OpenRSM engine has been stopped");
        }
    }

    // ------------------------------------------------------------------ mount

    MountRequest queueMount(EngineSession session, List<? extends MediaId> media, List<DriveId> specific,
                            boolean write, int priority, boolean errorIfOffline) throws RsmException {
        if (media == null || media.isEmpty()) {
            throw invalidParameter("mount needs at least one medium");
        }
        if (specific != null && !specific.isEmpty() && specific.size() != media.size()) {
            throw invalidParameter("SPECIFIC_DRIVE names " + specific.size() + " drives for " + media.size()
                    + " media; give one drive per medium");
        }
        lock.lock();
        try {
            checkOpen();
            // §5.1: ids, duplicates, drives, one library, write protection, enabled, offline
            List<Side> sides = resolveAll(media, "mount");
            Set<PhysicalMediaId> cartridges = new HashSet<>();
            for (Side side : sides) {
                if (!cartridges.add(side.medium)) {
                    throw error(RsmError.INVALID_MEDIA, "two sides of " + medium(side).label() + " are given in one mount; "
                            + "a cartridge is in one drive at a time");
                }
            }
            Library library = null;
            for (Side side : sides) {
                Medium m = medium(side);
                Library l = state.get(m.library, Library.class);
                if (l.type == LibraryType.OFFLINE) {
                    continue;
                }
                if (library != null && !library.id.equals(l.id)) {
                    throw error(RsmError.INVALID_LIBRARY, "the media of one mount must be in one library: "
                            + m.label() + " is in " + l.name + ", another in " + library.name);
                }
                library = l;
            }
            if (library == null) {
                // every medium is on the shelf: the mount goes to a library whose drives take the type
                library = libraryFor(medium(sides.get(0)));
            }
            if (!libraries.containsKey(library.id)) {
                throw error(RsmError.RESOURCE_NOT_PRESENT, "library " + library.name + " is " + library.operationalState
                        + ": no changer of that name is configured");
            }
            int driveCount = state.drives(library.id).size();
            if (sides.size() > driveCount) {
                throw invalidParameter("a mount of " + sides.size() + " media needs as many drives; library " + library.name
                        + " has " + driveCount);
            }
            List<DriveId> drives = null;
            if (specific != null && !specific.isEmpty()) {
                drives = new ArrayList<>();
                Set<DriveId> uniqueDrives = new HashSet<>();
                for (int i = 0; i < specific.size(); i++) {
                    if (!(((List<?>) specific).get(i) instanceof DriveId id)) {
                        throw invalidParameter("SPECIFIC_DRIVE item " + (i + 1) + " is " + ((List<?>) specific).get(i)
                                + ", not a drive id");
                    }
                    Drive d = drive(id);
                    if (!uniqueDrives.add(d.id)) {
                        throw invalidParameter("SPECIFIC_DRIVE names " + d.name + " twice");
                    }
                    Medium m = medium(sides.get(i));
                    if (!d.library.equals(m.library)) {
                        throw error(RsmError.DRIVE_MEDIA_MISMATCH, d.name + " is in library " + libraryName(d.library)
                                + ", " + m.label() + " in " + libraryName(m.library));
                    }
                    if (!d.enabled) {
                        throw error(RsmError.RESOURCE_DISABLED, d.name + " of " + libraryName(d.library) + " is disabled");
                    }
                    drives.add(d.id);
                }
            }
            for (Side side : sides) {
                Medium m = medium(side);
                if (write && side.state == SideState.COMPLETE) {
                    throw error(RsmError.WRITE_PROTECT, "side " + label(side) + " is complete: it can be mounted for reading only");
                }
                transactions.checkUnclaimed(session, side.id);
                if (!m.enabled) {
                    throw error(RsmError.RESOURCE_DISABLED, m.label() + " is disabled");
                }
                String ambiguous = m.barCode == null ? null : libraries.get(library.id).ambiguous.get(m.barCode);
                if (ambiguous != null) {
                    throw error(RsmError.MEDIA_NOT_AVAILABLE, ambiguous);
                }
                if (m.locationType == ObjectType.LIBRARY && errorIfOffline) {
                    throw error(RsmError.MEDIA_OFFLINE, m.label() + " is on the shelf (offline library); insert it "
                            + "through an IE port of " + library.name + " or mount without ERROR_IF_OFFLINE to ask the operator");
                }
                if (!library.enabled) {
                    throw error(RsmError.RESOURCE_DISABLED, "library " + library.name + " is disabled");
                }
                if (!library.mediaTypes.contains(m.mediaType)) {
                    throw error(RsmError.DRIVE_MEDIA_MISMATCH, "no drive of " + library.name + " takes "
                            + state.get(m.mediaType, MediaType.class).name + " media like " + m.label());
                }
                security.require(session, m.pool, org.openrsm.api.AccessRight.USE, "mount");
                security.require(session, library.id, org.openrsm.api.AccessRight.USE, "mount");
                if (holders.get(side.id) == session) {
                    throw invalidState("side " + label(side) + " is already mounted by this session in "
                            + describe(m.location) + "; dismount it first");
                }
            }
            MountRequest r = new MountRequest(session, library.id, sides.stream().map(s -> s.id).toList(), drives,
                    write, priority, ++sequence);
            r.request = requests.create(r.id, org.openrsm.api.LibraryRequestOperation.MOUNT, library.id, session, priority);
            r.request.side = sides.get(0).id;
            r.request.medium = sides.get(0).medium;
            for (Side side : sides) {
                Medium m = medium(side);
                if (m.locationType == ObjectType.LIBRARY) {
                    // RSM.md §5.2: ask the operator to insert it; the mount waits until it is online
                    OperatorRequest op = requests.submit(org.openrsm.api.OperatorRequestType.MOVEMEDIA,
                            "insert " + m.label() + " into library " + library.name + " for a mount by " + session.application(),
                            m.id, library.id, session);
                    r.operatorRequests.add(op);
                    Change change = new Change(state);
                    change.edit(m).state = MediaState.OPREQ;
                    commit(change, "mark " + m.label() + " as waiting for the operator");
                }
            }
            List<MountRequest> waiting = libraries.get(library.id).waiting;
            int at = java.util.Collections.binarySearch(waiting, r, MountRequest::order);
            waiting.add(at < 0 ? -at - 1 : at, r);
            session.pending.add(r);
            dispatch(library.id);
            return r;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Hands free drives to waiting mounts, highest priority first and first come, first served within one
     * priority (RSM.md §5.3). Once a request waits for a drive, later ones get no new drive before it, so
     * none starves; a later request whose side already waits in a DISMOUNTABLE drive is still served.
     */
    void dispatch(LibraryId libraryId) {
        LibraryRun run = libraries.get(libraryId);
        if (run.waiting.isEmpty() || !anyDriveFree(libraryId)) {
            return;   // nothing to hand out: a waiting mount can only be served by a free or DISMOUNTABLE drive
        }
        boolean drivesTaken = false;
        for (MountRequest r : new ArrayList<>(run.waiting)) {
            List<MountRequest.Step> plan = plan(r, drivesTaken);
            if (plan == null) {
                drivesTaken |= r.waitingFor.startsWith("a drive");
                continue;
            }
            run.waiting.remove(r);
            String broken = flawIn(plan);
            if (broken != null) {
                // a planner defect must never reach the robot: one drive twice would write onto the wrong tape
                LOG.severe("mount request " + r.id + " of " + describeSides(r) + " refused, its plan is wrong: " + broken);
                fail(r, error(RsmError.INTERNAL_ERROR, "mount request " + r.id + " of " + describeSides(r)
                        + " was refused: its plan failed the engine's own check (" + broken + "); nothing was moved"));
                continue;
            }
            r.state = org.openrsm.api.LibraryRequestState.INPROCESS;
            requests.start(r.request);
            r.request.drive = plan.get(0).drive();
            if (!r.operatorRequests.isEmpty()) {
                // the media came online: the operator did what was asked
                for (OperatorRequest op : r.operatorRequests) {
                    if (op.open()) {
                        try {
                            requests.satisfy(op);
                        } catch (RsmException e) {
                            LOG.log(Level.FINE, "operator request already closed", e);
                        }
                    }
                }
            }
            r.plan.addAll(plan);
            for (MountRequest.Step s : plan) {
                driveRuns.get(s.drive()).busy = true;
                busyMedia.add(state.get(s.side(), Side.class).medium);
                if (s.evict() != null) {
                    busyMedia.add(s.evict());
                }
            }
            onRobot(run, () -> executeMount(r));
        }
    }

    /** Chooses a drive for every side (DESIGN.md §4), or returns null and says in {@code waitingFor} why not. */
    private List<MountRequest.Step> plan(MountRequest r, boolean noNewDrives) {
        List<MountRequest.Step> plan = new ArrayList<>();
        Set<DriveId> chosen = new HashSet<>();
        // a drive holding a cartridge of this mount is kept for that cartridge: evicting it for another side
        // would hand the same drive out twice
        Map<DriveId, PhysicalMediaId> kept = new HashMap<>();
        for (SideId id : r.sides) {
            Medium m = medium(state.get(id, Side.class));
            if (m.location instanceof DriveId in) {
                kept.put(in, m.id);
            }
        }
        String inventory = libraries.get(r.library).inventoryNeeded;
        if (inventory != null) {
            // the catalog may be behind the changer: no drive is handed out on its word
            r.waitingFor = "an inventory: " + inventory;
            return null;
        }
        for (int i = 0; i < r.sides.size(); i++) {
            Side side = state.get(r.sides.get(i), Side.class);
            Medium m = medium(side);
            EngineSession holder = holders.get(side.id);
            if (holder != null) {
                r.waitingFor = "side " + label(side) + ", mounted by session " + holder.application();
                return null;
            }
            if (busyMedia.contains(m.id)) {
                r.waitingFor = m.label() + ", which the robot is moving";
                return null;
            }
            if (!r.library.equals(m.library)) {
                r.waitingFor = "the operator to insert " + m.label() + " into " + libraryName(r.library)
                        + (r.operatorRequests.isEmpty() ? "" : " (operator request " + r.operatorRequests.get(0).id + ")");
                return null;
            }
            DriveId wanted = r.specificDrives == null ? null : r.specificDrives.get(i);
            Drive holding = driveHolding(side);
            if (holding != null && (wanted == null || wanted.equals(holding.id))) {
                // deferred dismount pays off: the side waits in a DISMOUNTABLE drive, no robot move
                plan.add(new MountRequest.Step(side.id, holding.id, true, null));
                chosen.add(holding.id);
                continue;
            }
            if (m.locationType == ObjectType.DRIVE) {
                Drive in = state.get(m.location, Drive.class);
                if (in != null && holders.containsKey(in.side)) {
                    r.waitingFor = m.label() + ", whose other side is mounted in " + in.name;
                    return null;
                }
            }
            if (noNewDrives) {
                r.waitingFor = "a drive (an earlier request waits for one first)";
                return null;
            }
            if (state.get(r.library, Library.class).doorOpen) {
                r.waitingFor = "an inventory: the door of " + libraryName(r.library) + " was opened";
                return null;
            }

            Drive drive = wanted != null ? state.get(wanted, Drive.class) : null;
            if (drive != null) {
                if (!free(drive) || chosen.contains(drive.id)) {
                    r.waitingFor = "a drive: " + drive.name + " is " + use(drive);
                    return null;
                }
                if (kept.containsKey(drive.id) && !kept.get(drive.id).equals(m.id)) {
                    r.waitingFor = "a drive: " + drive.name + " holds another medium of the same mount";
                    return null;
                }
            } else {
                drive = chooseDrive(r.library, m, chosen, kept);
                if (drive == null) {
                    r.waitingFor = ALL_DRIVES_BUSY;   // spelled out by waitingFor(r) only when someone asks
                    return null;
                }
            }
            chosen.add(drive.id);
            PhysicalMediaId evict = null;
            if (drive.state == DriveState.DISMOUNTABLE) {
                Medium other = state.occupant(drive.id);
                evict = other == null ? null : other.id;
            }
            plan.add(new MountRequest.Step(side.id, drive.id, false, evict));
        }
        return plan;
    }

    /**
     * What is wrong with a plan as a whole, or null: every side gets its own drive and every drive one side,
     * no step evicts a cartridge the same mount loads, a reused drive holds its side now, and a drive to load
     * is empty or holds exactly the cartridge the step evicts.
     */
    private String flawIn(List<MountRequest.Step> plan) {
        Set<DriveId> drives = new HashSet<>();
        Set<PhysicalMediaId> loaded = new HashSet<>();
        for (MountRequest.Step step : plan) {
            Side side = state.get(step.side(), Side.class);
            Drive d = state.get(step.drive(), Drive.class);
            if (!drives.add(d.id)) {
                return d.name + " is given to two sides";
            }
            if (!loaded.add(side.medium)) {
                return medium(side).label() + " is planned into two drives";
            }
            Medium occupant = state.occupant(d.id);
            if (step.reuse() ? occupant == null || !side.id.equals(d.side) || !occupant.id.equals(side.medium)
                    : !java.util.Objects.equals(occupant == null ? null : occupant.id, step.evict())) {
                return d.name + " holds " + (occupant == null ? "nothing" : occupant.label()) + ", not what the plan expects for "
                        + label(side);
            }
        }
        for (MountRequest.Step step : plan) {
            PhysicalMediaId own = state.get(step.side(), Side.class).medium;
            if (step.evict() != null && !step.evict().equals(own) && loaded.contains(step.evict())) {
                return "the plan evicts " + state.get(step.evict(), Medium.class).label() + ", which it also mounts";
            }
        }
        return null;
    }

    /** The first online, enabled library whose drives take the medium's type (for a medium on the shelf). */
    Library libraryFor(Medium m) throws RsmException {
        for (Library l : state.libraries()) {
            if (l.type == LibraryType.ONLINE && l.mediaTypes.contains(m.mediaType) && libraries.containsKey(l.id)) {
                return l;
            }
        }
        throw error(RsmError.NO_SUPPORTING_DRIVES, "no library has drives for " + state.get(m.mediaType, MediaType.class).name
                + " media like " + m.label());
    }

    /**
     * {@code SetNtmsRequestOrder}: moves a queued mount to place {@code order} (1 = next) of its library's queue. It
     * takes the priority of the request now behind it (of the one before it when it goes last), and the queue's
     * sequence numbers are renewed in queue order, so the queue stays sorted and later mounts still queue behind.
     */
    void reorder(MountRequest r, int order) throws RsmException {
        List<MountRequest> waiting = libraries.get(r.library).waiting;
        if (!waiting.remove(r)) {
            throw invalidState("library request " + r.id + " is " + r.state + ", no longer queued; only queued mounts can be reordered");
        }
        int at = Math.min(order - 1, waiting.size());
        waiting.add(at, r);
        MountRequest neighbour = at + 1 < waiting.size() ? waiting.get(at + 1) : at > 0 ? waiting.get(at - 1) : null;
        if (neighbour != null) {
            r.priority = neighbour.priority;
            if (r.request != null) {
                r.request.priority = r.priority;
            }
        }
        for (MountRequest w : waiting) {
            w.sequence = ++sequence;
        }
        dispatch(r.library);
    }

    /** Ends a mount request that never reached the robot. */
    void fail(MountRequest r, RsmException e) {
        r.state = e.error() == RsmError.CANCELLED ? org.openrsm.api.LibraryRequestState.CANCELLED
                : org.openrsm.api.LibraryRequestState.FAILED;
        r.session.pending.remove(r);
        r.result.completeExceptionally(e);
        requests.finish(r.request, e);
        settleShelfWait(r);
    }

    /** Withdraws the MOVEMEDIA requests of a mount that no longer waits, and puts shelf media back to IDLE. */
    private void settleShelfWait(MountRequest r) {
        Change change = new Change(state);
        for (OperatorRequest op : r.operatorRequests) {
            if (op.open()) {
                requests.withdraw(op);
            }
            Medium m = state.get(op.arg1, Medium.class);
            if (m != null && m.state == MediaState.OPREQ) {
                change.edit(m).state = MediaState.IDLE;
            }
        }
        commitPhysical(change, "end the operator wait of request " + r.id);
    }

    String describeSides(MountRequest r) {
        return String.join(", ", r.sides.stream().map(s -> label(state.get(s, Side.class))).toList());
    }

    /** Marks a request that waits because every suitable drive is in use. */
    static final String ALL_DRIVES_BUSY = "a drive: ";

    /** Why the request waits, in words (under the lock). */
    String waitingFor(MountRequest r) {
        return r.waitingFor == ALL_DRIVES_BUSY ? ALL_DRIVES_BUSY + drivesInUse(r.library) : r.waitingFor;
    }

    boolean anyDriveFree(LibraryId library) {
        for (Drive d : state.drives(library)) {
            if (free(d)) {
                return true;
            }
        }
        return false;
    }

    /** Free for a new medium: enabled, ready, no robot work, empty or holding a medium nobody has mounted. */
    private boolean free(Drive d) {
        DriveRun run = driveRuns.get(d.id);
        Library library = state.get(d.library, Library.class);
        return d.enabled && library.enabled && d.operationalState == OperationalState.READY && !run.busy && run.owner == null
                && (d.state == DriveState.DISMOUNTED || d.state == DriveState.DISMOUNTABLE)
                && (d.state != DriveState.DISMOUNTABLE || !busyMedia.contains(occupantId(d)));
    }

    private PhysicalMediaId occupantId(Drive d) {
        Medium m = state.occupant(d.id);
        return m == null ? null : m.id;
    }

    /**
     * An empty drive (least recently used), else the least recently used DISMOUNTABLE drive, else null; never one
     * already chosen, nor one {@code kept} for another cartridge of the same mount.
     */
    private Drive chooseDrive(LibraryId library, Medium m, Set<DriveId> chosen, Map<DriveId, PhysicalMediaId> kept) {
        Drive empty = null;
        Drive evictable = null;
        for (Drive d : state.drives(library)) {
            if (chosen.contains(d.id) || !free(d) || kept.containsKey(d.id) && !kept.get(d.id).equals(m.id)) {
                continue;
            }
            if (d.state == DriveState.DISMOUNTED) {
                if (empty == null || driveRuns.get(d.id).lastUsed < driveRuns.get(empty.id).lastUsed) {
                    empty = d;
                }
            } else if (evictable == null || driveRuns.get(d.id).lastUsed < driveRuns.get(evictable.id).lastUsed) {
                evictable = d;
            }
        }
        return empty != null ? empty : evictable;
    }

    private String use(Drive d) {
        DriveRun run = driveRuns.get(d.id);
        if (!d.enabled) {
            return "disabled";
        }
        if (run.owner != null) {
            return "held by session " + run.owner.application();
        }
        if (run.busy) {
            return "busy with a robot move";
        }
        if (d.operationalState != OperationalState.READY) {
            return d.operationalState.name();
        }
        return d.state.name();
    }

    String drivesInUse(LibraryId library) {
        List<String> uses = new ArrayList<>();
        for (Drive d : state.drives(library)) {
            uses.add(d.name + " " + use(d));
        }
        return String.join(", ", uses);
    }

    /** On the library's robot thread: evict, move, load; then bind the sides to the session. */
    private void executeMount(MountRequest r) {
        LibraryRun run = libraries.get(r.library);
        RsmException failure = null;
        int done = 0;
        for (MountRequest.Step step : r.plan) {
            try {
                if (step.evict() != null) {
                    returnHome(run, step.drive());
                }
                if (!step.reuse()) {
                    loadSide(run, step);
                } else {
                    run.mountsWithoutRobotMove.incrementAndGet();
                }
                done++;
            } catch (RsmException e) {
                failure = e;
                break;
            } catch (RuntimeException e) {
                failure = internalError("mount request " + r.id + " of " + describeSidesLocked(r), e);
                break;
            }
        }
        lock.lock();
        try {
            if (failure == null) {
                failure = misplaced(r, done);
            }
            Change change = new Change(state);
            List<DriveId> result = new ArrayList<>();
            boolean bind = failure == null && !r.abandoned && r.session.isOpen();
            for (int i = 0; i < done; i++) {
                MountRequest.Step step = r.plan.get(i);
                Drive d = change.edit(state.get(step.drive(), Drive.class));
                DriveRun dr = driveRuns.get(d.id);
                Side side = change.edit(state.get(step.side(), Side.class));
                Medium m = change.edit(medium(side));
                d.mountCount++;
                side.mountCount++;
                dr.lastUsed = ++sequence;
                run.mounts.incrementAndGet();
                if (bind) {
                    d.state = DriveState.LOADED;
                    m.state = MediaState.LOADED;
                    dr.owner = r.session;
                    dr.writeMount = r.write;
                    dr.mountedSince = Instant.now();
                    holders.put(side.id, r.session);
                    r.session.held.add(side.id);
                } else if (d.side != null) {
                    // nobody waits for it any more: leave it as a deferred dismount, no robot move wasted
                    d.state = DriveState.DISMOUNTABLE;
                }
                result.add(d.id);
            }
            try {
                commitPhysical(change, "record the mount of request " + r.id);
            } finally {
                for (MountRequest.Step step : r.plan) {
                    driveRuns.get(step.drive()).busy = false;
                    busyMedia.remove(state.get(step.side(), Side.class).medium);
                    if (step.evict() != null) {
                        busyMedia.remove(step.evict());
                    }
                }
            }
            for (int i = 0; i < done; i++) {
                Drive d = state.get(r.plan.get(i).drive(), Drive.class);
                if (d.state == DriveState.DISMOUNTABLE) {
                    scheduleDeferredReturn(d);
                }
            }
            r.session.pending.remove(r);
            if (failure != null) {
                r.state = org.openrsm.api.LibraryRequestState.FAILED;
                r.result.completeExceptionally(failure);
                requests.finish(r.request, failure);
            } else if (!bind) {
                r.state = org.openrsm.api.LibraryRequestState.CANCELLED;
                RsmException cancelled = error(RsmError.CANCELLED, "mount request " + r.id + " was cancelled");
                r.result.completeExceptionally(cancelled);
                requests.finish(r.request, cancelled);
            } else {
                r.state = org.openrsm.api.LibraryRequestState.PASSED;
                r.result.complete(result);
                requests.finish(r.request, null);
            }
            changed.signalAll();
            dispatch(r.library);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Engine lock: the executor's own check before it binds anything: every side of the first {@code done} steps
     * is in its step's drive, by the catalog's record of the robot's moves. Null if so, else the failure.
     */
    private RsmException misplaced(MountRequest r, int done) {
        for (int i = 0; i < done; i++) {
            MountRequest.Step step = r.plan.get(i);
            Side side = state.get(step.side(), Side.class);
            Drive d = state.get(step.drive(), Drive.class);
            Medium in = state.occupant(d.id);
            if (in == null || !in.id.equals(side.medium) || !side.id.equals(d.side)) {
                String what = label(side) + " is not in " + d.name + " (it holds " + (in == null ? "nothing" : in.label()) + ")";
                LOG.severe("mount request " + r.id + ": " + what + "; nothing is bound");
                return error(RsmError.INTERNAL_ERROR, "mount request " + r.id + " failed its final check: " + what
                        + "; no medium was handed out");
            }
        }
        return null;
    }

    /** A defect (an unchecked exception) turned into INTERNAL_ERROR, logged once with its stack trace. */
    RsmException internalError(String during, RuntimeException e) {
        LOG.log(Level.SEVERE, "OpenRSM defect during " + during, e);
        return error(RsmError.INTERNAL_ERROR, during + " failed on an internal error (" + e
                + "); the library state was left as the last confirmed step recorded it");
    }

    private String describeSidesLocked(MountRequest r) {
        lock.lock();
        try {
            return describeSides(r);
        } finally {
            lock.unlock();
        }
    }

    /** Robot thread: moves the side's cartridge from where it is into the drive and records it. */
    private void loadSide(LibraryRun run, MountRequest.Step step) throws RsmException {
        Element source;
        Element target;
        String what;
        lock.lock();
        try {
            Side side = state.get(step.side(), Side.class);
            Medium m = medium(side);
            source = element(m.location);
            target = element(step.drive());
            what = m.label() + " from " + describe(m.location) + " to " + describe(step.drive());
        } finally {
            lock.unlock();
        }
        move(run, source, target, what);
        lock.lock();
        try {
            Change change = new Change(state);
            Side side = state.get(step.side(), Side.class);
            Medium m = change.edit(medium(side));
            RsmId from = m.location;
            m.location = step.drive();
            m.locationType = ObjectType.DRIVE;
            m.mountedSide = side.id;
            m.state = MediaState.MOUNTED;
            markEmpty(change, from);
            Drive d = change.edit(state.get(step.drive(), Drive.class));
            d.side = side.id;
            d.state = DriveState.MOUNTED;
            recordPhysical(change, "record the move of " + what);
        } finally {
            lock.unlock();
        }
    }

    /** Robot thread: takes the cartridge in the drive back to its home slot (or a free slot) and records it. */
    void returnHome(LibraryRun run, DriveId driveId) throws RsmException {
        Element source;
        Element target;
        SlotId slot;
        String what;
        lock.lock();
        try {
            Drive d = state.get(driveId, Drive.class);
            Medium m = state.occupant(driveId);
            if (m == null) {
                return;
            }
            slot = m.homeSlot;
            if (slot == null || state.occupant(slot) != null) {
                slot = freeSlot(d.library);
                if (slot == null) {
                    throw error(RsmError.LIBRARY_FULL, "library " + libraryName(d.library) + " has no empty slot for "
                            + m.label() + " from " + d.name);
                }
            }
            source = element(driveId);
            target = element(slot);
            what = m.label() + " from " + d.name + " to " + describe(slot);
        } finally {
            lock.unlock();
        }
        move(run, source, target, what);
        lock.lock();
        try {
            Change change = new Change(state);
            Medium m = change.edit(state.occupant(driveId));
            m.location = slot;
            m.locationType = ObjectType.STORAGESLOT;
            m.homeSlot = slot;
            m.mountedSide = null;
            m.state = MediaState.IDLE;
            Slot s = change.edit(state.get(slot, Slot.class));
            s.state = SlotState.FULL;
            Drive d = change.edit(state.get(driveId, Drive.class));
            d.state = DriveState.DISMOUNTED;
            d.side = null;
            recordPhysical(change, "record the move of " + what);
        } finally {
            lock.unlock();
        }
    }

    /** An empty slot that is nobody's home and not reserved for the cleaner, or null. */
    SlotId freeSlot(LibraryId library) {
        Library l = state.get(library, Library.class);
        for (Slot s : state.slots(library)) {
            if (state.occupant(s.id) == null && state.homeOf(s.id) == null && !s.id.equals(l.cleanerSlot)
                    && s.state != SlotState.FULL) {
                return s.id;
            }
        }
        return null;
    }

    private void markEmpty(Change change, RsmId element) {
        if (element instanceof SlotId id) {
            change.edit(state.get(id, Slot.class)).state = SlotState.EMPTY;
        } else if (element instanceof PortId id) {
            change.edit(state.get(id, Port.class)).content = PortContent.EMPTY;
        } else if (element instanceof DriveId id) {
            Drive d = change.edit(state.get(id, Drive.class));
            d.state = DriveState.DISMOUNTED;
            d.side = null;
        }
    }

    /** Robot thread: one move, recorded by the caller. */
    void moveOnRobot(LibraryRun run, Element source, Element target, String what) throws RsmException {
        move(run, source, target, what);
    }

    void markEmptyElement(Change change, RsmId element) {
        markEmpty(change, element);
    }

    /** Robot tasks queued or running, all libraries together (engine lock). */
    private int robotWork;

    /** Queues robot work, counted so that {@link #awaitRobots} knows when every robot is idle. */
    void onRobot(LibraryRun run, Runnable task) {
        robotWork++;
        run.robot.execute(() -> {
            try {
                task.run();
            } finally {
                lock.lock();
                try {
                    robotWork--;
                    changed.signalAll();
                } finally {
                    lock.unlock();
                }
            }
        });
    }

    /** Waits until no robot has work queued or running; false on timeout. */
    boolean awaitRobots(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (robotWork > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                changed.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Catalog work run under the engine lock. */
    @FunctionalInterface
    interface Locked<T> {
        T run() throws RsmException;
    }

    <T> T locked(Locked<T> work) throws RsmException {
        lock.lock();
        try {
            return work.run();
        } finally {
            lock.unlock();
        }
    }

    /** Work of a library request on the robot thread. */
    @FunctionalInterface
    interface RobotWork {
        void run(LibraryRun run) throws RsmException;
    }

    /** Queues {@code work} on the library's robot; the request passes or fails with it (skipped if cancelled). */
    void robotTask(LibraryRequest r, RobotWork work) {
        LibraryRun run = libraries.get(r.library);
        onRobot(run, () -> {
            lock.lock();
            try {
                if (r.finished()) {
                    return;
                }
                requests.start(r);
            } finally {
                lock.unlock();
            }
            RsmException failure = null;
            try {
                work.run(run);
            } catch (RsmException e) {
                failure = e;
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "library request " + r.id + " (" + r.operation + ") failed", e);
                failure = error(RsmError.DEVICE_NOT_AVAILABLE, r.operation + " failed: " + e);
            }
            lock.lock();
            try {
                requests.finish(r, failure);
            } finally {
                lock.unlock();
            }
        });
    }

    /** The queued mount with this library request id, or null. */
    MountRequest mountRequest(org.openrsm.api.LibraryRequestId id) {
        for (LibraryRun run : libraries.values()) {
            for (MountRequest m : run.waiting) {
                if (m.id.equals(id)) {
                    return m;
                }
            }
        }
        return null;
    }

    private void move(LibraryRun run, Element source, Element target, String what) throws RsmException {
        String blocked = run.inventoryNeeded;
        if (blocked != null) {
            throw error(RsmError.DEVICE_NOT_AVAILABLE, "the robot of " + run.changer.libraryName() + " does not move " + what
                    + " before an inventory: " + blocked);
        }
        try {
            try {
                run.changer.move(source, target);
            } catch (RuntimeException defect) {
                // a driver defect: the move's outcome is unknown, as after any failed move
                RsmException internal = internalError("the move of " + what, defect);
                throw new ChangerException(internal.getMessage(), defect);
            }
            run.robotMoves.incrementAndGet();
        } catch (ChangerException e) {
            RsmException failure = error(RsmError.DEVICE_NOT_AVAILABLE, "the robot of " + run.changer.libraryName()
                    + " could not move " + what + ": " + e.getMessage());
            Library library = locked(() -> state.library(run.changer.libraryName()));
            if (checkAfterFailedMove(run, library)) {
                // the library answers: the element at fault (or the drive involved) needs service
                lock.lock();
                try {
                    deviceFailed(run, e.element() != null ? e.element() : source.type() == ElementType.DRIVE ? source : target,
                            failure);
                } finally {
                    lock.unlock();
                }
            } else {
                LOG.warning(failure.getMessage());
            }
            throw failure;
        }
    }

    /**
     * Robot thread: a failed move may have moved the cartridge all the same (a drive that failed mid-load): the
     * catalog learns from the changer what really happened before anything else is planned.
     */
    private boolean checkAfterFailedMove(LibraryRun run, Library library) {
        try {
            reconcile(library, run.changer, Inventory.AUTOMATIC);
            return true;
        } catch (RsmException e) {
            lock.lock();
            try {
                needsInventory(library.id, "library " + library.name + ": after a failed robot move its element status "
                        + "could not be read (" + e.getMessage() + ")");
            } finally {
                lock.unlock();
            }
            return false;
        }
    }

    /**
     * A changer failure (DESIGN.md §7): the drive involved needs service and gets no mounts until a
     * DEVICESERVICE operator request for it is satisfied; the catalog keeps what the changer last confirmed.
     */
    private void deviceFailed(LibraryRun run, Element element, RsmException failure) {
        LibraryId library = state.library(run.changer.libraryName()).id;
        RsmId device = element.type() == ElementType.DRIVE ? element(library, element)
                : element.type() == ElementType.SLOT ? element(library, element) : library;
        if (device instanceof DriveId id) {
            Change change = new Change(state);
            change.edit(state.get(id, Drive.class)).operationalState = OperationalState.NEEDS_SERVICE;
            commitPhysical(change, "mark " + describe(id) + " as needing service");
        }
        requests.raise(org.openrsm.api.OperatorRequestType.DEVICESERVICE, failure.getMessage(), device, Level.WARNING);
    }

    /** Gives up a queued mount: TIMEOUT, CANCELLED; a request the robot already works on is released as deferred. */
    void abandon(MountRequest r) {
        lock.lock();
        try {
            if (r.result.isDone()) {
                return;
            }
            LibraryRun run = libraries.get(r.library);
            if (run.waiting.remove(r)) {
                fail(r, error(RsmError.CANCELLED, "mount request " + r.id + " was cancelled"));
                dispatch(r.library);
            } else {
                r.abandoned = true;
            }
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------ dismount

    void dismount(EngineSession session, List<? extends MediaId> media, boolean deferred) throws RsmException {
        if (media == null || media.isEmpty()) {
            throw invalidParameter("dismount needs at least one medium");
        }
        lock.lock();
        try {
            checkOpen();
            List<Side> sides = resolveAll(media, "dismount");
            for (Side side : sides) {
                EngineSession holder = holders.get(side.id);
                if (holder == null) {
                    Medium m = medium(side);
                    throw invalidState("side " + label(side) + " is not mounted (it is in " + describe(m.location) + ")");
                }
                security.require(session, medium(side).pool, org.openrsm.api.AccessRight.USE, "dismount");
                security.require(session, medium(side).library, org.openrsm.api.AccessRight.USE, "dismount");
                if (holder != session) {
                    throw error(RsmError.MEDIA_NOT_AVAILABLE, "side " + label(side) + " is mounted by another session ("
                            + holder.application() + "); only that session can dismount it");
                }
            }
            Change change = new Change(state);
            List<Drive> drives = new ArrayList<>();
            for (Side side : sides) {
                Drive d = change.edit(driveHolding(side));
                Medium m = change.edit(medium(side));
                d.state = deferred ? DriveState.DISMOUNTABLE : DriveState.UNLOADED;
                m.state = deferred ? MediaState.LOADED : MediaState.UNLOADED;
                drives.add(d);
            }
            commit(change, (deferred ? "deferred" : "immediate") + " dismount");
            for (Side side : sides) {
                release(session, side.id);
            }
            for (Drive d : drives) {
                Drive committed = state.get(d.id, Drive.class);
                if (deferred) {
                    scheduleDeferredReturn(committed);
                } else {
                    sendHome(committed);
                }
                dispatch(committed.library);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Unbinds a side from its session and closes the session's channels on that drive. */
    private void release(EngineSession session, SideId side) {
        holders.remove(side);
        session.held.remove(side);
        Drive d = driveHolding(state.get(side, Side.class));
        if (d != null) {
            DriveRun run = driveRuns.get(d.id);
            run.owner = null;
            run.mountedSince = null;
            for (var channel : List.copyOf(run.channels)) {
                try {
                    channel.close();
                } catch (java.io.IOException e) {
                    LOG.log(Level.FINE, "closing a channel of " + d.name, e);
                }
            }
            run.channels.clear();
        }
        changed.signalAll();
    }

    /** Deferred dismount (RSM.md §5.9): the medium goes home when the drive's delay runs out, unless mounted again. */
    private void scheduleDeferredReturn(Drive d) {
        DriveRun run = driveRuns.get(d.id);
        long generation = ++run.deferGeneration;
        if (run.deferTimer != null) {
            run.deferTimer.cancel(false);
        }
        if (d.operationalState == OperationalState.NEEDS_SERVICE) {
            return;   // the medium waits in the drive until the service; satisfying DEVICESERVICE schedules it again
        }
        Runnable expire = () -> {
            lock.lock();
            try {
                Drive now = state.get(d.id, Drive.class);
                if (!closed && run.deferGeneration == generation && now.state == DriveState.DISMOUNTABLE && !run.busy
                        && run.owner == null) {
                    Change change = new Change(state);
                    change.edit(now).state = DriveState.UNLOADED;
                    commit(change, "end the deferred dismount of " + now.name);
                    sendHome(state.get(d.id, Drive.class));
                }
            } catch (RsmException e) {
                LOG.log(Level.WARNING, "could not end the deferred dismount of " + d.name, e);
            } finally {
                lock.unlock();
            }
        };
        if (d.deferDismountDelay.isZero()) {
            expire.run();   // no delay: the medium goes home now, its robot work queued before we return
        } else {
            run.deferTimer = timers.schedule(expire, d.deferDismountDelay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Queues the robot work that takes the medium in an UNLOADED drive home. Under the lock. */
    private void sendHome(Drive d) {
        DriveRun run = driveRuns.get(d.id);
        run.busy = true;
        run.deferGeneration++;
        Medium m = state.occupant(d.id);
        if (m != null) {
            busyMedia.add(m.id);
        }
        LibraryRun library = libraries.get(d.library);
        onRobot(library, () -> {
            try {
                returnHome(library, d.id);
            } catch (RsmException e) {
                LOG.log(Level.WARNING, e.getMessage(), e);
            } finally {
                lock.lock();
                try {
                    run.busy = false;
                    if (m != null) {
                        busyMedia.remove(m.id);
                    }
                    Drive now = state.get(d.id, Drive.class);
                    if (now.state == DriveState.UNLOADED) {
                        // the move failed: the medium is still in the drive, mountable again without a move
                        Change change = new Change(state);
                        change.edit(now).state = DriveState.DISMOUNTABLE;
                        commitPhysical(change, "keep " + now.name + " loaded after a failed move");
                    }
                    changed.signalAll();
                    dispatch(d.library);
                } finally {
                    lock.unlock();
                }
            }
        });
    }

    /** {@code DismountNtmsDrive}: administrative, whoever mounted the medium. */
    void dismountDrive(DriveId id) throws RsmException {
        lock.lock();
        try {
            checkOpen();
            Drive d = drive(id);
            DriveRun run = driveRuns.get(d.id);
            if (d.side == null || d.state == DriveState.DISMOUNTED) {
                throw invalidState(d.name + " of " + libraryName(d.library) + " holds no medium");
            }
            if (run.busy || d.state == DriveState.UNLOADED) {
                throw invalidState(d.name + " of " + libraryName(d.library) + " is already being unloaded");
            }
            if (run.owner != null) {
                EngineSession owner = run.owner;
                release(owner, d.side);
            }
            Change change = new Change(state);
            change.edit(d).state = DriveState.UNLOADED;
            commit(change, "dismount " + d.name);
            sendHome(state.get(d.id, Drive.class));
        } finally {
            lock.unlock();
        }
    }

    /** The drive's {@code dwDeferDismountDelay}; a DISMOUNTABLE drive's timer restarts with it. */
    void setDeferDismountDelay(DriveId id, Duration delay) throws RsmException {
        if (delay == null || delay.isNegative()) {
            throw invalidParameter("defer-dismount delay " + delay + " must be zero or more");
        }
        lock.lock();
        try {
            checkOpen();
            Drive d = drive(id);
            Change change = new Change(state);
            change.edit(d).deferDismountDelay = delay;
            commit(change, "set the defer-dismount delay of " + d.name);
            Drive now = state.get(d.id, Drive.class);
            if (now.state == DriveState.DISMOUNTABLE && driveRuns.get(d.id).owner == null && !driveRuns.get(d.id).busy) {
                scheduleDeferredReturn(now);
            }
        } finally {
            lock.unlock();
        }
    }

    /** {@code EnableNtmsObject}/{@code DisableNtmsObject} for a drive: a disabled drive gets no new mounts. */
    void setEnabled(DriveId id, boolean enabled) throws RsmException {
        lock.lock();
        try {
            checkOpen();
            Drive d = drive(id);
            if (d.enabled == enabled) {
                throw invalidState(d.name + " of " + libraryName(d.library) + " is already " + (enabled ? "enabled" : "disabled"));
            }
            Change change = new Change(state);
            change.edit(d).enabled = enabled;
            commit(change, (enabled ? "enable " : "disable ") + d.name);
            dispatch(d.library);
        } finally {
            lock.unlock();
        }
    }

    /** Waits until no session holds the side and no robot work for its cartridge is pending. */
    void awaitIdle(MediaId id, Duration timeout) throws RsmException {
        long deadline = System.nanoTime() + (timeout == null ? Long.MAX_VALUE / 2 : timeout.toNanos());
        lock.lock();
        try {
            Side side = resolve(id);
            while (holders.containsKey(side.id) || busyMedia.contains(side.medium)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw error(RsmError.TIMEOUT, "side " + label(side) + " did not become idle within " + timeout);
                }
                try {
                    changed.awaitNanos(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw error(RsmError.CANCELLED, "waiting for side " + label(side) + " was interrupted");
                }
            }
        } finally {
            lock.unlock();
        }
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
                abandon(r);
            }
            for (SideId id : List.copyOf(session.held)) {
                releaseAsDeferred(session, id, "a closed session");
            }
            sessions.remove(session);
            notifier.unsubscribeAll(session);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Engine lock: the session lets go of the side as a deferred dismount (the medium waits DISMOUNTABLE in its
     * drive), with no rights checked: what closing a session and rolling back a mount do.
     */
    void releaseAsDeferred(EngineSession session, SideId id, String why) {
        if (holders.get(id) != session) {
            return;
        }
        Side side = state.get(id, Side.class);
        Drive d = driveHolding(side);
        release(session, id);
        if (d != null && d.state == DriveState.LOADED) {
            Change change = new Change(state);
            change.edit(d).state = DriveState.DISMOUNTABLE;
            try {
                commit(change, "release " + label(side) + " of " + why + " as a deferred dismount");
            } catch (RsmException e) {
                LOG.log(Level.WARNING, e.getMessage(), e);
            }
            scheduleDeferredReturn(state.get(d.id, Drive.class));
        }
        if (d != null) {
            dispatch(d.library);
        }
    }

    /** Sides a dry run treats as released: the branch dismounts them at commit, before the operation checked. */
    final Set<SideId> dryRunReleased = new HashSet<>();

    /** Whether a session holds the side (a dry run discounts the sides its branch dismounts first). */
    boolean isHeld(SideId side) {
        return holders.containsKey(side) && !(dryRun && dryRunReleased.contains(side));
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
        timers.shutdownNow();
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
            run.changer.close();
        }
    }

    /** The library an object belongs to (a drive's, a slot's, a cartridge's), or null. */
    LibraryId libraryOf(RsmId id) {
        Entity e = id == null ? null : state.get(id);
        if (e instanceof Library l) {
            return l.id;
        } else if (e instanceof Drive d) {
            return d.library;
        } else if (e instanceof Slot s) {
            return s.library;
        } else if (e instanceof Port p) {
            return p.library;
        } else if (e instanceof Medium m) {
            return m.library;
        }
        return null;
    }

    /** Hook: an operator request was satisfied or refused. */
    void operatorRequestClosed(OperatorRequest r) {
        for (Map.Entry<LibraryId, LibraryRun> e : libraries.entrySet()) {
            LibraryRun run = e.getValue();
            if (run.inventoryRequest == r && r.state == org.openrsm.api.OperatorRequestState.COMPLETE) {
                // the operator has looked at the library: take its element status as it is, now
                run.inventoryRequest = null;
                Library library = state.get(e.getKey(), Library.class);
                onRobot(run, () -> {
                    try {
                        reconcile(library, run.changer, Inventory.OPERATOR);
                    } catch (RsmException failed) {
                        LOG.warning("the inventory of " + library.name + " the operator asked for failed: " + failed.getMessage());
                    }
                });
            }
        }
        if (r.type == org.openrsm.api.OperatorRequestType.DEVICESERVICE && r.arg1 instanceof DriveId id
                && r.state == org.openrsm.api.OperatorRequestState.COMPLETE) {
            Drive d = state.get(id, Drive.class);
            if (d != null && d.operationalState == OperationalState.NEEDS_SERVICE) {
                Change change = new Change(state);
                change.edit(d).operationalState = OperationalState.READY;
                commitPhysical(change, d.name + " serviced");
                Drive serviced = state.get(id, Drive.class);
                if (serviced.state == DriveState.DISMOUNTABLE && driveRuns.get(id).owner == null && !driveRuns.get(id).busy) {
                    // the medium a failed move left in the drive goes home as a deferred dismount would
                    scheduleDeferredReturn(serviced);
                }
                dispatch(d.library);
            }
        }
        for (LibraryRun run : libraries.values()) {
            for (MountRequest m : List.copyOf(run.waiting)) {
                if (m.operatorRequests.contains(r) && r.state == org.openrsm.api.OperatorRequestState.REFUSED) {
                    run.waiting.remove(m);
                    fail(m, error(RsmError.CANCELLED, "operator request " + r.id + " to insert " + describeSides(m)
                            + " was refused"));
                }
            }
        }
    }

    boolean isClosed() {
        return closed;
    }
}
