package org.openrsm.api;

/**
 * A pool's policy (RSM.md §1.6): {@code allocateFromFree} ({@code NTMS_ALLOCATE_FROMSCRATCH}) draws a medium
 * from the Free pool when the pool has none available; {@code deallocateToFree}
 * ({@code NTMS_DEALLOCATE_TOSCRATCH}) returns deallocated media to Free; after {@code maxAllocations}
 * allocations a side is decommissioned on deallocation (0 = no limit).
 */
public record MediaPoolPolicy(boolean allocateFromFree, boolean deallocateToFree, int maxAllocations) implements java.io.Serializable {
    /** RSM's default: both policies off, no limit. */
    public static final MediaPoolPolicy DEFAULT = new MediaPoolPolicy(false, false, 0);

    public MediaPoolPolicy {
        if (maxAllocations < 0) {
            throw new IllegalArgumentException("maxAllocations must be 0 (no limit) or positive, not " + maxAllocations);
        }
    }
}
