package org.openrsm.api;

import java.time.Instant;

/**
 * A library request ({@code NTMS_LIBREQUESTINFORMATION}): a queued unit of library work. {@code error} is
 * the RSM error of a FAILED or CANCELLED request, else null.
 */
public record LibraryRequestInfo(LibraryRequestId id, LibraryRequestOperation operation, LibraryRequestState state,
                                 LibraryId library, DriveId drive, PhysicalMediaId physicalMedia, SideId side,
                                 SlotId slot, PortId port, int priority, String application, String user,
                                 Instant queued, Instant completed, RsmError error, String message)
        implements ObjectInfo {
}
