package org.openrsm.changer;

/**
 * What kind of failure a changer reported, decoded once by the driver (for SCSI libraries from the sense key,
 * ASC and ASCQ): the engine chooses RSM's error, whether the element needs service and which operator request to
 * raise from it, never from message text.
 */
public enum ChangerFault {
    /** the library is becoming ready, busy or did not answer in time: the same command may work later */
    TRANSIENT,
    /** the library's contents may have changed (UNIT ATTENTION after the door was opened, a reset): inventory */
    NEEDS_INVENTORY,
    /** the source element of a move is empty (the catalog is behind the library) */
    SOURCE_EMPTY,
    /** the destination element of a move is full (the catalog is behind the library) */
    DESTINATION_FULL,
    /** the drive has not unloaded the cartridge, or medium removal is prevented */
    DRIVE_NOT_UNLOADED,
    /** a hardware fault of the robot, a drive or an element */
    HARDWARE,
    /** the element, the command or the library itself does not exist or is not supported */
    NOT_PRESENT,
    /** anything else the changer refused or failed */
    FAILED
}
