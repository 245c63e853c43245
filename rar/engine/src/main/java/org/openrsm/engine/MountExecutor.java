package org.openrsm.engine;

import static org.openrsm.engine.catalog.Errors.error;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import org.openrsm.api.DriveId;
import org.openrsm.api.DriveState;
import org.openrsm.api.MediaState;
import org.openrsm.api.ObjectType;
import org.openrsm.api.RsmError;
import org.openrsm.api.RsmException;
import org.openrsm.api.RsmId;
import org.openrsm.engine.catalog.Change;
import org.openrsm.engine.catalog.Model.Drive;
import org.openrsm.engine.catalog.Model.Medium;
import org.openrsm.engine.catalog.Model.Side;

/**
 * Runs a planned mount on the library's robot thread: evict, load, check, bind.
 */
final class MountExecutor extends EnginePart {
    private static final Logger LOG = Logger.getLogger(MountExecutor.class.getName());

    MountExecutor(Engine engine) {
        super(engine);
    }

    /**
     * On the library's robot thread: evict, move, load; then bind the sides to the session. A plan without a robot
     * move (every side waits in its drive) is run by the dispatching thread under the engine lock instead.
     */
    void executeMount(MountRequest r) {
        LibraryRun run = libraries.get(r.library);
        RsmException failure = null;
        int done = 0;
        for (MountRequest.Step step : r.plan) {
            try {
                if (step.evict() != null) {
                    MovesAhead.Ahead ahead = r.aheadEvict;
                    if (ahead == null || !engine.ahead.complete(run, ahead,
                            change -> engine.robot.recordReturn(change, step.drive(), ahead.slot))) {
                        engine.robot.returnHome(run, step.drive());
                    }
                }
                if (!step.reuse()) {
                    MovesAhead.Ahead ahead = r.aheadLoad;
                    if (ahead == null || !engine.ahead.complete(run, ahead, change -> recordLoad(change, step))) {
                        loadSide(run, step);
                    }
                } else {
                    run.mountsWithoutRobotMove.incrementAndGet();
                }
                done++;
            } catch (RsmException e) {
                failure = e;
                break;
            } catch (RuntimeException e) {
                failure = engine.internalError("mount request " + r.id + " of " + engine.mounts.describeSidesLocked(r), e);
                break;
            }
        }
        String unrecorded = engine.ahead.giveUp(r);
        lock.lock();
        try {
            if (r.aheadEvict != null) {
                run.reserved.remove(r.aheadEvict.slot);
            }
            if (unrecorded != null) {
                engine.inventory.needsInventory(r.library, "library " + engine.libraryName(r.library) + ": the move of "
                        + unrecorded + ", planned ahead for mount request " + r.id + ", may have been made after the mount "
                        + "had failed; the catalog may be behind the changer");
            }
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
                Medium m = change.edit(engine.medium(side));
                d.mountCount++;
                side.mountCount++;
                dr.lastUsed = ++engine.mounts.sequence;
                run.eviction.mounted(m.id);
                run.mounts.incrementAndGet();
                if (bind && r.request != null) {
                    java.time.Duration waited = java.time.Duration.between(r.request.queued, engine.clock.now());
                    boolean moved = !step.reuse();
                    lock.afterUnlock(() -> engine.listeners.forEach(l -> l.mountServed(r.library, waited, moved)));
                }
                if (bind) {
                    d.state = DriveState.LOADED;
                    m.state = MediaState.LOADED;
                    dr.owner(r.session);
                    dr.writeMount = r.write;
                    dr.mountedSince = engine.clock.now();
                    holders.put(side.id, r.session);
                    r.session.held.add(side.id);
                } else if (d.side != null) {
                    // nobody waits for it any more: leave it as a deferred dismount, no robot move wasted
                    d.state = DriveState.DISMOUNTABLE;
                }
                result.add(d.id);
            }
            try {
                // every robot move of the plan is recorded already (Robot.step); binding the sides to the session is
                // no physical change, and a restart makes it moot: no store write on the robot's path
                engine.commits.applyInMemory(change, "record the mount of request " + r.id);
            } finally {
                for (MountRequest.Step step : r.plan) {
                    driveRuns.get(step.drive()).busy(false);
                    busyMedia.remove(state.get(step.side(), Side.class).medium);
                    if (step.evict() != null) {
                        busyMedia.remove(step.evict());
                    }
                }
            }
            for (int i = 0; i < done; i++) {
                Drive d = state.get(r.plan.get(i).drive(), Drive.class);
                if (d.state == DriveState.DISMOUNTABLE) {
                    engine.dismounts.scheduleDeferredReturn(d);
                }
            }
            engine.mounts.finished(r, failure, bind ? result : null);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Engine lock: the executor's own check before it binds anything: every side of the first {@code done} steps
     * is in its step's drive, by the catalog's record of the robot's moves. Null if so, else the failure.
     */
    RsmException misplaced(MountRequest r, int done) {
        lock.assertHeld();
        for (int i = 0; i < done; i++) {
            MountRequest.Step step = r.plan.get(i);
            Side side = state.get(step.side(), Side.class);
            Drive d = state.get(step.drive(), Drive.class);
            Medium in = state.occupant(d.id);
            if (in == null || !in.id.equals(side.medium) || !side.id.equals(d.side)) {
                String what = engine.label(side) + " is not in " + d.name + " (it holds " + (in == null ? "nothing" : in.label()) + ")";
                LOG.severe("mount request " + r.id + ": " + what + "; nothing is bound");
                return error(RsmError.INTERNAL_ERROR, "mount request " + r.id + " failed its final check: " + what
                        + "; no medium was handed out");
            }
        }
        return null;
    }

    /**
     * Robot thread: moves the side's cartridge from where it is into the drive and records it; fails MEDIA_OFFLINE
     * if the cartridge has left the library (an inventory found it gone since the mount was planned).
     */
    void loadSide(LibraryRun run, MountRequest.Step step) throws RsmException {
        engine.robot.step(run, () -> {
            Medium m = engine.medium(state.get(step.side(), Side.class));
            Drive d = state.get(step.drive(), Drive.class);
            if (!d.library.equals(m.library)) {   // on the shelf: in the offline library
                throw error(RsmError.MEDIA_OFFLINE, m.label() + " is no longer in " + engine.libraryName(d.library)
                        + " (an inventory found it gone); it was not mounted");
            }
            return new Robot.Move(engine.element(m.location), engine.element(step.drive()),
                    m.label() + " from " + engine.describe(m.location) + " to " + engine.describe(step.drive()));
        }, change -> recordLoad(change, step));
    }

    /** What the load of a step's side into its drive did. */
    private void recordLoad(Change change, MountRequest.Step step) {
        Side side = state.get(step.side(), Side.class);
        Medium m = change.edit(engine.medium(side));
        RsmId from = m.location;
        m.location = step.drive();
        m.locationType = ObjectType.DRIVE;
        m.mountedSide = side.id;
        m.state = MediaState.MOUNTED;
        engine.robot.markEmpty(change, from);
        Drive d = change.edit(state.get(step.drive(), Drive.class));
        d.side = side.id;
        d.state = DriveState.MOUNTED;
    }
}
