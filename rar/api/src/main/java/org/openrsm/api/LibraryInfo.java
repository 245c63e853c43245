package org.openrsm.api;

import java.util.List;

/**
 * A library ({@code NTMS_LIBRARYINFORMATION}). {@code cleanerSlot} is the slot reserved for the cleaner (null if
 * none), {@code cleanerBarCode} the cleaner in the library (null if none).
 */
public record LibraryInfo(LibraryId id, String name, LibraryType libraryType, boolean enabled,
                          OperationalState operationalState, int numberOfDrives, int numberOfSlots,
                          int numberOfPorts, int numberOfMedia, List<MediaTypeId> mediaTypes, SlotId cleanerSlot,
                          String cleanerBarCode, int cleanerUsesRemaining, boolean doorOpen)
        implements ObjectInfo {
    public LibraryInfo {
        mediaTypes = List.copyOf(mediaTypes);
    }
}
