package org.openrsm.engine;

import static org.openrsm.engine.catalog.Errors.error;
import static org.openrsm.engine.catalog.Errors.invalidParameter;
import static org.openrsm.engine.catalog.Errors.invalidState;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.openrsm.api.AccessRight;
import org.openrsm.api.DriveId;
import org.openrsm.api.InventoryMethod;
import org.openrsm.api.LibraryId;
import org.openrsm.api.LibraryRequestId;
import org.openrsm.api.LibraryRequestOperation;
import org.openrsm.api.LibraryRequestState;
import org.openrsm.api.LibraryType;
import org.openrsm.api.MediaState;
import org.openrsm.api.ObjectType;
import org.openrsm.api.OperatorRequestType;
import org.openrsm.api.PhysicalMediaId;
import org.openrsm.api.PoolType;
import org.openrsm.api.PortContent;
import org.openrsm.api.PortId;
import org.openrsm.api.RsmError;
import org.openrsm.api.RsmException;
import org.openrsm.api.RsmId;
import org.openrsm.api.SideId;
import org.openrsm.api.SlotId;
import org.openrsm.api.SlotState;
import org.openrsm.changer.ChangerException;
import org.openrsm.changer.Element;
import org.openrsm.changer.ElementStatus;
import org.openrsm.engine.catalog.Change;
import org.openrsm.engine.catalog.Entity;
import org.openrsm.engine.catalog.MemoryCatalog;
import org.openrsm.engine.catalog.Model.Drive;
import org.openrsm.engine.catalog.Model.Library;
import org.openrsm.engine.catalog.Model.Medium;
import org.openrsm.engine.catalog.Model.Port;
import org.openrsm.engine.catalog.Model.Slot;
import org.openrsm.engine.requests.LibraryRequest;
import org.openrsm.api.MediaPoolId;
import org.openrsm.engine.catalog.Model;

/**
 * Library control (RSM.md §3.5): inject, eject, inventory, door access, cleaning, enable and disable. Each
 * queued operation is a library request carried out on the library's robot thread.
 */
final class LibraryControl {
    private static final Logger LOG = Logger.getLogger(LibraryControl.class.getName());

    private final Engine engine;

    LibraryControl(Engine engine) {
        this.engine = engine;
    }

    private MemoryCatalog state() {
        return engine.state;
    }

    /** An online library of this engine, or INVALID_LIBRARY. */
    Library library(LibraryId id) throws RsmException {
        if (id == null) {
            throw invalidParameter("a library id is null");
        }
        Library l = state().get(id, Library.class);
        if (l == null) {
            throw error(RsmError.INVALID_LIBRARY, "library " + id + " is not known");
        }
        if (l.type == LibraryType.OFFLINE) {
            throw error(RsmError.INVALID_LIBRARY, "the offline library has no robot, drives or slots");
        }
        if (!engine.libraries.containsKey(l.id)) {
            throw error(RsmError.LIBRARY_OFFLINE, "library " + l.name + " is not connected");
        }
        return l;
    }

    Port port(Library l, PortId id) throws RsmException {
        if (id == null) {
            throw invalidParameter("an IE port id is null");
        }
        Port p = state().get(id, Port.class);
        if (p == null || !p.library.equals(l.id)) {
            throw error(RsmError.OBJECT_NOT_FOUND, "IE port " + id + " is not a port of library " + l.name);
        }
        return p;
    }

    /** A disabled library refuses work, with the error RSM gives for the operation (RSM.md §2.1). */
    static void requireEnabled(Library l, RsmError whenDisabled) throws RsmException {
        if (!l.enabled) {
            throw error(whenDisabled, "library " + l.name + " is disabled");
        }
    }

    void requireEmpty(Port port) throws RsmException {
        if (port.content == PortContent.FULL || state().occupant(port.id) != null) {
            throw error(RsmError.IEPORT_FULL, engine.describe(port.id) + " is full; empty it first");
        }
    }

    /** What the changer reports for one element (read on the robot thread). */
    private ElementStatus status(LibraryRun run, Element e) throws RsmException {
        try {
            for (ElementStatus s : run.changer.elementStatus()) {
                if (s.element().equals(e)) {
                    return s;
                }
            }
        } catch (ChangerException x) {
            throw error(RsmError.UNABLE_TO_INVENTORY_SLOT, x.getMessage());
        }
        throw error(RsmError.RESOURCE_NOT_PRESENT, run.changer.libraryName() + " has no " + e);
    }

    // ---- inject and eject

    LibraryRequestId inject(EngineSession session, LibraryId libraryId, PortId portId) throws RsmException {
        Library l = library(libraryId);
        engine.security.require(session, l.id, AccessRight.CONTROL, "inject");
        Port port = port(l, portId);
        requireEnabled(l, RsmError.DEVICE_NOT_AVAILABLE);
        LibraryRequest r = engine.requests.create(LibraryRequestOperation.INJECT, l.id, session, 0);
        r.port = port.id;
        engine.robot.robotTask(r, run -> injectOnRobot(run, r, l.id, port.id, null, 0));
        return r.id;
    }

    /**
     * {@code InjectNtmsMedia} with {@code NTMS_INJECT_STARTMANY}: takes in what every IE port of the library holds
     * when the request runs (EMPTY if nothing), stopping at LIBRARY_FULL.
     */
    LibraryRequestId injectAll(EngineSession session, LibraryId libraryId) throws RsmException {
        Library l = library(libraryId);
        engine.security.require(session, l.id, AccessRight.CONTROL, "inject");
        requireEnabled(l, RsmError.DEVICE_NOT_AVAILABLE);
        LibraryRequest r = engine.requests.create(LibraryRequestOperation.INJECT, l.id, session, 0);
        engine.robot.robotTask(r, run -> {
            List<PortId> full = new ArrayList<>();
            List<ElementStatus> status;
            try {
                status = run.changer.elementStatus();
            } catch (ChangerException e) {
                throw error(RsmError.UNABLE_TO_INVENTORY_SLOT, e.getMessage());
            }
            engine.lock.lock();
            try {
                for (ElementStatus es : status) {
                    if (es.full() && engine.element(l.id, es.element()) instanceof PortId port) {
                        full.add(port);
                    }
                }
            } finally {
                engine.lock.unlock();
            }
            if (full.isEmpty()) {
                throw error(RsmError.EMPTY, "no IE port of " + l.name + " holds a cartridge; put them in first");
            }
            for (PortId port : full) {
                injectOnRobot(run, r, l.id, port, null, 0);
            }
        });
        return r.id;
    }

    /** Robot thread: port → slot (or the cleaner slot), then the catalog learns what came in. */
    void injectOnRobot(LibraryRun run, LibraryRequest r, LibraryId libraryId, PortId portId, SlotId target,
                               int cleanerUses) throws RsmException {
        Element portElement = elementOf(portId);
        ElementStatus inPort = status(run, portElement);
        String barCode = inPort.barCode();
        SlotId[] slot = new SlotId[1];
        engine.robot.step(run, () -> {
            Library l = state().get(libraryId, Library.class);
            if (!inPort.full()) {
                throw error(RsmError.EMPTY, engine.describe(portId) + " is empty; put the cartridge in first");
            }
            boolean cleaner = barCode != null && barCode.startsWith(LibraryInventory.CLEANER_PREFIX);
            slot[0] = target != null ? target : cleaner && l.cleanerSlot != null && l.cleanerBarCode == null
                    && state().occupant(l.cleanerSlot) == null ? l.cleanerSlot : engine.robot.freeSlot(libraryId);
            if (slot[0] == null) {
                engine.requests.submit(OperatorRequestType.DEVICESERVICE, "library " + l.name + " is full: take "
                        + barCode + " out of " + engine.describe(portId), portId, null, null);
                throw error(RsmError.LIBRARY_FULL, "library " + l.name + " has no free slot for " + barCode
                        + "; it stays in " + engine.describe(portId));
            }
            return new Robot.Move(portElement, engine.element(slot[0]), barCode + " from " + portElement + " into "
                    + engine.describe(slot[0]));
        }, change -> {
            Library l = state().get(libraryId, Library.class);
            change.edit(state().get(portId, Port.class)).content = PortContent.EMPTY;
            change.edit(state().get(slot[0], Slot.class)).state = SlotState.FULL;
            r.slot = slot[0];
            if (barCode != null && barCode.startsWith(LibraryInventory.CLEANER_PREFIX)) {
                Library e = change.edit(l);
                e.cleanerBarCode = barCode;
                e.cleanerUses = target != null ? cleanerUses : -1;
            } else {
                Medium m = barCode == null ? null : state().mediumByBarCode(barCode);
                if (m == null) {
                    m = engine.inventory.newCartridge(change, l, barCode, l.mediaTypes.get(0),
                            run.changer.mediaLabel(barCode) != null ? PoolType.IMPORT : PoolType.FOREIGN);
                } else {
                    m = change.edit(m);
                    LOG.info(() -> "library " + l.name + ": " + barCode + " is back from the shelf");
                }
                m.library = l.id;
                m.location = slot[0];
                m.locationType = ObjectType.STORAGESLOT;
                m.homeSlot = slot[0];
                m.mountedSide = null;
                if (m.state != MediaState.OPREQ) {
                    m.state = MediaState.IDLE;
                }
                r.medium = m.id;
            }
        });
        engine.lock.run(() -> engine.mounts.dispatch(libraryId));
    }

    Element elementOf(RsmId id) {
        engine.lock.lock();
        try {
            return engine.element(id);
        } finally {
            engine.lock.unlock();
        }
    }

    LibraryRequestId eject(EngineSession session, PhysicalMediaId mediumId, PortId portId) throws RsmException {
        Medium m = engine.physicalMedium(mediumId);
        Library l = ejectable(session, m);
        Port port = port(l, portId);
        requireEmpty(port);
        LibraryRequest r = engine.requests.create(LibraryRequestOperation.EJECT, l.id, session, 0);
        r.medium = m.id;
        r.port = port.id;
        ejectOnRobot(r, l, List.of(m), List.of(port.id));
        return r.id;
    }

    /**
     * {@code EjectNtmsMedia} with {@code NTMS_EJECT_QUEUE} then {@code START}: every medium into its own empty IE port,
     * in one request; BUSY when the library has fewer empty ports than media.
     */
    LibraryRequestId ejectAll(EngineSession session, List<PhysicalMediaId> ids) throws RsmException {
        if (ids == null || ids.isEmpty()) {
            throw invalidParameter("no media given to eject");
        }
        List<Medium> media = new ArrayList<>();
        Library l = null;
        for (PhysicalMediaId id : ids) {
            Medium m = engine.physicalMedium(id);
            if (media.contains(m)) {
                throw error(RsmError.INVALID_MEDIA, m.label() + " is given twice");
            }
            Library ml = ejectable(session, m);
            if (l != null && !l.id.equals(ml.id)) {
                throw error(RsmError.INVALID_LIBRARY, "the media of one eject must be in one library: " + m.label() + " is in "
                        + ml.name + ", another in " + l.name);
            }
            l = ml;
            media.add(m);
        }
        List<PortId> ports = new ArrayList<>();
        for (Port p : state().ports(l.id)) {
            if (p.content != PortContent.FULL && state().occupant(p.id) == null) {
                ports.add(p.id);
            }
        }
        if (ports.size() < media.size()) {
            throw error(RsmError.BUSY, media.size() + " media to eject but library " + l.name + " has " + ports.size()
                    + " empty IE port(s); empty the ports or eject fewer");
        }
        LibraryRequest r = engine.requests.create(LibraryRequestOperation.EJECT, l.id, session, 0);
        r.medium = media.get(0).id;
        ejectOnRobot(r, l, media, ports.subList(0, media.size()));
        return r.id;
    }

    /** The library an eject of {@code m} takes it from, after RSM's checks (RSM.md §3.5). */
    private Library ejectable(EngineSession session, Medium m) throws RsmException {
        if (m.locationType == ObjectType.LIBRARY) {
            throw error(RsmError.MEDIA_OFFLINE, m.label() + " is already on the shelf (offline library)");
        }
        Library l = library(m.library);
        engine.security.require(session, l.id, AccessRight.CONTROL, "eject");
        requireEnabled(l, RsmError.RESOURCE_DISABLED);
        if (!m.enabled) {
            throw error(RsmError.MEDIA_NOT_AVAILABLE, m.label() + " is disabled");
        }
        for (SideId side : m.sides) {
            EngineSession holder = engine.holders.get(side);
            if (holder != null) {
                throw error(RsmError.BUSY, m.label() + " is mounted by session " + holder.application()
                        + "; it can be ejected once dismounted");
            }
        }
        if (engine.busyMedia.contains(m.id)) {
            throw error(RsmError.BUSY, m.label() + " is being moved by the robot");
        }
        return l;
    }

    /** Marks the media and their drives busy and queues the robot work that puts each into its port. */
    private void ejectOnRobot(LibraryRequest r, Library l, List<Medium> media, List<PortId> ports) {
        List<DriveId> drives = new ArrayList<>();
        for (Medium m : media) {
            engine.busyMedia.add(m.id);
            if (m.locationType == ObjectType.DRIVE) {
                DriveId drive = (DriveId) m.location;
                engine.driveRuns.get(drive).busy(true);
                r.drive = drive;
                drives.add(drive);
            }
        }
        engine.robot.robotTask(r, run -> {
            try {
                for (int i = 0; i < media.size(); i++) {
                    ejectOnRobot(run, media.get(i).id, ports.get(i));
                }
            } finally {
                engine.lock.lock();
                try {
                    media.forEach(m -> engine.busyMedia.remove(m.id));
                    drives.forEach(d -> engine.driveRuns.get(d).busy(false));
                    engine.mounts.dispatch(l.id);
                } finally {
                    engine.lock.unlock();
                }
            }
        });
    }

    private void ejectOnRobot(LibraryRun run, PhysicalMediaId mediumId, PortId portId) throws RsmException {
        engine.robot.step(run, () -> {
            Medium m = state().get(mediumId, Medium.class);
            return new Robot.Move(engine.element(m.location), engine.element(portId),
                    m.label() + " from " + engine.describe(m.location) + " to " + engine.describe(portId));
        }, change -> {
            Medium m = state().get(mediumId, Medium.class);
            engine.robot.markEmpty(change, m.location);
            change.edit(state().get(portId, Port.class)).content = PortContent.FULL;
            engine.inventory.recordEjected(change, m);
        });
    }

    // ---- inventory and door

    LibraryRequestId inventory(EngineSession session, LibraryId libraryId, InventoryMethod method) throws RsmException {
        if (method == null) {
            throw invalidParameter("no inventory method given (NONE, FAST, OMID, DEFAULT or SLOT)");
        }
        Library l = library(libraryId);
        engine.security.require(session, l.id, AccessRight.CONTROL, "inventory");
        requireEnabled(l, RsmError.RESOURCE_DISABLED);
        LibraryRequest r = engine.requests.create(LibraryRequestOperation.INVENTORY, l.id, session, 0);
        if (method == InventoryMethod.NONE) {
            engine.requests.finish(r, null);
            return r.id;
        }
        // the simulated changer reads bar codes: FAST, OMID, DEFAULT and SLOT all read the element status
        engine.robot.robotTask(r, run -> engine.inventory.reconcile(state().get(l.id, Library.class), run.changer, LibraryInventory.Inventory.OPERATOR));
        return r.id;
    }

    LibraryRequestId accessDoor(EngineSession session, LibraryId libraryId) throws RsmException {
        Library l = library(libraryId);
        engine.security.require(session, l.id, AccessRight.CONTROL, "door access");
        requireEnabled(l, RsmError.RESOURCE_DISABLED);
        LibraryRequest r = engine.requests.create(LibraryRequestOperation.DOORACCESS, l.id, session, 0);
        engine.robot.robotTask(r, run -> {
            try {
                run.changer.unlockDoor();
            } catch (ChangerException e) {
                throw error(RsmError.DEVICE_NOT_AVAILABLE, "the door of " + l.name + " cannot be unlocked: " + e.getMessage());
            }
            engine.lock.lock();
            try {
                Change change = new Change(state());
                change.edit(state().get(l.id, Library.class)).doorOpen = true;
                for (Slot s : state().slots(l.id)) {
                    change.edit(s).state = SlotState.NEEDSINVENTORY;
                }
                engine.commits.recordPhysical(change, "open the door of " + l.name);
            } finally {
                engine.lock.unlock();
            }
        });
        return r.id;
    }

    // ---- enable, disable

    void setEnabled(EngineSession session, RsmId object, boolean enabled) throws RsmException {
        if (object == null) {
            throw invalidParameter("no object given to " + (enabled ? "enable" : "disable"));
        }
        Entity e = state().get(object);
        if (e == null) {
            throw error(RsmError.OBJECT_NOT_FOUND, object.type().displayName() + " " + object + " is not known");
        }
        String verb = enabled ? "enable" : "disable";
        if (e instanceof Drive d) {
            engine.security.require(session, d.library, AccessRight.MODIFY, verb);
            engine.dismounts.setEnabled(d.id, enabled);
            return;
        }
        Change change = new Change(state());
        if (e instanceof Library l) {
            library(l.id);
            engine.security.require(session, l.id, AccessRight.MODIFY, verb);
            if (l.enabled == enabled) {
                throw invalidState("library " + l.name + " is already " + verb + "d");
            }
            change.edit(l).enabled = enabled;
        } else if (e instanceof Medium m) {
            engine.security.require(session, m.library, AccessRight.MODIFY, verb);
            if (m.enabled == enabled) {
                throw invalidState(m.label() + " is already " + verb + "d");
            }
            change.edit(m).enabled = enabled;
        } else {
            throw invalidParameter("only libraries, drives and physical media can be " + verb + "d, not a "
                    + object.type().displayName());
        }
        engine.commits.commit(change, verb + " " + object);
        LibraryId lib = engine.libraryOf(object);
        if (lib != null && engine.libraries.containsKey(lib)) {
            engine.mounts.dispatch(lib);
        }
    }

    // ---- library requests

    void cancel(EngineSession session, LibraryRequestId id) throws RsmException {
        LibraryRequest r = engine.requests.get(id);
        engine.security.require(session, r.library, AccessRight.CONTROL, "cancelling a library request");
        if (r.finished()) {
            throw error(RsmError.OBJECT_NOT_FOUND, "library request " + id + " is no longer outstanding (" + r.state + ")");
        }
        if (r.state == LibraryRequestState.INPROCESS) {
            throw invalidState("library request " + id + " (" + r.operation + ") is in process and cannot be cancelled");
        }
        MountRequest mount = engine.mounts.mountRequest(id);
        if (mount != null) {
            engine.mounts.abandon(mount);
        } else {
            engine.requests.finish(r, error(RsmError.CANCELLED, "library request " + id + " was cancelled"));
        }
        LOG.log(Level.FINE, "library request {0} cancelled", id);
    }

    /** RSM.md §1.7: which arguments each request type takes, and the right submitting it needs (§4). */
    void checkOperatorArguments(EngineSession session, OperatorRequestType type, RsmId arg1, RsmId arg2) throws RsmException {
        if (type == null) {
            throw invalidParameter("no operator request type given");
        }
        switch (type) {
            case NEWMEDIA -> {
                if (!(arg1 instanceof MediaPoolId pool) || arg2 != null && !(arg2 instanceof LibraryId)) {
                    throw invalidParameter("a NEWMEDIA request names a media pool (and optionally a library)");
                }
                engine.security.require(session, pool, AccessRight.CONTROL, "a NEWMEDIA request");
            }
            case MOVEMEDIA -> {
                if (!(arg1 instanceof PhysicalMediaId medium) || !(arg2 instanceof LibraryId)) {
                    throw invalidParameter("a MOVEMEDIA request names a physical medium and the library to move it to");
                }
                Model.Medium m = state().get(medium, Model.Medium.class);
                engine.security.require(session, m == null ? null : m.pool, AccessRight.CONTROL, "a MOVEMEDIA request");
            }
            case CLEANER, DEVICESERVICE -> {
                if (arg1 == null || arg2 != null) {
                    throw invalidParameter("a " + type + " request names one device");
                }
                LibraryId library = engine.libraryOf(arg1);
                if (library == null && state().get(arg1) != null) {
                    throw invalidParameter("a " + type + " request names a library, drive, slot, port or medium, not a "
                            + arg1.type().displayName());
                }
                engine.security.require(session, library, AccessRight.CONTROL, "a " + type + " request");
            }
            case MESSAGE -> {
                if (arg1 != null || arg2 != null) {
                    throw invalidParameter("a MESSAGE request takes no arguments");
                }
            }
            default -> throw invalidParameter("operator request type " + type + " cannot be submitted");
        }
    }
}
