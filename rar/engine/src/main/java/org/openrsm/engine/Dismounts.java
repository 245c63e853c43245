package org.openrsm.engine;

import static org.openrsm.engine.catalog.Errors.error;
import static org.openrsm.engine.catalog.Errors.invalidParameter;
import static org.openrsm.engine.catalog.Errors.invalidState;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.openrsm.api.AccessRight;
import org.openrsm.api.DriveId;
import org.openrsm.api.DriveState;
import org.openrsm.api.MediaId;
import org.openrsm.api.MediaState;
import org.openrsm.api.OperationalState;
import org.openrsm.api.RsmError;
import org.openrsm.api.RsmException;
import org.openrsm.api.SideId;
import org.openrsm.engine.catalog.Change;
import org.openrsm.engine.catalog.Model.Drive;
import org.openrsm.engine.catalog.Model.Medium;
import org.openrsm.engine.catalog.Model.Side;

/**
 * Dismounts (RSM.md §5.9): immediate ones send the medium home, deferred ones leave it DISMOUNTABLE in its drive
 * until the drive's delay runs out; releasing sides of sessions; drive settings that affect dismounts.
 */
final class Dismounts extends EnginePart {
    private static final Logger LOG = Logger.getLogger(Dismounts.class.getName());

    Dismounts(Engine engine) {
        super(engine);
    }

    // ------------------------------------------------------------------ dismount

    void dismount(EngineSession session, List<? extends MediaId> media, boolean deferred) throws RsmException {
        if (media == null || media.isEmpty()) {
            throw invalidParameter("dismount needs at least one medium");
        }
        lock.lock();
        try {
            engine.checkOpen();
            List<Side> sides = engine.resolveAll(media, "dismount");
            PlannedChange planned = planDismount(session, sides, deferred);
            if (deferred) {
                // the cartridges stay where they are: nothing for the store (CatalogCommits.applyInMemory)
                engine.commits.applyInMemory(planned.change(), planned.what());
            } else {
                engine.commits.commit(planned);
            }
            for (Side side : sides) {
                release(session, side.id);
            }
            for (Side side : sides) {
                Drive committed = engine.driveHolding(side);
                if (deferred) {
                    scheduleDeferredReturn(committed);
                } else {
                    sendHome(committed);
                }
                engine.mounts.dispatch(committed.library);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Checks and plans a dismount of sides the session holds: their drives and cartridges change state. */
    PlannedChange planDismount(EngineSession session, List<Side> sides, boolean deferred) throws RsmException {
        lock.assertHeld();
        for (Side side : sides) {
            EngineSession holder = holders.get(side.id);
            if (holder == null) {
                Medium m = engine.medium(side);
                throw invalidState("side " + engine.label(side) + " is not mounted by a session" + (m.locationType
                        == org.openrsm.api.ObjectType.DRIVE ? ": it waits in " + engine.describe(m.location) + " for its "
                        + "deferred dismount (DismountNtmsDrive sends it home now)" : " (it is in "
                        + engine.describe(m.location) + ")"));
            }
            security.require(session, engine.medium(side).pool, AccessRight.USE, "dismount");
            security.require(session, engine.medium(side).library, AccessRight.USE, "dismount");
            if (holder != session) {
                throw error(RsmError.MEDIA_NOT_AVAILABLE, "side " + engine.label(side) + " is mounted by another session ("
                        + holder.application() + "); only that session can dismount it");
            }
        }
        Change change = new Change(state);
        for (Side side : sides) {
            Drive d = change.edit(engine.driveHolding(side));
            Medium m = change.edit(engine.medium(side));
            d.state = deferred ? DriveState.DISMOUNTABLE : DriveState.UNLOADED;
            m.state = deferred ? MediaState.LOADED : MediaState.UNLOADED;
        }
        return new PlannedChange(change, (deferred ? "deferred" : "immediate") + " dismount");
    }

    /** Unbinds a side from its session and closes the session's channels on that drive. */
    void release(EngineSession session, SideId side) {
        lock.assertHeld();
        holders.remove(side);
        session.held.remove(side);
        Drive d = engine.driveHolding(state.get(side, Side.class));
        if (d != null) {
            DriveRun run = driveRuns.get(d.id);
            run.owner(null);   // mountedSince stays: the cartridge waits in the drive since that mount
            for (var channel : List.copyOf(run.channels)) {
                try {
                    channel.close();
                } catch (IOException e) {
                    LOG.log(Level.FINE, "closing a channel of " + d.name, e);
                }
            }
            run.channels.clear();
        }
        lock.signalChange();
    }

    /** Deferred dismount (RSM.md §5.9): the medium goes home when the drive's delay runs out, unless mounted again. */
    void scheduleDeferredReturn(Drive d) {
        lock.assertHeld();
        DriveRun run = driveRuns.get(d.id);
        long generation = ++run.deferGeneration;
        run.deferKept = 0;
        if (run.deferTimer != null) {
            run.deferTimer.cancel();
        }
        if (d.operationalState == OperationalState.NEEDS_SERVICE) {
            return;   // the medium waits in the drive until the service; satisfying DEVICESERVICE schedules it again
        }
        if (d.deferDismountDelay.isZero()) {
            endDeferral(d.id, run, generation);   // no delay: the medium goes home now, its robot work queued before we return
        } else {
            run.deferTimer = engine.clock.schedule(() -> delayEnded(d.id, run, generation), d.deferDismountDelay);
        }
    }

    /** The timer of a deferred dismount ran out: the medium goes home, unless it is kept another delay. */
    private void delayEnded(DriveId id, DriveRun run, long generation) {
        lock.lock();
        try {
            Drive now = state.get(id, Drive.class);
            if (waitsSince(now, run, generation) && keeps(now, run)) {
                run.deferKept++;
                LOG.fine(() -> state.occupant(id).label() + " stays in " + now.name + " another "
                        + now.deferDismountDelay.toSeconds() + " s: the library's eviction policy values it (" + run.deferKept
                        + " of " + engine.keepValuedTapes + ")");
                run.deferTimer = engine.clock.schedule(() -> delayEnded(id, run, generation), now.deferDismountDelay);
                return;
            }
            endDeferral(id, run, generation);
        } finally {
            lock.unlock();
        }
    }

    /**
     * A medium whose delay ran out stays in its drive another delay, at most {@code keepValuedTapes} times, while the
     * library's eviction policy values it (it would hold it in a drive, were it free to choose). Queued mounts are not
     * held up by it: any of them may take the drive as from any DISMOUNTABLE drive.
     */
    private boolean keeps(Drive d, DriveRun run) {
        Medium m = state.occupant(d.id);
        return run.deferKept < engine.keepValuedTapes && m != null && libraries.get(d.library).eviction.values(m.id);
    }

    /** The medium still waits in the drive, DISMOUNTABLE, since the deferred dismount of {@code generation}. */
    private boolean waitsSince(Drive d, DriveRun run, long generation) {
        return !engine.isClosed() && run.deferGeneration == generation && d.state == DriveState.DISMOUNTABLE && !run.busy()
                && run.owner() == null;
    }

    /** Sends the medium of a deferred dismount home, if it still waits in its drive (engine lock). */
    private void endDeferral(DriveId id, DriveRun run, long generation) {
        lock.lock();
        try {
            Drive now = state.get(id, Drive.class);
            if (waitsSince(now, run, generation)) {
                Change change = new Change(state);
                change.edit(now).state = DriveState.UNLOADED;
                engine.commits.commit(change, "end the deferred dismount of " + now.name);
                sendHome(state.get(id, Drive.class));
            }
        } catch (RsmException e) {
            LOG.log(Level.WARNING, "could not end the deferred dismount of " + state.get(id, Drive.class).name, e);
        } finally {
            lock.unlock();
        }
    }

    /** Queues the robot work that takes the medium in an UNLOADED drive home. Under the lock. */
    void sendHome(Drive d) {
        lock.assertHeld();
        DriveRun run = driveRuns.get(d.id);
        run.busy(true);
        run.deferGeneration++;
        Medium m = state.occupant(d.id);
        if (m != null) {
            busyMedia.add(m.id);
        }
        LibraryRun library = libraries.get(d.library);
        engine.robot.onRobot(library, () -> {
            try {
                engine.robot.returnHome(library, d.id);
            } catch (RsmException e) {
                LOG.log(Level.WARNING, e.getMessage(), e);
            } finally {
                lock.lock();
                try {
                    run.busy(false);
                    if (m != null) {
                        busyMedia.remove(m.id);
                    }
                    Drive now = state.get(d.id, Drive.class);
                    if (now.state == DriveState.UNLOADED) {
                        // the move failed: the medium is still in the drive, mountable again without a move
                        Change change = new Change(state);
                        change.edit(now).state = DriveState.DISMOUNTABLE;
                        engine.commits.commitPhysical(change, "keep " + now.name + " loaded after a failed move");
                    }
                    lock.signalChange();
                    engine.mounts.dispatch(d.library);
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
            engine.checkOpen();
            Drive d = engine.drive(id);
            DriveRun run = driveRuns.get(d.id);
            if (d.side == null || d.state == DriveState.DISMOUNTED) {
                throw invalidState(d.name + " of " + engine.libraryName(d.library) + " holds no medium");
            }
            if (run.busy() || d.state == DriveState.UNLOADED) {
                throw invalidState(d.name + " of " + engine.libraryName(d.library) + " is already being unloaded");
            }
            if (run.owner() != null) {
                EngineSession owner = run.owner();
                release(owner, d.side);
            }
            Change change = new Change(state);
            change.edit(d).state = DriveState.UNLOADED;
            engine.commits.commit(change, "dismount " + d.name);
            sendHome(state.get(d.id, Drive.class));
        } finally {
            lock.unlock();
        }
    }

    /** The drive's {@code dwDeferDismountDelay}; a DISMOUNTABLE drive's timer restarts with it. */
    /** RSM keeps the delay in a DWORD of seconds (RSM.md §1.4): 0 … 4,294,967,295 s. */
    static final Duration MAX_DEFER_DISMOUNT_DELAY = Duration.ofSeconds(0xFFFF_FFFFL);

    void setDeferDismountDelay(DriveId id, Duration delay) throws RsmException {
        if (delay == null || delay.isNegative() || delay.compareTo(MAX_DEFER_DISMOUNT_DELAY) > 0) {
            throw invalidParameter("defer-dismount delay " + (delay == null ? null : delay.toSeconds() + " s")
                    + " must be 0 to " + MAX_DEFER_DISMOUNT_DELAY.toSeconds() + " s (RSM's dwDeferDismountDelay, a DWORD "
                    + "of seconds)");
        }
        lock.lock();
        try {
            engine.checkOpen();
            Drive d = engine.drive(id);
            Change change = new Change(state);
            change.edit(d).deferDismountDelay = delay;
            engine.commits.commit(change, "set the defer-dismount delay of " + d.name);
            Drive now = state.get(d.id, Drive.class);
            if (now.state == DriveState.DISMOUNTABLE && driveRuns.get(d.id).owner() == null && !driveRuns.get(d.id).busy()) {
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
            engine.checkOpen();
            Drive d = engine.drive(id);
            if (d.enabled == enabled) {
                throw invalidState(d.name + " of " + engine.libraryName(d.library) + " is already " + (enabled ? "enabled" : "disabled"));
            }
            Change change = new Change(state);
            change.edit(d).enabled = enabled;
            engine.commits.commit(change, (enabled ? "enable " : "disable ") + d.name);
            engine.mounts.dispatch(d.library);
        } finally {
            lock.unlock();
        }
    }

    /** Waits until no session holds the side and no robot work for its cartridge is pending. */
    void awaitIdle(MediaId id, Duration timeout) throws RsmException {
        long deadline = engine.clock.nanoTime() + (timeout == null ? Long.MAX_VALUE / 2 : timeout.toNanos());
        lock.lock();
        try {
            Side side = engine.resolve(id);
            while (holders.containsKey(side.id) || busyMedia.contains(side.medium)) {
                long left = deadline - engine.clock.nanoTime();
                if (left <= 0) {
                    throw error(RsmError.TIMEOUT, "side " + engine.label(side) + " did not become idle within " + timeout);
                }
                try {
                    lock.awaitChange(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw error(RsmError.CANCELLED, "waiting for side " + engine.label(side) + " was interrupted");
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Engine lock: the session lets go of the side as a deferred dismount (the medium waits DISMOUNTABLE in its
     * drive), with no rights checked: what closing a session and rolling back a mount do.
     */
    void releaseAsDeferred(EngineSession session, SideId id, String why) {
        lock.assertHeld();
        if (holders.get(id) != session) {
            return;
        }
        Side side = state.get(id, Side.class);
        Drive d = engine.driveHolding(side);
        release(session, id);
        if (d != null && d.state == DriveState.LOADED) {
            Change change = new Change(state);
            change.edit(d).state = DriveState.DISMOUNTABLE;
            engine.commits.applyInMemory(change, "release " + engine.label(side) + " of " + why + " as a deferred dismount");
            scheduleDeferredReturn(state.get(d.id, Drive.class));
        }
        if (d != null) {
            engine.mounts.dispatch(d.library);
        }
    }

    /** Whether a session holds the side and keeps it: {@code released} are sides an earlier operation dismounts. */
    boolean isHeld(SideId side, Set<SideId> released) {
        return holders.containsKey(side) && !released.contains(side);
    }
}
