package org.openrsm.api;

/** A storage slot ({@code NTMS_STORAGESLOTINFORMATION}); {@code medium} is null when empty. */
public record SlotInfo(SlotId id, int number, SlotState state, LibraryId library, PhysicalMediaId medium)
        implements ObjectInfo {
}
