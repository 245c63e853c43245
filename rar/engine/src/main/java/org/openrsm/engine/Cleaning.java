package org.openrsm.engine;

import static org.openrsm.engine.catalog.Errors.error;
import static org.openrsm.engine.catalog.Errors.invalidParameter;
import static org.openrsm.engine.catalog.Errors.invalidState;
import java.time.Instant;
import org.openrsm.api.AccessRight;
import org.openrsm.api.DriveId;
import org.openrsm.api.DriveState;
import org.openrsm.api.LibraryId;
import org.openrsm.api.LibraryRequestId;
import org.openrsm.api.LibraryRequestOperation;
import org.openrsm.api.OperatorRequestType;
import org.openrsm.api.PortContent;
import org.openrsm.api.PortId;
import org.openrsm.api.RsmError;
import org.openrsm.api.RsmException;
import org.openrsm.api.SlotId;
import org.openrsm.api.SlotState;
import org.openrsm.changer.ChangerException;
import org.openrsm.changer.Element;
import org.openrsm.changer.ElementStatus;
import org.openrsm.changer.ElementType;
import org.openrsm.engine.catalog.Change;
import org.openrsm.engine.catalog.MemoryCatalog;
import org.openrsm.engine.catalog.Model.Drive;
import org.openrsm.engine.catalog.Model.Library;
import org.openrsm.engine.catalog.Model.Port;
import org.openrsm.engine.catalog.Model.Slot;
import org.openrsm.engine.requests.LibraryRequest;

/**
 * Cleaning (RSM.md §3.5): the cleaner slot, injecting and ejecting the cleaner, and cleaning a drive with it on the
 * robot. Library requests run on the library's robot thread; the rest under the engine lock.
 */
final class Cleaning {
    private final Engine engine;

    Cleaning(Engine engine) {
        this.engine = engine;
    }

    private MemoryCatalog state() {
        return engine.state;
    }

    /** Robot thread: where the changer has the cartridge with this bar code (INVALID_CLEANER if nowhere). */
    private Element findCleaner(LibraryRun run, String barCode) throws RsmException {
        try {
            for (ElementStatus s : run.changer.elementStatus()) {
                if (barCode.equals(s.barCode())) {
                    return s.element();
                }
            }
        } catch (ChangerException e) {
            throw error(RsmError.UNABLE_TO_INVENTORY_SLOT, e.getMessage());
        }
        throw error(RsmError.INVALID_CLEANER, "the cleaner " + barCode + " is not in the library any more; run an inventory");
    }

    // ---- cleaning

    void reserveCleanerSlot(EngineSession session, LibraryId libraryId, SlotId slotId) throws RsmException {
        Library l = engine.control.library(libraryId);
        engine.security.require(session, l.id, AccessRight.CONTROL, "reserving a cleaner slot");
        if (l.cleanerSlot != null) {
            throw error(RsmError.CLEANER_SLOT_SET, "library " + l.name + " already has " + engine.describe(l.cleanerSlot)
                    + " for its cleaner");
        }
        Slot slot = slotId == null ? null : state().get(slotId, Slot.class);
        if (slot == null || !slot.library.equals(l.id)) {
            throw error(RsmError.OBJECT_NOT_FOUND, "slot " + slotId + " is not a slot of library " + l.name);
        }
        if (state().occupant(slot.id) != null || state().homeOf(slot.id) != null || slot.state == SlotState.FULL) {
            throw error(RsmError.RESOURCE_NOT_AVAILABLE, engine.describe(slot.id) + " is not empty (or is a cartridge's home)");
        }
        Change change = new Change(state());
        change.edit(l).cleanerSlot = slot.id;
        engine.commits.commit(change, "reserve " + engine.describe(slot.id) + " for the cleaner");
    }

    void releaseCleanerSlot(EngineSession session, LibraryId libraryId) throws RsmException {
        Library l = engine.control.library(libraryId);
        engine.security.require(session, l.id, AccessRight.CONTROL, "releasing the cleaner slot");
        if (l.cleanerSlot == null) {
            throw error(RsmError.CLEANER_SLOT_NOT_SET, "library " + l.name + " has no cleaner slot");
        }
        if (state().get(l.cleanerSlot, Slot.class).state == SlotState.FULL) {
            throw error(RsmError.CLEANER_CARTRIDGE_INSTALLED, "the cleaner " + l.cleanerBarCode + " is in "
                    + engine.describe(l.cleanerSlot) + "; eject it first");
        }
        Change change = new Change(state());
        change.edit(l).cleanerSlot = null;
        engine.commits.commit(change, "release the cleaner slot of " + l.name);
    }

    LibraryRequestId injectCleaner(EngineSession session, LibraryId libraryId, PortId portId, int uses) throws RsmException {
        Library l = engine.control.library(libraryId);
        engine.security.require(session, l.id, AccessRight.CONTROL, "inject cleaner");
        Port port = engine.control.port(l, portId);
        if (uses < -1) {
            throw invalidParameter("cleaner uses " + uses + " must be 0 or more, or -1 for 'until exhausted'");
        }
        if (l.cleanerSlot == null) {
            throw error(RsmError.CLEANER_SLOT_NOT_SET, "library " + l.name + " has no cleaner slot; reserve one first");
        }
        if (state().get(l.cleanerSlot, Slot.class).state == SlotState.FULL) {
            throw error(RsmError.RESOURCE_NOT_AVAILABLE, "the cleaner slot " + engine.describe(l.cleanerSlot) + " is full");
        }
        LibraryRequest r = engine.requests.create(LibraryRequestOperation.INJECTCLEANER, l.id, session, 0);
        r.port = port.id;
        r.slot = l.cleanerSlot;
        SlotId target = l.cleanerSlot;
        engine.robot.robotTask(r, run -> engine.control.injectOnRobot(run, r, l.id, port.id, target, uses));
        return r.id;
    }

    LibraryRequestId ejectCleaner(EngineSession session, LibraryId libraryId, PortId portId) throws RsmException {
        Library l = engine.control.library(libraryId);
        engine.security.require(session, l.id, AccessRight.CONTROL, "eject cleaner");
        Port port = engine.control.port(l, portId);
        engine.control.requireEnabled(l, RsmError.RESOURCE_DISABLED);
        if (l.cleanerBarCode == null) {
            throw error(RsmError.INVALID_OPERATION, "library " + l.name + " has no cleaner to eject");
        }
        engine.control.requireEmpty(port);
        LibraryRequest r = engine.requests.create(LibraryRequestOperation.EJECTCLEANER, l.id, session, 0);
        r.port = port.id;
        String cleaner = l.cleanerBarCode;
        engine.robot.robotTask(r, run -> {
            Element at = findCleaner(run, cleaner);
            Element to = engine.control.elementOf(port.id);
            engine.robot.step(run, () -> new Robot.Move(at, to, "cleaner " + cleaner + " to " + to), change -> {
                Library e = change.edit(state().get(l.id, Library.class));
                e.cleanerBarCode = null;
                e.cleanerUses = 0;
                if (at.type() == ElementType.SLOT) {
                    change.edit(state().slot(l.id, at.number())).state = SlotState.EMPTY;
                }
                change.edit(state().get(port.id, Port.class)).content = PortContent.FULL;
            });
        });
        return r.id;
    }

    LibraryRequestId cleanDrive(EngineSession session, DriveId driveId) throws RsmException {
        Drive d = engine.drive(driveId);
        Library l = engine.control.library(d.library);
        engine.security.require(session, l.id, AccessRight.CONTROL, "drive cleaning");
        if (!d.enabled) {
            throw error(RsmError.RESOURCE_DISABLED, d.name + " of " + l.name + " is disabled");
        }
        engine.control.requireEnabled(l, RsmError.DEVICE_NOT_AVAILABLE);
        LibraryRequest r = engine.requests.create(LibraryRequestOperation.CLEANDRIVE, l.id, session, 0);
        r.drive = d.id;
        engine.robot.robotTask(r, run -> cleanOnRobot(run, l.id, d.id));
        return r.id;
    }

    private void cleanOnRobot(LibraryRun run, LibraryId libraryId, DriveId driveId) throws RsmException {
        String cleaner;
        engine.lock.lock();
        try {
            Library l = state().get(libraryId, Library.class);
            Drive d = state().get(driveId, Drive.class);
            DriveRun dr = engine.driveRuns.get(driveId);
            if (l.cleanerBarCode == null || l.cleanerUses == 0) {
                engine.requests.submit(OperatorRequestType.CLEANER, (l.cleanerBarCode == null ? "insert a cleaner into "
                        : "replace the spent cleaner " + l.cleanerBarCode + " of ") + l.name + " to clean " + d.name,
                        l.id, null, null);
                throw l.cleanerBarCode == null
                        ? error(RsmError.INVALID_CLEANER, "library " + l.name + " has no cleaner; an operator request asks for one")
                        : error(RsmError.CLEANER_CARTRIDGE_SPENT, "the cleaner " + l.cleanerBarCode + " of " + l.name
                                + " is spent; an operator request asks for a new one");
            }
            if (dr.owner() != null || dr.busy() || d.state != DriveState.DISMOUNTED && d.state != DriveState.DISMOUNTABLE) {
                throw invalidState(d.name + " of " + l.name + " is in use (" + d.state + "); clean it when it is free");
            }
            cleaner = l.cleanerBarCode;
            dr.busy(true);
        } finally {
            engine.lock.unlock();
        }
        try {
            Element cleanerAt = findCleaner(run, cleaner);
            engine.robot.returnHome(run, driveId);
            Element drive = engine.control.elementOf(driveId);
            engine.robot.step(run, () -> new Robot.Move(cleanerAt, drive, "cleaner " + cleaner + " into " + drive),
                    change -> setDriveState(change, driveId, DriveState.BEING_CLEANED, null));
            engine.robot.step(run, () -> new Robot.Move(drive, cleanerAt, "cleaner " + cleaner + " back to " + cleanerAt),
                    change -> setDriveState(change, driveId, DriveState.DISMOUNTED, engine.clock.now()));
        } finally {
            release(driveId);
        }
    }

    private void setDriveState(Change change, DriveId id, DriveState driveState, Instant cleaned) {
        Drive d = change.edit(state().get(id, Drive.class));
        d.state = driveState;
        if (cleaned != null) {
            d.lastCleaned = cleaned;
            Library l = change.edit(state().get(d.library, Library.class));
            if (l.cleanerUses > 0) {
                l.cleanerUses--;
            }
        }
    }

    private void release(DriveId id) {
        engine.lock.lock();
        try {
            engine.driveRuns.get(id).busy(false);
            engine.mounts.dispatch(state().get(id, Drive.class).library);
        } finally {
            engine.lock.unlock();
        }
    }
}
