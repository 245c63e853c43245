package org.openrsm.api;

import java.util.List;

/**
 * A cartridge ({@code NTMS_PMIDINFORMATION}). {@code location} is the slot, drive or IE port it is in;
 * {@code locationType} says which ({@link ObjectType#STORAGESLOT}, {@link ObjectType#DRIVE},
 * {@link ObjectType#IEPORT}).
 */
public record PhysicalMediaInfo(PhysicalMediaId id, String name, String barCode, MediaTypeId mediaType,
                                MediaPoolId mediaPool, MediaState mediaState, LibraryId currentLibrary,
                                RsmId location, ObjectType locationType, SlotId homeSlot, List<SideId> sides,
                                SideId mountedSide, boolean enabled)
        implements ObjectInfo {
    public PhysicalMediaInfo {
        sides = List.copyOf(sides);
    }
}
