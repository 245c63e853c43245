package org.openrsm.api;

/** A snapshot of one RSM object as the store holds it (RSM.md §3.7, {@code GetNtmsObjectInformation}). */
public sealed interface ObjectInfo extends java.io.Serializable
        permits LibraryInfo, DriveInfo, SlotInfo, PortInfo, PhysicalMediaInfo, SideInfo, LogicalMediaInfo,
                MediaPoolInfo, MediaTypeInfo, LibraryRequestInfo, OperatorRequestInfo {

    RsmId id();

    default ObjectType objectType() {
        return id().type();
    }
}
