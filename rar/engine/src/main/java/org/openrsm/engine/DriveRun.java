package org.openrsm.engine;

import java.nio.channels.SeekableByteChannel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.openrsm.api.DriveId;
import org.openrsm.changer.Changer;
import org.openrsm.engine.core.EngineClock;

/** What the engine knows of a drive only while it runs: who holds it, robot work, the deferred-dismount timer. Engine lock. */
final class DriveRun {
    private final DriveId id;
    /** the library's drives with no owner and no robot work: the only ones dispatch looks at for a free drive */
    private final Set<DriveId> idle;
    /** the session the mounted side belongs to; null when empty or DISMOUNTABLE */
    private EngineSession owner;
    boolean writeMount;
    /** robot work for this drive is planned or under way: never handed out (DESIGN.md §4) */
    private boolean busy;

    /** last time the drive was given a mount, for least-recently-used choice */
    long lastUsed;
    Instant mountedSince;
    /** bumped on every deferred dismount, so that a stale delay timer does nothing */
    long deferGeneration;
    EngineClock.Timer deferTimer;
    /** how many more delays the tape waiting in the drive was kept because the eviction policy values it */
    int deferKept;
    final List<SeekableByteChannel> channels = new ArrayList<>();

    DriveRun(DriveId id, Set<DriveId> idle) {
        this.id = id;
        this.idle = idle;
        idle.add(id);
    }

    EngineSession owner() {
        return owner;
    }

    boolean busy() {
        return busy;
    }

    void owner(EngineSession session) {
        owner = session;
        track();
    }

    void busy(boolean robotWork) {
        busy = robotWork;
        track();
    }

    private void track() {
        if (owner == null && !busy) {
            idle.add(id);
        } else {
            idle.remove(id);
        }
    }
}
