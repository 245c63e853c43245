package org.openrsm.engine;

import java.nio.channels.SeekableByteChannel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.openrsm.api.DriveId;
import org.openrsm.api.PhysicalMediaId;
import org.openrsm.api.SlotId;
import org.openrsm.changer.Changer;
import org.openrsm.engine.eviction.EvictionPolicy;
import org.openrsm.engine.requests.OperatorRequest;

/** What the engine knows of a library only while it runs: its changer, robot thread, mount queue and counters. Engine lock. */
final class LibraryRun {
    final Changer changer;
    /** the robot: one thread per library, so its moves are serialised (DESIGN.md §7) */
    final ExecutorService robot;
    /**
     * queued mounts in RSM's order (priority, then age), sorted so that a mount enters and leaves in O(log n) and a
     * walk needs no copy; change it only through {@link #queue}, {@link #unqueue} and {@link #reorder}
     */
    final NavigableSet<MountRequest> waiting = new TreeSet<>(MountRequest::order);
    /** the queued mounts that want each cartridge: those stay in their drives (look-ahead of the eviction) */
    private final Map<PhysicalMediaId, List<MountRequest>> wanted = new HashMap<>();
    /** a dispatch walk of this library is under way, and whether it should go round once more */
    boolean dispatching;
    boolean dispatchAgain;
    /** which DISMOUNTABLE cartridge leaves its drive when a mount needs the drive */
    final EvictionPolicy<PhysicalMediaId> eviction;
    final AtomicLong mounts = new AtomicLong();
    final AtomicLong robotMoves = new AtomicLong();
    final AtomicLong mountsWithoutRobotMove = new AtomicLong();
    /** time the robot spent moving since {@link #started} (successful and failed moves) */
    final AtomicLong robotBusyNanos = new AtomicLong();
    /** moves planned ahead at dispatch, and those of them dropped after a failed move (planned again when due) */
    final AtomicLong movesPlannedAhead = new AtomicLong();
    final AtomicLong movesDropped = new AtomicLong();
    /** when the last robot move ended (System.nanoTime), for measurements over whole moves */
    volatile long lastMoveEnded;
    final long started = System.nanoTime();
    /** why the catalog may be behind the changer: no robot move until an inventory succeeded; null when all is well */
    volatile String inventoryNeeded;
    /** makes the moves, one after the other (set once the library is set up) */
    Arm arm;
    /** drives with no owner and no robot work (kept by {@link DriveRun}): where dispatch looks for a free drive */
    final Set<DriveId> idle = new HashSet<>();
    /** empty slots that moves planned ahead will fill: no other plan chooses them */
    final Set<SlotId> reserved = new HashSet<>();
    /** robot tasks other than mounts, queued or running: while there are any, no mount's moves are planned ahead */
    int otherTasks;
    /** the operator request that says so */
    OperatorRequest inventoryRequest;
    /** bar codes the last inventory found in two elements, with the problem in words: not mounted until resolved */
    final Map<String, String> ambiguous = new HashMap<>();

    LibraryRun(Changer changer, ExecutorService robot, int drives) {
        this.changer = changer;
        this.robot = robot;
        this.eviction = EvictionPolicy.adaptive(Math.max(1, drives));
    }

    /** Puts a mount into the queue, at its place by priority and sequence. */
    void queue(MountRequest r) {
        waiting.add(r);
        for (PhysicalMediaId m : r.media) {
            wanted.computeIfAbsent(m, k -> new ArrayList<>(1)).add(r);
        }
    }

    /** Takes a mount out of the queue; false if it was not queued. */
    boolean unqueue(MountRequest r) {
        if (!waiting.remove(r)) {
            return false;
        }
        for (PhysicalMediaId m : r.media) {
            List<MountRequest> by = wanted.get(m);
            by.remove(r);
            if (by.isEmpty()) {
                wanted.remove(m);
            }
        }
        return true;
    }

    /**
     * SetNtmsRequestOrder: moves a queued mount to place {@code at} (0 = next). It takes the priority of the request
     * now behind it (of the one before it when it goes last), and every queued mount gets a new sequence number in
     * queue order, so the queue stays sorted; {@code sequence} numbers them. Returns the last number given.
     */
    long reorder(MountRequest r, int at, long sequence) {
        List<MountRequest> order = new ArrayList<>(waiting);
        order.remove(r);
        int place = Math.min(at, order.size());
        order.add(place, r);
        MountRequest neighbour = place + 1 < order.size() ? order.get(place + 1) : place > 0 ? order.get(place - 1) : null;
        waiting.clear();   // the keys change: the set is filled again after
        if (neighbour != null) {
            r.priority = neighbour.priority;
            if (r.request != null) {
                r.request.priority = r.priority;
            }
        }
        long n = sequence;
        for (MountRequest w : order) {
            w.sequence = ++n;
        }
        waiting.addAll(order);
        return n;
    }

    /** A queued mount's place in the queue, from 1; 0 if it is not queued. */
    int place(MountRequest r) {
        int i = 1;
        for (MountRequest w : waiting) {
            if (w == r) {
                return i;
            }
            i++;
        }
        return 0;
    }

    /** Whether a queued mount wants this cartridge. */
    boolean wanted(PhysicalMediaId cartridge) {
        return wanted.containsKey(cartridge);
    }

    /** The queued mounts that want this cartridge. */
    List<MountRequest> wanting(PhysicalMediaId cartridge) {
        return wanted.getOrDefault(cartridge, List.of());
    }
}
