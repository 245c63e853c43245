package org.openrsm.api;

import java.util.UUID;

/** Identity of any RSM object: a UUID plus the object type it names. */
public sealed interface RsmId extends java.io.Serializable
        permits LibraryId, ChangerId, DriveId, SlotId, PortId, DoorId, MediaTypeId, MediaPoolId,
                PhysicalMediaId, MediaId, LibraryRequestId, OperatorRequestId {

    UUID value();

    /** The RSM object type this identifier names. */
    ObjectType type();
}
