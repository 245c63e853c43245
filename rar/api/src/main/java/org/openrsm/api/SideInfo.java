package org.openrsm.api;

/**
 * A side ({@code NTMS_PARTITIONINFORMATION}); {@code logicalMedia} is null while not allocated. The on-media
 * identifier ({@code OmidLabelType}, {@code OmidLabelId}) is what the application last reported with
 * {@code UpdateNtmsOmidInfo}; both are null until it does.
 */
public record SideInfo(SideId id, PhysicalMediaId physicalMedia, LogicalMediaId logicalMedia, SideState state,
                       int side, long mountCount, int allocateCount, long capacity, OmidLabelType omidLabelType,
                       byte[] omidLabel)
        implements ObjectInfo {
    public SideInfo {
        omidLabel = omidLabel == null ? null : omidLabel.clone();
    }

    /** Side info without an on-media identifier. */
    public SideInfo(SideId id, PhysicalMediaId physicalMedia, LogicalMediaId logicalMedia, SideState state, int side,
                    long mountCount, int allocateCount, long capacity) {
        this(id, physicalMedia, logicalMedia, state, side, mountCount, allocateCount, capacity, null, null);
    }

    @Override
    public byte[] omidLabel() {
        return omidLabel == null ? null : omidLabel.clone();
    }
}
