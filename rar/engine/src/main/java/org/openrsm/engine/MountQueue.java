package org.openrsm.engine;

import static org.openrsm.engine.catalog.Errors.error;
import static org.openrsm.engine.catalog.Errors.invalidParameter;
import static org.openrsm.engine.catalog.Errors.invalidState;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;
import org.openrsm.api.AccessRight;
import org.openrsm.api.DriveId;
import org.openrsm.api.LibraryId;
import org.openrsm.api.LibraryRequestId;
import org.openrsm.api.LibraryRequestOperation;
import org.openrsm.api.LibraryRequestState;
import org.openrsm.api.LibraryType;
import org.openrsm.api.MediaId;
import org.openrsm.api.MediaState;
import org.openrsm.api.ObjectType;
import org.openrsm.api.OperatorRequestType;
import org.openrsm.api.PhysicalMediaId;
import org.openrsm.api.RsmError;
import org.openrsm.api.RsmException;
import org.openrsm.api.SideState;
import org.openrsm.engine.catalog.Change;
import org.openrsm.engine.catalog.Model.Drive;
import org.openrsm.engine.catalog.Model.Library;
import org.openrsm.engine.catalog.Model.MediaType;
import org.openrsm.engine.catalog.Model.Medium;
import org.openrsm.engine.catalog.Model.Side;
import org.openrsm.engine.requests.OperatorRequest;
import java.util.concurrent.ExecutionException;
import org.openrsm.engine.core.EngineClock;
import org.openrsm.engine.requests.LibraryRequest;

/**
 * The mount queues (RSM.md §5.3): checks and queues mounts, hands free drives to waiting mounts in priority and
 * arrival order, and owns every transition of a mount request: queued, in process, passed, failed, cancelled.
 */
final class MountQueue extends EnginePart {
    private static final Logger LOG = Logger.getLogger(MountQueue.class.getName());

    MountQueue(Engine engine) {
        super(engine);
    }

    long sequence;

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
            engine.checkOpen();
            // §5.1: ids, duplicates, drives, one library, write protection, enabled, offline
            List<Side> sides = engine.resolveAll(media, "mount");
            Set<PhysicalMediaId> cartridges = new HashSet<>();
            for (Side side : sides) {
                if (!cartridges.add(side.medium)) {
                    throw error(RsmError.INVALID_MEDIA, "two sides of " + engine.medium(side).label() + " are given in one mount; "
                            + "a cartridge is in one drive at a time");
                }
            }
            Library library = null;
            for (Side side : sides) {
                Medium m = engine.medium(side);
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
                library = libraryFor(engine.medium(sides.get(0)));
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
                    Drive d = engine.drive(id);
                    if (!uniqueDrives.add(d.id)) {
                        throw invalidParameter("SPECIFIC_DRIVE names " + d.name + " twice");
                    }
                    Medium m = engine.medium(sides.get(i));
                    if (!d.library.equals(m.library)) {
                        throw error(RsmError.DRIVE_MEDIA_MISMATCH, d.name + " is in library " + engine.libraryName(d.library)
                                + ", " + m.label() + " in " + engine.libraryName(m.library));
                    }
                    if (!d.enabled) {
                        throw error(RsmError.RESOURCE_DISABLED, d.name + " of " + engine.libraryName(d.library) + " is disabled");
                    }
                    drives.add(d.id);
                }
            }
            for (Side side : sides) {
                Medium m = engine.medium(side);
                if (write && side.state == SideState.COMPLETE) {
                    throw error(RsmError.WRITE_PROTECT, "side " + engine.label(side) + " is complete: it can be mounted for reading only");
                }
                engine.transactions.checkUnclaimed(session, side.id);
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
                security.require(session, m.pool, AccessRight.USE, "mount");
                security.require(session, library.id, AccessRight.USE, "mount");
                if (holders.get(side.id) == session) {
                    throw invalidState("side " + engine.label(side) + " is already mounted by this session in "
                            + engine.describe(m.location) + "; dismount it first");
                }
            }
            MountRequest r = new MountRequest(session, library.id, sides.stream().map(s -> s.id).toList(),
                    sides.stream().map(s -> s.medium).toList(), drives, write, priority, ++sequence);
            r.request = requests.create(r.id, LibraryRequestOperation.MOUNT, library.id, session, priority);
            r.request.side = sides.get(0).id;
            r.request.medium = sides.get(0).medium;
            for (Side side : sides) {
                Medium m = engine.medium(side);
                if (m.locationType == ObjectType.LIBRARY) {
                    // RSM.md §5.2: ask the operator to insert it; the mount waits until it is online
                    OperatorRequest op = requests.submit(OperatorRequestType.MOVEMEDIA,
                            "insert " + m.label() + " into library " + library.name + " for a mount by " + session.application(),
                            m.id, library.id, session);
                    r.operatorRequests.add(op);
                    Change change = new Change(state);
                    change.edit(m).state = MediaState.OPREQ;
                    engine.commits.commit(change, "mark " + m.label() + " as waiting for the operator");
                }
            }
            LibraryRun run = libraries.get(library.id);
            run.queue(r);
            session.pending.add(r);
            dispatch(library.id);
            return r;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Hands free drives to waiting mounts, highest priority first and first come, first served within one
     * priority (RSM.md §5.3); within one priority the mounts whose sides all wait in DISMOUNTABLE drives come first
     * (no robot move: served at once instead of queueing on the robot behind loads). Once a request waits for a
     * drive, later ones get no new drive before it, so none starves; a later request whose sides already wait in
     * their drives is still served. The walk ends as soon as no drive is free, or only such requests could still be
     * served: with thousands queued it visits the few it serves, not the queue.
     */
    void dispatch(LibraryId libraryId) {
        lock.assertHeld();
        LibraryRun run = libraries.get(libraryId);
        if (run.dispatching) {
            // a mount served at once by this walk ended and asks again: the walk goes round once more instead
            run.dispatchAgain = true;
            return;
        }
        run.dispatching = true;
        try {
            do {
                run.dispatchAgain = false;
                walk(run, libraryId);
            } while (run.dispatchAgain);
        } finally {
            run.dispatching = false;
        }
    }

    private void walk(LibraryRun run, LibraryId libraryId) {
        if (run.waiting.isEmpty()) {
            return;
        }
        List<Drive> free = engine.planner.freeDrives(libraryId);
        if (free.isEmpty()) {
            return;   // nothing to hand out: a waiting mount can only be served by a free or DISMOUNTABLE drive
        }
        List<MountRequest> hits = engine.planner.hits(libraryId, free);
        Set<MountRequest> isHit = new HashSet<>(hits);
        MountRequest next = run.waiting.first();
        int nextHit = 0;
        boolean drivesTaken = false;
        while (true) {
            while (next != null && isHit.contains(next)) {
                next = run.waiting.higher(next);
            }
            MountRequest r;
            if (nextHit < hits.size() && (drivesTaken || next == null || hits.get(nextHit).priority >= next.priority)) {
                r = hits.get(nextHit++);
            } else if (!drivesTaken && next != null) {
                r = next;
                next = run.waiting.higher(next);   // found from r's place even once r has left the queue
            } else {
                return;
            }
            if (r.state != LibraryRequestState.QUEUED) {
                continue;   // left the queue while this walk went on (cancelled by a listener, say)
            }
            List<MountRequest.Step> plan = engine.planner.plan(r, drivesTaken, free);
            if (plan == null) {
                drivesTaken |= r.waitsForDrive();
                continue;
            }
            serve(run, r, plan);
            free.removeIf(d -> plan.stream().anyMatch(step -> step.drive().equals(d.id)));
            if (free.isEmpty()) {
                return;
            }
        }
    }

    /**
     * Engine lock: the request leaves the queue with its plan (checked once more first) and goes to the robot, or,
     * when its sides all wait in their drives, is bound at once on this thread.
     */
    private void serve(LibraryRun run, MountRequest r, List<MountRequest.Step> plan) {
        run.unqueue(r);
        String broken = engine.planner.flawIn(plan);
        if (broken != null) {
            // a planner defect must never reach the robot: one drive twice would write onto the wrong tape
            LOG.severe("mount request " + r.id + " of " + describeSides(r) + " refused, its plan is wrong: " + broken);
            fail(r, error(RsmError.INTERNAL_ERROR, "mount request " + r.id + " of " + describeSides(r)
                    + " was refused: its plan failed the engine's own check (" + broken + "); nothing was moved"));
            return;
        }
        r.state = LibraryRequestState.INPROCESS;
        requests.start(r.request);
        r.request.drive = plan.get(0).drive();
        // the media came online: the operator did what was asked
        r.operatorRequests.forEach(requests::fulfilled);
        r.plan.addAll(plan);
        for (MountRequest.Step s : plan) {
            driveRuns.get(s.drive()).busy(true);
            busyMedia.add(state.get(s.side(), Side.class).medium);
            if (s.evict() != null) {
                busyMedia.add(s.evict());
            }
        }
        if (plan.stream().allMatch(MountRequest.Step::reuse)) {
            // every side waits in its drive: no robot move, so nothing to queue behind the robot's work
            engine.executor.executeMount(r);
        } else {
            engine.ahead.plan(run, r);
            engine.robot.onRobot(run, () -> engine.executor.executeMount(r), true);
        }
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
        lock.assertHeld();
        LibraryRun run = libraries.get(r.library);
        if (!run.waiting.contains(r)) {
            throw invalidState("library request " + r.id + " is " + r.state + ", no longer queued; only queued mounts can be reordered");
        }
        sequence = run.reorder(r, order - 1, sequence);
        dispatch(r.library);
    }

    /** Ends a mount request that never reached the robot. */
    void fail(MountRequest r, RsmException e) {
        lock.assertHeld();
        r.state = e.error() == RsmError.CANCELLED ? LibraryRequestState.CANCELLED
                : LibraryRequestState.FAILED;
        r.session.pending.remove(r);
        r.result.completeExceptionally(e);
        requests.finish(r.request, e);
        settleShelfWait(r);
    }

    /**
     * The robot has done what it could for an in-process request: PASSED with its drives, FAILED with the failure,
     * or CANCELLED when nobody waits for it any more ({@code drives} null: the caller gave up or its session closed).
     */
    void finished(MountRequest r, RsmException failure, List<DriveId> drives) {
        lock.assertHeld();
        r.session.pending.remove(r);
        RsmException outcome = failure != null ? failure
                : drives == null ? error(RsmError.CANCELLED, "mount request " + r.id + " was cancelled") : null;
        r.state = failure != null ? LibraryRequestState.FAILED
                : drives == null ? LibraryRequestState.CANCELLED : LibraryRequestState.PASSED;
        if (outcome != null) {
            r.result.completeExceptionally(outcome);
        } else {
            r.result.complete(drives);
        }
        requests.finish(r.request, outcome);
        lock.signalChange();
        dispatch(r.library);
    }

    /** Withdraws the MOVEMEDIA requests of a mount that no longer waits, and puts shelf media back to IDLE. */
    void settleShelfWait(MountRequest r) {
        lock.assertHeld();
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
        engine.commits.commitPhysical(change, "end the operator wait of request " + r.id);
    }

    String describeSides(MountRequest r) {
        return String.join(", ", r.sides.stream().map(s -> engine.label(state.get(s, Side.class))).toList());
    }

    /** Marks a request that waits because every suitable drive is in use. */

    /** Why the request waits, in words (under the lock). */
    String waitingFor(MountRequest r) {
        lock.assertHeld();
        // the dispatch walk stops early, so the reason of its last visit may be old: ask the planner now
        String why = engine.planner.plan(r, false, engine.planner.freeDrives(r.library)) != null
                ? "a drive (an earlier request waits for one first)"
                : r.waitingFor();
        return why != null ? why : "a drive: " + engine.planner.drivesInUse(r.library);
    }

    String describeSidesLocked(MountRequest r) {
        lock.lock();
        try {
            return describeSides(r);
        } finally {
            lock.unlock();
        }
    }

    /** The queued mount with this library request id, or null. */
    MountRequest mountRequest(LibraryRequestId id) {
        lock.assertHeld();
        for (LibraryRun run : libraries.values()) {
            for (MountRequest m : run.waiting) {
                if (m.id.equals(id)) {
                    return m;
                }
            }
        }
        return null;
    }

    /** Gives up a queued mount: TIMEOUT, CANCELLED; a request the robot already works on is released as deferred. */
    void abandon(MountRequest r) {
        lock.run(() -> {
            if (!r.result.isDone()) {
                cancel(r);
            }
        });
    }

    /**
     * The caller's timeout ran out (a timer of the engine's clock): the caller gets TIMEOUT saying what the mount
     * waited for, and the request is cancelled as {@link #abandon} cancels it.
     */
    void timeOut(MountRequest r, Duration timeout, Duration transactionTimeout) {
        lock.assertHeld();
        if (r.result.isDone()) {
            return;
        }
        String message = "the mount of " + describeSides(r) + " was not served within " + timeout
                + (transactionTimeout == null ? "" : ", what was left of its transaction's timeout of " + transactionTimeout
                + ",") + " and is cancelled; it was waiting for " + waitingFor(r);
        if (transactionTimeout != null) {
            // the transaction ends now: the application sees a rollback, the operator should see why
            LOG.warning(message);
        }
        r.result.completeExceptionally(error(RsmError.TIMEOUT, message));
        cancel(r);
    }

    /** A queued mount ends CANCELLED; one the robot works on already is released as deferred when the robot is done. */
    private void cancel(MountRequest r) {
        LibraryRun run = libraries.get(r.library);
        if (run.unqueue(r)) {
            fail(r, error(RsmError.CANCELLED, "mount request " + r.id + " was cancelled"));
            dispatch(r.library);
        } else {
            r.abandoned = true;
        }
    }

    // ------------------------------------------------------------------ callers

    /**
     * A mount that waits while no drive of its library can be used at all (every one disabled, needing service or
     * not present) would wait unseen: the operator is asked (DEVICESERVICE for the library, logged once).
     */
    void reportIfNoUsableDrive(MountRequest r) {
        lock.lock();
        try {
            reportIfNoUsableDriveLocked(r);
        } finally {
            lock.unlock();
        }
    }

    private void reportIfNoUsableDriveLocked(MountRequest r) {
        if (r.state == LibraryRequestState.QUEUED && !engine.planner.anyDriveUsable(r.library)) {
            requests.raise(OperatorRequestType.DEVICESERVICE, "mounts wait in library " + engine.libraryName(r.library)
                    + ": no drive can be used (" + engine.planner.drivesInUse(r.library) + "); enable or repair a drive",
                    r.library, java.util.logging.Level.WARNING);
        }
    }

    /**
     * ERROR_IF_UNAVAILABLE: a mount that cannot start at once leaves the queue, with DEVICE_NOT_AVAILABLE when no
     * drive of the library can be used at all, else BUSY.
     */
    void refuseIfWaiting(MountRequest r) throws RsmException {
        lock.lock();
        try {
            if (r.state == LibraryRequestState.QUEUED && !engine.planner.anyDriveUsable(r.library)) {
                String drives = engine.planner.drivesInUse(r.library);
                abandon(r);
                throw error(RsmError.DEVICE_NOT_AVAILABLE, "the mount cannot be served: no drive of library "
                        + engine.libraryName(r.library) + " can be used (" + drives + ")");
            }
            if (r.state == LibraryRequestState.QUEUED) {
                String why = waitingFor(r);
                abandon(r);
                throw error(RsmError.BUSY, "the mount cannot be served now: it would wait for " + why);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits for the mount's drives. The timeout is a timer of the engine's clock, so that the queue ends the request
     * whatever the caller does; an interrupted caller cancels the mount.
     */
    List<DriveId> await(MountRequest r, Duration timeout) throws RsmException {
        return await(r, timeout, null);
    }

    /**
     * {@link #await(MountRequest, Duration)}; {@code transactionTimeout} when {@code timeout} is what is left of the
     * caller's transaction (the mount must not outlive it).
     */
    List<DriveId> await(MountRequest r, Duration timeout, Duration transactionTimeout) throws RsmException {
        EngineClock.Timer timer = timeout == null ? null
                : engine.clock.schedule(() -> lock.run(() -> timeOut(r, timeout, transactionTimeout)), timeout);
        try {
            return r.result.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RsmException cause) {
                throw new RsmException(cause.error(), cause.detail(), cause);
            }
            throw new RsmException(RsmError.DEVICE_NOT_AVAILABLE, "the mount failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abandon(r);
            throw error(RsmError.CANCELLED, "the mount of " + describeSidesLocked(r) + " was interrupted and is cancelled");
        } finally {
            if (timer != null) {
                timer.cancel();
            }
        }
    }

    /** {@code GetNtmsRequestOrder}: a queued mount's place in its library's queue, 1 for other queued requests. */
    int order(EngineSession session, LibraryRequestId request) throws RsmException {
        LibraryRequest r = requests.get(request);
        security.requireAdministrator(session, "reading the request order");
        MountRequest mount = mountRequest(request);
        if (mount != null) {
            return libraries.get(mount.library).place(mount);
        }
        return r.state == LibraryRequestState.QUEUED ? 1 : 0;
    }

    /** {@code SetNtmsRequestOrder}: only queued mounts can be reordered. */
    void setOrder(EngineSession session, LibraryRequestId request, int order) throws RsmException {
        if (order < 1) {
            throw invalidParameter("request order " + order + " must be 1 (next) or more");
        }
        lock.call(() -> {
            LibraryRequest r = requests.get(request);
            security.requireAdministrator(session, "changing the request order");
            MountRequest mount = mountRequest(request);
            if (mount == null) {
                throw invalidState("library request " + request + " (" + r.operation + ") is " + r.state
                        + "; only queued mounts can be reordered");
            }
            reorder(mount, order);
            return null;
        });
    }
}
