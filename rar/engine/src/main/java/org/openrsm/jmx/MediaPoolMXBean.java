package org.openrsm.jmx;

import java.util.List;
import java.util.Map;

/** A media pool as a JMX console shows it: {@code org.openrsm:type=MediaPool,name=<pool path>} (e.g. {@code \\Free\\LTO_Ultrium}). */
public interface MediaPoolMXBean {
    /** The full path, e.g. {@code \Free\LTO_Ultrium}. */
    String getPath();

    /** SCRATCH (Free), IMPORT, FOREIGN (Unrecognized) or APPLICATION. */
    String getPoolType();

    /** RSM's name of the pool's media type; empty for a pool that only holds pools. */
    String getMediaType();

    /** Cartridges in the pool. */
    int getPhysicalMedia();

    /** Logical media (allocations) of the pool. */
    int getLogicalMedia();

    /** How many sides of the pool's cartridges are in each {@code SideState}. */
    Map<String, Integer> getSidesByState();

    /** The bar codes of the pool's cartridges. */
    List<String> getBarCodes();

    /** Policy: the pool draws from the Free pool of its media type when it has no side to allocate. */
    boolean isAllocateFromFree();

    /** Policy: deallocated cartridges go back to the Free pool. */
    boolean isDeallocateToFree();

    /** Policy: a side is decommissioned after this many allocations (0: no limit). */
    int getMaxAllocations();

    /** {@code SetNtmsMediaPoolPolicy} (as the server's administrator, logged). */
    void setPolicy(boolean allocateFromFree, boolean deallocateToFree, int maxAllocations);
}
