package org.openrsm.api;

/** A side ({@code NTMS_PARTITIONINFORMATION}); {@code logicalMedia} is null while not allocated. */
public record SideInfo(SideId id, PhysicalMediaId physicalMedia, LogicalMediaId logicalMedia, SideState state,
                       int side, long mountCount, int allocateCount, long capacity)
        implements ObjectInfo {
}
