package org.openrsm.engine;

import static org.openrsm.engine.catalog.Errors.error;
import static org.openrsm.engine.catalog.Errors.invalidParameter;
import static org.openrsm.engine.catalog.Errors.invalidState;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;
import org.openrsm.api.AccessRight;
import org.openrsm.api.DismountMode;
import org.openrsm.api.DriveId;
import org.openrsm.api.InventoryMethod;
import org.openrsm.api.LibraryId;
import org.openrsm.api.LibraryRequestId;
import org.openrsm.api.LibraryRequestInfo;
import org.openrsm.api.LibraryRequestState;
import org.openrsm.api.LibraryType;
import org.openrsm.api.MediaState;
import org.openrsm.api.MediaTypeId;
import org.openrsm.api.MountOptions;
import org.openrsm.api.ObjectType;
import org.openrsm.api.OperationalState;
import org.openrsm.api.PhysicalMediaId;
import org.openrsm.api.PoolType;
import org.openrsm.api.RsmError;
import org.openrsm.api.RsmException;
import org.openrsm.api.SideState;
import org.openrsm.api.SlotId;
import org.openrsm.api.SlotState;
import org.openrsm.engine.catalog.Change;
import org.openrsm.engine.catalog.MemoryCatalog;
import org.openrsm.engine.catalog.Model;
import org.openrsm.engine.catalog.Model.Drive;
import org.openrsm.engine.catalog.Model.Library;
import org.openrsm.engine.catalog.Model.MediaType;
import org.openrsm.engine.catalog.Model.Medium;
import org.openrsm.engine.catalog.Model.Side;
import org.openrsm.engine.catalog.Model.Slot;

/**
 * The administrative functions of RSM.md §3.4–§3.5 that change what a library is: its media types, forgetting
 * libraries and drives that are gone, and identifying the cartridge in one slot.
 */
final class LibraryAdmin {
    private static final Logger LOG = Logger.getLogger(LibraryAdmin.class.getName());
    /** how long {@code IdentifyNtmsSlot} waits for the inventory before it and for the robot after it */
    static final Duration IDENTIFY_TIMEOUT = Duration.ofMinutes(10);

    private final Engine engine;
    private final LibraryControl control;

    LibraryAdmin(Engine engine, LibraryControl control) {
        this.engine = engine;
        this.control = control;
    }

    private MemoryCatalog state() {
        return engine.state;
    }

    private MediaType mediaType(MediaTypeId id) throws RsmException {
        if (id == null) {
            throw invalidParameter("a media type id is null");
        }
        MediaType t = state().get(id, MediaType.class);
        if (t == null) {
            throw error(RsmError.INVALID_MEDIA, "media type " + id + " is not known");
        }
        return t;
    }

    /** {@code AddNtmsMediaType}: idempotent; the type's system pools exist since the type does. */
    void addMediaType(EngineSession session, MediaTypeId typeId, LibraryId libraryId) throws RsmException {
        MediaType type = mediaType(typeId);
        Library l = control.library(libraryId);
        engine.security.require(session, l.id, AccessRight.MODIFY, "adding a media type");
        if (!l.enabled) {
            throw error(RsmError.LIBRARY_OFFLINE, "library " + l.name + " is disabled");
        }
        if (l.mediaTypes.contains(type.id)) {
            return;
        }
        Change change = new Change(state());
        change.edit(l).mediaTypes.add(type.id);
        engine.commits.commit(change, "add media type " + type.name + " to library " + l.name);
    }

    /** {@code DeleteNtmsMediaType}: only when the library holds no media of the type, and not its last type. */
    void deleteMediaType(EngineSession session, MediaTypeId typeId, LibraryId libraryId) throws RsmException {
        MediaType type = mediaType(typeId);
        Library l = control.library(libraryId);
        engine.security.require(session, l.id, AccessRight.MODIFY, "deleting a media type");
        if (!l.mediaTypes.contains(type.id)) {
            throw error(RsmError.OBJECT_NOT_FOUND, "library " + l.name + " does not take " + type.name + " media");
        }
        if (l.mediaTypes.size() == 1) {
            throw invalidState(type.name + " is the only media type of library " + l.name
                    + "; add the media type that replaces it first");
        }
        long held = state().mediaInLibrary(l.id).stream()
                .filter(id -> state().get(id, Medium.class).mediaType.equals(type.id)).count();
        if (held > 0) {
            throw error(RsmError.NOT_EMPTY, "library " + l.name + " holds " + held + " " + type.name
                    + " cartridge(s); eject them first");
        }
        Change change = new Change(state());
        change.edit(l).mediaTypes.remove(type.id);
        engine.commits.commit(change, "delete media type " + type.name + " from library " + l.name);
    }

    /**
     * {@code DeleteNtmsLibrary}: the library must be enabled and no longer attached (its operational state
     * NOT_PRESENT: no changer of that name was configured at start-up). Its media go to the offline library,
     * then the library, its drives, slots and IE ports are deleted in one store transaction.
     */
    void deleteLibrary(EngineSession session, LibraryId libraryId) throws RsmException {
        if (libraryId == null) {
            throw invalidParameter("a library id is null");
        }
        Library l = state().get(libraryId, Library.class);
        if (l == null) {
            throw error(RsmError.INVALID_LIBRARY, "library " + libraryId + " is not known");
        }
        if (l.type == LibraryType.OFFLINE) {
            throw error(RsmError.INVALID_LIBRARY, "the offline library cannot be deleted");
        }
        engine.security.require(session, l.id, AccessRight.MODIFY, "deleting a library");
        if (engine.libraries.containsKey(l.id)) {
            throw invalidState("library " + l.name + " is online; only a library that is no longer attached can be deleted");
        }
        if (!l.enabled) {
            throw invalidState("library " + l.name + " is disabled; enable it before deleting it");
        }
        Change change = new Change(state());
        Library offline = state().library(Engine.OFFLINE_LIBRARY);
        int media = 0;
        for (PhysicalMediaId id : state().mediaInLibrary(l.id)) {
            Medium m = change.edit(state().get(id, Medium.class));
            m.library = offline.id;
            m.location = offline.id;
            m.locationType = ObjectType.LIBRARY;
            m.homeSlot = null;
            m.mountedSide = null;
            m.state = MediaState.IDLE;
            media++;
        }
        state().drives(l.id).forEach(change::delete);
        state().slots(l.id).forEach(change::delete);
        state().ports(l.id).forEach(change::delete);
        change.delete(l);
        engine.commits.commit(change, "delete library " + l.name);
        int moved = media;
        LOG.info(() -> "library " + l.name + " deleted; " + moved + " cartridge(s) moved to the offline library");
    }

    /** {@code DeleteNtmsDrive}: only a drive the changer no longer reports (NOT_PRESENT). */
    void deleteDrive(EngineSession session, DriveId driveId) throws RsmException {
        Drive d = engine.drive(driveId);
        engine.security.require(session, d.library, AccessRight.MODIFY, "deleting a drive");
        if (d.operationalState != OperationalState.NOT_PRESENT) {
            throw invalidState(d.name + " of " + engine.libraryName(d.library) + " is " + d.operationalState
                    + "; only a drive the changer no longer reports (NOT_PRESENT) can be deleted");
        }
        Change change = new Change(state());
        change.delete(d);
        engine.commits.commit(change, "delete " + d.name + " of " + engine.libraryName(d.library));
        engine.driveRuns.remove(d.id);
        LibraryRun run = engine.libraries.get(d.library);
        if (run != null) {
            run.idle.remove(d.id);
        }
    }

    /**
     * {@code IdentifyNtmsSlot}: an inventory first if the slot needs one, then the cartridge in the slot is mounted
     * (read) in a free drive by an internal session, its label is read, and it is dismounted with {@code mode}.
     * It does not wait for a drive: with every drive in use it fails as a mount with ERROR_IF_UNAVAILABLE does.
     * A cartridge that was Unrecognized and carries a label moves to the Import pool.
     */
    PhysicalMediaId identifySlot(EngineSession session, SlotId slotId, DismountMode mode) throws RsmException {
        if (mode == null) {
            throw invalidParameter("no dismount mode given (IMMEDIATE or DEFERRED)");
        }
        Medium m;
        engine.lock.lock();
        try {
            Slot slot = slotId == null ? null : state().get(slotId, Slot.class);
            if (slot == null) {
                throw error(RsmError.OBJECT_NOT_FOUND, "slot " + slotId + " is not known");
            }
            Library l = control.library(slot.library);
            engine.security.require(session, l.id, AccessRight.CONTROL, "identifying a slot");
            if (!l.enabled) {
                throw error(RsmError.LIBRARY_OFFLINE, "library " + l.name + " is disabled");
            }
            if (!engine.planner.anyDriveFree(l.id)) {
                // refused before the inventory below moves anything: a refused call changes nothing
                throw error(RsmError.BUSY, "no drive of " + l.name + " is free to identify " + engine.describe(slot.id) + ": "
                        + engine.planner.drivesInUse(l.id));
            }
            m = slot.state == SlotState.NEEDSINVENTORY ? null : state().occupant(slot.id);
            if (slot.state == SlotState.NEEDSINVENTORY) {
                LibraryRequestId inventory = control.inventory(session, l.id, InventoryMethod.FAST);
                engine.lock.unlock();
                try {
                    LibraryRequestInfo done = engine.requests.await(inventory, IDENTIFY_TIMEOUT);
                    if (done.state() != LibraryRequestState.PASSED) {
                        throw error(done.error() == null ? RsmError.UNABLE_TO_INVENTORY_SLOT : done.error(),
                                "the inventory before identifying " + engine.describe(slot.id) + " failed: " + done.message());
                    }
                } finally {
                    engine.lock.lock();
                }
                m = state().occupant(slot.id);
            }
        } finally {
            engine.lock.unlock();
        }
        if (m == null) {
            return null;
        }
        PhysicalMediaId id = m.id;
        var first = m.sides.get(0);   // read while the lock was held: the entity is not edited in place
        try (EngineSession identify = engine.openSession("OpenRSM IdentifyNtmsSlot", null, Set.of())) {
            identify.mount(List.of(first), MountOptions.builder().read().errorIfUnavailable().build());
            recognise(id);
            identify.dismount(List.of(first), mode);
            if (mode == DismountMode.IMMEDIATE) {
                identify.awaitIdle(first, IDENTIFY_TIMEOUT);
            }
        }
        return id;
    }

    /** The label read in the drive: an Unrecognized cartridge that has one becomes an Import one. */
    private void recognise(PhysicalMediaId id) throws RsmException {
        engine.lock.lock();
        try {
            Medium m = state().get(id, Medium.class);
            Library l = state().get(m.library, Library.class);
            String label = engine.libraries.get(l.id).changer.mediaLabel(m.barCode);
            LOG.info(() -> "identify: " + m.label() + " in " + l.name + (label == null ? " has no label" : " has label " + label));
            Model.Pool pool = state().get(m.pool, Model.Pool.class);
            if (label == null || pool.type != PoolType.FOREIGN) {
                return;
            }
            Change change = new Change(state());
            change.edit(m).pool = engine.setup.systemPool(PoolType.IMPORT, m.mediaType).id;
            for (var sideId : m.sides) {
                change.edit(state().get(sideId, Side.class)).state = SideState.IMPORT;
            }
            engine.commits.commit(change, "identify " + m.label() + " as imported media");
        } finally {
            engine.lock.unlock();
        }
    }
}
