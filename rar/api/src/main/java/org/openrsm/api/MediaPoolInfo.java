package org.openrsm.api;

/** A media pool ({@code NTMS_MEDIAPOOLINFORMATION}); {@code mediaType} is null for a container-only pool. */
public record MediaPoolInfo(MediaPoolId id, String name, String path, PoolType poolType, MediaTypeId mediaType,
                            MediaPoolId parent, MediaPoolPolicy policy, int numberOfPhysicalMedia,
                            int numberOfLogicalMedia, int numberOfMediaPools)
        implements ObjectInfo {
}
