package org.openrsm.engine;

import static org.openrsm.engine.catalog.Errors.error;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.openrsm.api.DriveId;
import org.openrsm.api.DriveState;
import org.openrsm.api.LibraryId;
import org.openrsm.api.MediaState;
import org.openrsm.api.MediaTypeId;
import org.openrsm.api.ObjectType;
import org.openrsm.api.OperationalState;
import org.openrsm.api.OperatorRequestType;
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
import org.openrsm.changer.ElementStatus;
import org.openrsm.engine.catalog.Change;
import org.openrsm.engine.catalog.Model.Drive;
import org.openrsm.engine.catalog.Model.Library;
import org.openrsm.engine.catalog.Model.MediaType;
import org.openrsm.engine.catalog.Model.Medium;
import org.openrsm.engine.catalog.Model.Pool;
import org.openrsm.engine.catalog.Model.Port;
import org.openrsm.engine.catalog.Model.Side;
import org.openrsm.engine.catalog.Model.Slot;
import org.openrsm.engine.requests.OperatorRequest;

/**
 * Inventory (DESIGN.md §5): the changer is the truth for where cartridges are. Reconciles the catalog with a
 * changer's element status, refuses a status that cannot be right, and stops a library whose catalog may be
 * behind its changer until an inventory succeeds.
 */
final class LibraryInventory extends EnginePart {
    private static final Logger LOG = Logger.getLogger(LibraryInventory.class.getName());

    LibraryInventory(Engine engine) {
        super(engine);
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
                    OperatorRequest asked = run.inventoryRequest;
                    run.inventoryRequest = null;   // before it closes: the close hook would take it as the operator's
                    requests.fulfilled(asked);
                }
                engine.mounts.dispatch(library.id);
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
    String implausible(Library library, Changer changer, List<ElementStatus> status) {
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
        lock.assertHeld();
        LibraryRun run = libraries.get(id);
        if (run == null || run.inventoryNeeded != null) {
            return;
        }
        run.inventoryNeeded = reason;
        run.inventoryRequest = requests.raise(OperatorRequestType.DEVICESERVICE, reason
                + "; the robot waits for an inventory, retried every " + (engine.inventoryRetry.toMillis() % 1000 == 0
                ? engine.inventoryRetry.toSeconds() + " s" : engine.inventoryRetry.toMillis() + " ms"), id, Level.SEVERE);
        if (!engine.isClosed()) {
            engine.clock.schedule(() -> retryInventory(id), engine.inventoryRetry);
        }
    }

    void retryInventory(LibraryId id) {
        lock.run(() -> {
            LibraryRun run = libraries.get(id);
            if (engine.isClosed() || run.inventoryNeeded == null) {
                return;
            }
            Library library = state.get(id, Library.class);
            engine.robot.onRobot(run, () -> {
                try {
                    reconcile(library, run.changer, Inventory.AUTOMATIC);
                } catch (RsmException | RuntimeException e) {
                    LOG.log(Level.FINE, "inventory of " + library.name + " failed again", e);
                }
                lock.run(() -> {
                    if (!engine.isClosed() && run.inventoryNeeded != null) {
                        engine.clock.schedule(() -> retryInventory(id), engine.inventoryRetry);
                    }
                });
            });
        });
    }

    void reconcile(LibraryId libraryId, Changer changer, List<ElementStatus> status, boolean firstInventory)
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
            RsmId element = engine.element(library.id, es.element());
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
                    requests.raise(OperatorRequestType.MESSAGE, "library " + library.name + ": the bar code of "
                            + "the cartridge in " + engine.describe(element) + " cannot be read; the catalog keeps " + there.label()
                            + " there; check its label and run an inventory", element, Level.WARNING);
                } else {
                    occupiedByUnknown(change, element, "library " + library.name + ": " + engine.describe(element) + " holds a "
                            + "cartridge whose bar code cannot be read; it stays out of the catalog and the element is not "
                            + "used; label it and inject it, or take it out");
                }
                continue;
            }
            String firstPlace = places.putIfAbsent(es.barCode(), engine.describe(element));
            if (firstPlace != null) {
                // two cartridges cannot have one bar code: neither may be mounted until a person has looked
                String problem = "library " + library.name + " reports bar code " + es.barCode() + " in " + firstPlace + " and in "
                        + engine.describe(element) + "; " + es.barCode() + " cannot be mounted until one is taken out and an "
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
                    LOG.info("inventory of " + library.name + ": " + m.label() + " found in " + engine.describe(element)
                            + ", the catalog had it in " + engine.describe(m.location) + "; it was ejected");
                    releaseHolders(m);
                    recordEjected(change, m);
                    seen.add(m.id);
                }
                continue;
            }
            if (m != null && element instanceof SlotId slot && unchanged(m, library.id, slot)) {
                // where the catalog has it already: nothing to write (a restart sees 100,000 of these)
                seen.add(m.id);
                markElement(change, element, m);
                continue;
            }
            if (m == null) {
                m = newCartridge(change, library, es.barCode(), defaultType,
                        firstInventory ? PoolType.SCRATCH : changer.mediaLabel(es.barCode()) != null ? PoolType.IMPORT : PoolType.FOREIGN);
            } else {
                if (!element.equals(m.location)) {
                    LOG.info("inventory of " + library.name + ": " + m.label() + " found in " + engine.describe(element)
                            + ", the catalog had it in " + engine.describe(m.location));
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
                forgetInPolicy(m);
                toShelf(change.edit(m));
            }
        }
        long added = change.created().stream().filter(e -> e instanceof Medium).count();
        if (added > 0) {
            LOG.info(() -> "inventory of " + library.name + ": " + added + " new cartridge" + (added == 1 ? "" : "s"));
        }
        engine.commits.commit(change, "record the inventory of library " + library.name);
    }

    static final String CLEANER_PREFIX = "CLN";

    /** A cartridge the robot put into an IE port (EjectNtmsMedia): import and unrecognized media are forgotten (RSM). */
    void recordEjected(Change change, Medium m) {
        lock.assertHeld();
        forgetInPolicy(m);
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

    /** The cartridge leaves its library: the library's eviction policy need not remember its mounts any more. */
    private void forgetInPolicy(Medium m) {
        LibraryRun run = libraries.get(m.library);
        if (run != null) {
            run.eviction.forget(m.id);
        }
    }

    /** The cartridge is on the shelf: in the offline library, idle, with no home slot. */
    void toShelf(Medium e) {
        e.library = state.library(Engine.OFFLINE_LIBRARY).id;
        e.location = e.library;
        e.locationType = ObjectType.LIBRARY;
        e.homeSlot = null;
        e.mountedSide = null;
        e.state = MediaState.IDLE;
    }

    /** The sessions holding a side of a cartridge that is no longer where they mounted it let go of it. */
    void releaseHolders(Medium m) {
        for (SideId side : m.sides) {
            EngineSession holder = holders.get(side);
            if (holder != null) {
                engine.dismounts.release(holder, side);
            }
        }
    }

    Medium newCartridge(Change change, Library library, String barCode, MediaTypeId type, PoolType pool) {
        lock.assertHeld();
        Medium m = change.create(new Medium());
        m.id = PhysicalMediaId.random();
        m.barCode = barCode;
        m.mediaType = type;
        m.pool = engine.setup.systemPool(pool, type).id;
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
        LOG.fine(() -> "library " + library.name + ": new cartridge " + barCode + " in " + engine.setup.systemPool(pool, type).path);
        return m;
    }

    /**
     * An element holds a cartridge the catalog cannot take in (no readable or an ambiguous bar code): a slot or port
     * counts as full so that nothing is put there, a drive needs service so that it gets no mount; the operator is asked.
     */
    void occupiedByUnknown(Change change, RsmId element, String problem) {
        lock.assertHeld();
        if (element instanceof SlotId id) {
            change.edit(state.get(id, Slot.class)).state = SlotState.FULL;
        } else if (element instanceof PortId id) {
            change.edit(state.get(id, Port.class)).content = PortContent.FULL;
        } else if (element instanceof DriveId id) {
            Drive d = change.edit(state.get(id, Drive.class));
            d.state = DriveState.DISMOUNTED;
            d.side = null;
            d.operationalState = OperationalState.NEEDS_SERVICE;
            requests.raise(OperatorRequestType.DEVICESERVICE, problem, id, Level.WARNING);
            return;
        }
        requests.raise(OperatorRequestType.MESSAGE, problem, element, Level.WARNING);
    }

    /** Whether the catalog has the cartridge idle at home in this slot of the library already. */
    private static boolean unchanged(Medium m, LibraryId library, SlotId slot) {
        return library.equals(m.library) && slot.equals(m.location) && m.locationType == ObjectType.STORAGESLOT
                && slot.equals(m.homeSlot) && m.mountedSide == null && m.state == MediaState.IDLE;
    }

    /** Sets the slot, drive or port state for what the changer reports in it (an element already right is not edited). */
    void markElement(Change change, RsmId element, Medium m) {
        lock.assertHeld();
        if (element instanceof SlotId id) {
            SlotState now = m == null ? SlotState.EMPTY : SlotState.FULL;
            if (change.current(state.get(id, Slot.class)).state != now) {
                change.edit(state.get(id, Slot.class)).state = now;
            }
        } else if (element instanceof PortId id) {
            PortContent now = m == null ? PortContent.EMPTY : PortContent.FULL;
            if (change.current(state.get(id, Port.class)).content != now) {
                change.edit(state.get(id, Port.class)).content = now;
            }
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
}
