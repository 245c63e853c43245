package org.openrsm.engine;

import java.nio.channels.SeekableByteChannel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.openrsm.changer.Changer;
import org.openrsm.engine.core.EngineClock;

/** What the engine knows of a drive only while it runs: who holds it, robot work, the deferred-dismount timer. Engine lock. */
final class DriveRun {
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
