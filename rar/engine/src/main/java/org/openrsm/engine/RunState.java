package org.openrsm.engine;

import java.nio.channels.SeekableByteChannel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.openrsm.changer.Changer;

/** What the engine knows only while it runs: per library and per drive. Guarded by the engine lock. */
final class RunState {
    private RunState() {
    }

    static final class LibraryRun {
        final Changer changer;
        /** the robot: one thread per library, so its moves are serialised (DESIGN.md §7) */
        final ExecutorService robot;
        final List<MountRequest> waiting = new ArrayList<>();
        final AtomicLong mounts = new AtomicLong();
        final AtomicLong robotMoves = new AtomicLong();
        final AtomicLong mountsWithoutRobotMove = new AtomicLong();
        /** why the catalog may be behind the changer: no robot move until an inventory succeeded; null when all is well */
        String inventoryNeeded;
        /** the operator request that says so */
        OperatorRequest inventoryRequest;
        /** bar codes the last inventory found in two elements, with the problem in words: not mounted until resolved */
        final java.util.Map<String, String> ambiguous = new java.util.HashMap<>();

        LibraryRun(Changer changer, ExecutorService robot) {
            this.changer = changer;
            this.robot = robot;
        }
    }

    static final class DriveRun {
        /** the session the mounted side belongs to; null when empty or DISMOUNTABLE */
        EngineSession owner;
        boolean writeMount;
        /** robot work for this drive is planned or under way: never handed out (DESIGN.md §4) */
        boolean busy;
        /** last time the drive was given a mount, for least-recently-used choice */
        long lastUsed;
        Instant mountedSince;
        /** bumped on every deferred dismount, so that a stale delay timer does nothing */
        long deferGeneration;
        EngineClock.Timer deferTimer;
        final List<SeekableByteChannel> channels = new ArrayList<>();
    }
}
