package org.openrsm.jmx;

import java.util.Map;

/**
 * A library as a JMX console shows it: {@code org.openrsm:type=Library,name=<library>}. Counters count from
 * the engine's start.
 */
public interface LibraryMXBean {
    String getName();

    /** The operational state: READY, NEEDS_SERVICE, NOT_PRESENT … */
    String getState();

    boolean isEnabled();

    int getDriveCount();

    int getSlotCount();

    int getFullSlots();

    /** Mounts waiting for a drive or a medium. */
    int getQueuedRequests();

    int getOpenOperatorRequests();

    /** Mounts served since the engine started. */
    long getMounts();

    /** Robot moves since the engine started. */
    long getRobotMoves();

    /** Mounts served from a DISMOUNTABLE drive, with no robot move. */
    long getMountsWithoutRobotMove();

    /**
     * Why the catalog may be behind the changer and the robot waits for an inventory (a robot move the store
     * could not record, an element status that cannot be right), or the empty string when all is well.
     */
    String getInventoryNeeded();

    /** How many drives are in each {@code DriveState}. */
    Map<String, Integer> getDrivesByState();
}
