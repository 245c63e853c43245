package org.openrsm.jmx;

import java.util.Map;

/**
 * A library as a JMX console shows it: {@code org.openrsm:type=Library,name=<library>}. Counters count from
 * the engine's start. Notifications: {@code openrsm.library.request} when a library request of the library ends,
 * {@code openrsm.inventory} when an inventory, inject or eject of the library completed (the catalog changed),
 * {@code openrsm.mount} for every mount served (user data: how long it waited, in milliseconds).
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

    /** Slot number → bar code of the cartridge in it (empty when the slot is empty). */
    Map<Integer, String> getSlots();

    /**
     * IE port number → bar code of the cartridge in it to inject, {@code (full)} when it holds an ejected one (that
     * belongs to the shelf now), empty when the port is empty.
     */
    Map<Integer, String> getPorts();

    /** The share of the time since the engine started that the robot spent moving cartridges (0 to 1). */
    double getRobotBusyShare();

    // ---- operations: RSM operations as the server's administrator principal, each logged; a library request's id
    // is returned at once (awaitRequest waits for its outcome)

    /** {@code InjectNtmsMedia}: the cartridge in IE port {@code port} goes into a free slot. */
    String inject(int port);

    /** {@code InjectNtmsMedia} of every full IE port. */
    String injectAll();

    /** {@code EjectNtmsMedia}: the cartridge goes to IE port {@code port}. */
    String eject(String barCode, int port);

    /** {@code EjectNtmsMedia} to any empty IE port. */
    String ejectToAnyPort(String barCode);

    /** {@code InventoryNtmsLibrary} with FAST, OMID, DEFAULT, SLOT or NONE ("FULL" is taken for SLOT). */
    String inventory(String method);

    /** {@code AccessNtmsLibraryDoor}. */
    String accessDoor();

    /** {@code CleanNtmsDrive} of the library's drive {@code drive} (its name). */
    String cleanDrive(String drive);

    /** {@code EnableNtmsObject} of the library. */
    void enable();

    /** {@code DisableNtmsObject} of the library. */
    void disable();

    /**
     * Mounts the cartridge (its first side) in a drive the engine chooses, for reading or writing; the drive's name.
     * It stays mounted for the operator until {@link #dismount}.
     */
    String mount(String barCode, boolean write, int timeoutSeconds);

    /**
     * Dismounts the cartridge: the end of a {@link #mount} (DEFERRED or IMMEDIATE), or, for a cartridge waiting
     * DISMOUNTABLE in its drive, {@code DismountNtmsDrive}.
     */
    void dismount(String barCode, boolean immediate);

    /** Waits up to {@code seconds} for a library request: its state, and its error if it failed. */
    String awaitRequest(String request, int seconds);
}
