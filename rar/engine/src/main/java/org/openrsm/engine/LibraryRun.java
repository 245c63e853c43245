package org.openrsm.engine;

import java.nio.channels.SeekableByteChannel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.openrsm.changer.Changer;
import org.openrsm.engine.requests.OperatorRequest;

/** What the engine knows of a library only while it runs: its changer, robot thread, mount queue and counters. Engine lock. */
final class LibraryRun {
    final Changer changer;
    /** the robot: one thread per library, so its moves are serialised (DESIGN.md §7) */
    final ExecutorService robot;
    final List<MountRequest> waiting = new ArrayList<>();
    final AtomicLong mounts = new AtomicLong();
    final AtomicLong robotMoves = new AtomicLong();
    final AtomicLong mountsWithoutRobotMove = new AtomicLong();
    /** time the robot spent moving since {@link #started} (successful and failed moves) */
    final AtomicLong robotBusyNanos = new AtomicLong();
    final long started = System.nanoTime();
    /** why the catalog may be behind the changer: no robot move until an inventory succeeded; null when all is well */
    String inventoryNeeded;
    /** the operator request that says so */
    OperatorRequest inventoryRequest;
    /** bar codes the last inventory found in two elements, with the problem in words: not mounted until resolved */
    final Map<String, String> ambiguous = new HashMap<>();

    LibraryRun(Changer changer, ExecutorService robot) {
        this.changer = changer;
        this.robot = robot;
    }
}
