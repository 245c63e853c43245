package org.openrsm.engine;

import static org.openrsm.engine.catalog.Errors.error;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.openrsm.api.DriveId;
import org.openrsm.api.DriveState;
import org.openrsm.api.LibraryId;
import org.openrsm.api.MediaState;
import org.openrsm.api.ObjectType;
import org.openrsm.api.OperationalState;
import org.openrsm.api.OperatorRequestType;
import org.openrsm.api.PortContent;
import org.openrsm.api.PortId;
import org.openrsm.api.RsmError;
import org.openrsm.api.RsmException;
import org.openrsm.api.RsmId;
import org.openrsm.api.SlotId;
import org.openrsm.api.SlotState;
import org.openrsm.changer.ChangerException;
import org.openrsm.changer.ChangerFault;
import org.openrsm.changer.Element;
import org.openrsm.changer.ElementType;
import org.openrsm.engine.catalog.Change;
import org.openrsm.engine.catalog.Model.Drive;
import org.openrsm.engine.catalog.Model.Library;
import org.openrsm.engine.catalog.Model.Medium;
import org.openrsm.engine.catalog.Model.Port;
import org.openrsm.engine.catalog.Model.Slot;
import org.openrsm.engine.requests.LibraryRequest;

/**
 * The robots: per library, one robot thread runs the robot's work in order and one arm thread ({@link Arm}) makes
 * the moves one after the other (DESIGN.md §7); every move is planned under the engine lock, made outside it and
 * recorded under it. A one-side mount's moves are planned when it is dispatched ({@link MovesAhead}), so the arm
 * goes on to them while the robot thread records the moves before them.
 */
final class Robot extends EnginePart {
    private static final Logger LOG = Logger.getLogger(Robot.class.getName());

    Robot(Engine engine) {
        super(engine);
    }

    /** One robot move: from, to, and the move in words for messages and the log. */
    record Move(Element source, Element target, String what) {
    }

    /** Plans a move under the engine lock; null when there is nothing to move. */
    @FunctionalInterface
    interface Planning {
        Move plan() throws RsmException;
    }

    /** Writes into {@code change}, under the engine lock, what the move did. */
    @FunctionalInterface
    interface Recording {
        void record(Change change) throws RsmException;
    }

    /**
     * Robot thread: the one way the engine moves a cartridge. The move is planned under the engine lock, made with
     * the lock released (other callers go on while the robot works), and recorded under the lock right after the
     * changer confirmed it: in memory at once, in the store by the group commit of move records, so the robot's next
     * move does not wait for the disk; if the store refuses the record, the library waits for an inventory
     * ({@link CatalogCommits#recordMove}). Returns the move made, or null if the plan had none.
     */
    Move step(LibraryRun run, Planning planning, Recording recording) throws RsmException {
        if (lock.isHeld()) {
            throw new IllegalStateException("a robot move is never made under the engine lock");
        }
        Replan replanned = null;
        while (true) {
            Move move = replanned == null ? lock.call(planning::plan) : planAgain(run, planning, replanned);
            if (move == null) {
                return null;
            }
            try {
                await(run, move, run.arm.submit(move));
            } catch (Arm.Dropped e) {
                throw new IllegalStateException("a move planned now is never dropped", e);
            } catch (Replan replan) {
                if (replanned != null) {
                    throw replan.failure;   // planned again once, from the inventory just taken: the failure is final
                }
                replanned = replan;
                continue;
            }
            record(move, recording);
            return move;
        }
    }

    /**
     * A move the changer did not make because the library's contents may have changed (its door was opened): the
     * inventory taken since has corrected the catalog, so the move is planned again from it, once.
     */
    static final class Replan extends Exception {
        final RsmException failure;

        Replan(RsmException failure) {
            super(failure.getMessage(), null, false, false);
            this.failure = failure;
        }
    }

    /** The plan again after an inventory; if the catalog now makes it impossible (a full slot, no empty one), why. */
    private Move planAgain(LibraryRun run, Planning planning, Replan replan) throws RsmException {
        try {
            Move again = lock.call(planning::plan);
            LOG.info("library " + run.changer.libraryName() + ": its contents may have changed and were taken stock of; "
                    + (again == null ? "nothing is left to move" : "the robot moves " + again.what()));
            return again;
        } catch (RsmException e) {
            LOG.warning(replan.failure.getMessage() + "; after the inventory: " + e.getMessage());
            throw e;
        }
    }

    /** Robot thread: records what the move did, in memory at once and by the group commit of move records. */
    void record(Move move, Recording recording) throws RsmException {
        lock.call(() -> {
            Change change = new Change(state);
            recording.record(change);
            engine.commits.recordMove(change, "record the move of " + move.what());
            return null;
        });
    }

    /**
     * Robot thread: waits for the arm to make the move. A move the changer failed is looked into at once (the arm
     * waits meanwhile: the moves planned ahead are dropped), and ends in RSM's error for it.
     */
    void await(LibraryRun run, Move move, CompletableFuture<Void> done)
            throws RsmException, Arm.Dropped, Replan {
        try {
            done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw error(RsmError.DEVICE_NOT_AVAILABLE, "interrupted while the robot of " + run.changer.libraryName()
                    + " moved " + move.what());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Arm.Dropped dropped) {
                throw dropped;
            }
            if (e.getCause() instanceof RsmException refused) {
                throw refused;
            }
            try {
                failed(run, move, (ChangerException) e.getCause());
            } finally {
                run.arm.resume();
            }
        }
    }

    /** Arm thread: a driver defect during a move; its outcome is unknown, as after any failed move. */
    ChangerException defect(Move move, RuntimeException defect) {
        RsmException internal = engine.internalError("the move of " + move.what(), defect);
        return new ChangerException(internal.getMessage(), defect);
    }

    /** The cartridge's home slot if it is empty and not reserved, else an empty slot nobody's home, else null. */
    SlotId homeOrFreeSlot(LibraryRun run, Medium m, LibraryId library) {
        SlotId home = m.homeSlot;
        if (home != null && state.occupant(home) == null && !run.reserved.contains(home)) {
            return home;
        }
        return freeSlot(library);
    }

    /** What a move of a drive's cartridge to {@code slot} did. */
    void recordReturn(Change change, DriveId driveId, SlotId slot) {
        Medium m = change.edit(state.occupant(driveId));
        m.location = slot;
        m.locationType = ObjectType.STORAGESLOT;
        m.homeSlot = slot;
        m.mountedSide = null;
        m.state = MediaState.IDLE;
        change.edit(state.get(slot, Slot.class)).state = SlotState.FULL;
        markEmpty(change, driveId);
    }

    /** Robot thread: takes the cartridge in the drive back to its home slot (or a free slot) and records it. */
    void returnHome(LibraryRun run, DriveId driveId) throws RsmException {
        SlotId[] slot = new SlotId[1];
        step(run, () -> {
            Drive d = state.get(driveId, Drive.class);
            Medium m = state.occupant(driveId);
            if (m == null) {
                return null;
            }
            slot[0] = homeOrFreeSlot(run, m, d.library);
            if (slot[0] == null) {
                throw error(RsmError.LIBRARY_FULL, "library " + engine.libraryName(d.library) + " has no empty slot for "
                        + m.label() + " from " + d.name);
            }
            return new Move(engine.element(driveId), engine.element(slot[0]),
                    m.label() + " from " + d.name + " to " + engine.describe(slot[0]));
        }, change -> recordReturn(change, driveId, slot[0]));
    }

    /** An empty slot that is nobody's home, not reserved for the cleaner nor for a move planned ahead, or null. */
    SlotId freeSlot(LibraryId library) {
        lock.assertHeld();
        Library l = state.get(library, Library.class);
        LibraryRun run = libraries.get(library);
        for (Slot s : state.slotsView(library)) {
            if (state.occupant(s.id) == null && state.homeOf(s.id) == null && !s.id.equals(l.cleanerSlot)
                    && s.state != SlotState.FULL && (run == null || !run.reserved.contains(s.id))) {
                return s.id;
            }
        }
        return null;
    }

    /** Records an element as empty: a slot or port EMPTY, a drive DISMOUNTED with no side. */
    void markEmpty(Change change, RsmId element) {
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

    /** Robot tasks queued or running, all libraries together (engine lock). */
    int robotWork;

    /** Queues robot work other than a mount, counted so that {@link #awaitRobots} knows when every robot is idle. */
    void onRobot(LibraryRun run, Runnable task) {
        onRobot(run, task, false);
    }

    /**
     * Queues robot work. While work other than mounts is queued or running, no mount's moves are planned ahead
     * ({@link MovesAhead#plan}): such work plans its moves from the catalog as it is when it runs.
     */
    void onRobot(LibraryRun run, Runnable task, boolean mount) {
        lock.assertHeld();
        robotWork++;
        if (!mount) {
            run.otherTasks++;
        }
        run.robot.execute(() -> {
            try {
                task.run();
            } finally {
                lock.lock();
                try {
                    robotWork--;
                    if (!mount) {
                        run.otherTasks--;
                    }
                    lock.signalChange();
                } finally {
                    lock.unlock();
                }
            }
        });
    }

    /** Waits until no robot has work queued or running; false on timeout (real time: an operator's or a test's wait). */
    boolean awaitRobots(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (robotWork > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                lock.awaitChange(left);
            }
            return true;
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
                failure = engine.internalError("library request " + r.id + " (" + r.operation + ")", e);
            }
            lock.lock();
            try {
                requests.finish(r, failure);
            } finally {
                lock.unlock();
            }
        });
    }

    /**
     * Robot thread, after the changer failed a move: RSM's error for it; the library's element status is read again
     * at once, and the element at fault needs service if the library says so. Throws the error, or {@link Replan}
     * when the changer did not make the move because its contents may have changed.
     */
    private void failed(LibraryRun run, Move move, ChangerException e) throws RsmException, Replan {
        Element source = move.source();
        Element target = move.target();
        RsmException failure = error(rsmError(e.fault(), target), "the robot of " + run.changer.libraryName()
                + " could not move " + move.what() + ": " + e.getMessage());
        Library library = lock.call(() -> state.library(run.changer.libraryName()));
        boolean checked = checkAfterFailedMove(run, library);
        if (checked && e.fault() == ChangerFault.NEEDS_INVENTORY) {
            throw new Replan(failure);   // not made: the library's contents may have changed, the catalog now knows them
        }
        if (checked && needsService(e.fault())) {
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

    /**
     * RSM's error for a failed move (RSM.md §8): a cartridge that was not where the catalog had it is
     * MEDIA_NOT_AVAILABLE, a destination that was full RESOURCE_NOT_AVAILABLE, an element the library does not
     * have RESOURCE_NOT_PRESENT, a drive that failed to load UNABLE_TO_LOAD_MEDIUM; the robot or library
     * unavailable, for now or for good, DEVICE_NOT_AVAILABLE.
     */
    static RsmError rsmError(ChangerFault fault, Element target) {
        return switch (fault) {
            case SOURCE_EMPTY -> RsmError.MEDIA_NOT_AVAILABLE;
            case DESTINATION_FULL -> RsmError.RESOURCE_NOT_AVAILABLE;
            case NOT_PRESENT -> RsmError.RESOURCE_NOT_PRESENT;
            case HARDWARE -> target.type() == ElementType.DRIVE ? RsmError.UNABLE_TO_LOAD_MEDIUM
                    : RsmError.DEVICE_NOT_AVAILABLE;
            case TRANSIENT, NEEDS_INVENTORY, DRIVE_NOT_UNLOADED, FAILED -> RsmError.DEVICE_NOT_AVAILABLE;
        };
    }

    /**
     * Whether the element at fault needs service (NEEDS_SERVICE, a DEVICESERVICE request): not when the catalog
     * was merely behind the library (the inventory after the failed move has corrected it), nor when the library
     * was only busy or becoming ready.
     */
    static boolean needsService(ChangerFault fault) {
        return switch (fault) {
            case SOURCE_EMPTY, DESTINATION_FULL, TRANSIENT, NEEDS_INVENTORY -> false;
            case DRIVE_NOT_UNLOADED, HARDWARE, NOT_PRESENT, FAILED -> true;
        };
    }

    /**
     * Robot thread: a failed move may have moved the cartridge all the same (a drive that failed mid-load): the
     * catalog learns from the changer what really happened before anything else is planned.
     */
    boolean checkAfterFailedMove(LibraryRun run, Library library) {
        try {
            engine.inventory.reconcile(library, run.changer, LibraryInventory.Inventory.AUTOMATIC);
            return true;
        } catch (RsmException e) {
            lock.lock();
            try {
                engine.inventory.needsInventory(library.id, "library " + library.name + ": after a failed robot move its element status "
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
    void deviceFailed(LibraryRun run, Element element, RsmException failure) {
        LibraryId library = state.library(run.changer.libraryName()).id;
        // a drive or a slot at fault is named; a port's fault is the library's
        RsmId device = element.type() == ElementType.PORT ? library : engine.element(library, element);
        if (device instanceof DriveId id) {
            Change change = new Change(state);
            change.edit(state.get(id, Drive.class)).operationalState = OperationalState.NEEDS_SERVICE;
            engine.commits.commitPhysical(change, "mark " + engine.describe(id) + " as needing service");
        }
        requests.raise(OperatorRequestType.DEVICESERVICE, failure.getMessage(), device, Level.WARNING);
    }
}
