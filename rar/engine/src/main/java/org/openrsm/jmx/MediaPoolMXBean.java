package org.openrsm.jmx;

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
}
