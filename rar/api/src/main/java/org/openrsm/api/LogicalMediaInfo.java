package org.openrsm.api;

/** A logical medium ({@code NTMS_LMIDINFORMATION}): what an allocation handed out. */
public record LogicalMediaInfo(LogicalMediaId id, String name, MediaPoolId mediaPool, SideId side,
                               PhysicalMediaId physicalMedia)
        implements ObjectInfo {
}
