package org.openrsm.api;

import java.util.List;

/** A library ({@code NTMS_LIBRARYINFORMATION}). */
public record LibraryInfo(LibraryId id, String name, LibraryType libraryType, boolean enabled,
                          OperationalState operationalState, int numberOfDrives, int numberOfSlots,
                          int numberOfPorts, int numberOfMedia, List<MediaTypeId> mediaTypes)
        implements ObjectInfo {
    public LibraryInfo {
        mediaTypes = List.copyOf(mediaTypes);
    }
}
