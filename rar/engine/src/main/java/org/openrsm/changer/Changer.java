package org.openrsm.changer;

import java.util.List;

/**
 * The changer SPI (DESIGN.md §7): what the engine needs of a robotic library. The engine serialises the
 * calls for one changer on that library's worker thread, so a driver need not be thread-safe for moves;
 * {@link #openMedium} may be called from application threads.
 */
public interface Changer extends DataPath {

    /** The library's name, unique in one engine. */
    String libraryName();

    int driveCount();

    int slotCount();

    int portCount();

    /** RSM media type names (RSM.md §1.5) the drives accept, e.g. {@code LTO_Ultrium}. */
    List<String> mediaTypes();

    /** Sides per cartridge of the media type (1 for tape). */
    default int sidesPerCartridge(String mediaType) {
        return 1;
    }

    /** READ ELEMENT STATUS: every drive, slot and port with what it holds. The changer is the truth. */
    List<ElementStatus> elementStatus() throws ChangerException;

    /** MOVE MEDIUM: the robot carries the cartridge in {@code source} to the empty {@code destination}. */
    void move(Element source, Element destination) throws ChangerException;

    /**
     * The label type found on a cartridge not in the catalog (e.g. "MTF"), or null for a blank or unreadable
     * one: inject and inventory put labelled cartridges into Import, the others into Unrecognized.
     */
    default String mediaLabel(String barCode) {
        return null;
    }

    /**
     * {@code AccessNtmsLibraryDoor}: the library lets an operator open its door (SCSI: ALLOW MEDIUM REMOVAL). A
     * library without a lock, or whose door is always free, does nothing.
     */
    default void unlockDoor() throws ChangerException {
    }

    /** The device path an application would open for the drive, e.g. {@code /dev/nst0}. */
    String deviceName(int drive);

    @Override
    void close();
}
