package org.openrsm.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.openrsm.api.DriveId;
import org.openrsm.api.LibraryId;
import org.openrsm.api.LibraryRequestId;
import org.openrsm.api.LibraryRequestState;
import org.openrsm.api.PhysicalMediaId;
import org.openrsm.api.SideId;
import org.openrsm.engine.requests.LibraryRequest;
import org.openrsm.engine.requests.OperatorRequest;

/** A queued mount ({@code NTMS_LM_MOUNT} work item) of one or more sides, all or none. Guarded by the engine lock. */
final class MountRequest {
    final LibraryRequestId id = LibraryRequestId.random();
    /** the NTMS_LM_MOUNT work item the request is listed as */
    LibraryRequest request;
    /** MOVEMEDIA requests raised for media on the shelf; the mount waits until they are online */
    final List<OperatorRequest> operatorRequests = new ArrayList<>();
    final EngineSession session;
    final LibraryId library;
    final List<SideId> sides;
    /** the cartridges of the sides, in the same order */
    final List<PhysicalMediaId> media;
    /** SPECIFIC_DRIVE: the drive of each side, or null */
    final List<DriveId> specificDrives;
    final boolean write;
    /** priority and sequence change only through SetNtmsRequestOrder ({@link Engine#reorder}) */
    int priority;
    long sequence;
    final CompletableFuture<List<DriveId>> result = new CompletableFuture<>();

    LibraryRequestState state = LibraryRequestState.QUEUED;
    /** the caller gave up (timeout, cancel) while the robot was already working: release as deferred */
    boolean abandoned;
    /** why the request still waits, for the TIMEOUT and BUSY messages; null: every suitable drive is in use */
    private String waitingFor;
    /** whether it waits for a drive (then later requests get no new drive before it) */
    private boolean waitsForDrive = true;
    final List<Step> plan = new ArrayList<>();
    /** the moves of a one-side mount planned when it was dispatched (evict, load), null if none; see {@link Arm} */
    MovesAhead.Ahead aheadEvict;
    MovesAhead.Ahead aheadLoad;
    /** set once the moves planned ahead are not to be made any more */
    final AtomicBoolean aheadGivenUp = new AtomicBoolean();

    MountRequest(EngineSession session, LibraryId library, List<SideId> sides, List<PhysicalMediaId> media,
                 List<DriveId> specificDrives, boolean write, int priority, long sequence) {
        this.session = session;
        this.library = library;
        this.sides = List.copyOf(sides);
        this.media = List.copyOf(media);
        this.specificDrives = specificDrives == null ? null : List.copyOf(specificDrives);
        this.write = write;
        this.priority = priority;
        this.sequence = sequence;
    }

    /** It waits for something other than a drive: a medium, the operator, an inventory. */
    void waitFor(String why) {
        waitingFor = why;
        waitsForDrive = false;
    }

    /** It waits for a particular drive, {@code why} says which. */
    void waitForDrive(String why) {
        waitingFor = why;
        waitsForDrive = true;
    }

    /** It waits because every suitable drive is in use (said in words only when someone asks). */
    void waitForAnyDrive() {
        waitingFor = null;
        waitsForDrive = true;
    }

    String waitingFor() {
        return waitingFor;
    }

    boolean waitsForDrive() {
        return waitsForDrive;
    }

    /** Higher priority first, then first come, first served (RSM.md §5.3). */
    static int order(MountRequest a, MountRequest b) {
        int p = Integer.compare(b.priority, a.priority);
        return p != 0 ? p : Long.compare(a.sequence, b.sequence);
    }

    /**
     * What the robot does for one side: {@code evict} is the cartridge to take home from the drive first
     * (null if none); {@code reuse} means the side already waits in the DISMOUNTABLE drive: no robot move.
     */
    record Step(SideId side, DriveId drive, boolean reuse, PhysicalMediaId evict) {
    }
}
