package org.openrsm.engine;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.openrsm.api.DriveId;
import org.openrsm.api.LibraryId;
import org.openrsm.api.LibraryRequestId;
import org.openrsm.api.LibraryRequestInfo;
import org.openrsm.api.LibraryRequestOperation;
import org.openrsm.api.LibraryRequestState;
import org.openrsm.api.PhysicalMediaId;
import org.openrsm.api.PortId;
import org.openrsm.api.RsmError;
import org.openrsm.api.SideId;
import org.openrsm.api.SlotId;

/**
 * A library request (work item, RSM.md §2.5): QUEUED → (WAITING ↔) INPROCESS → PASSED | FAILED | CANCELLED.
 * Kept in memory until purged; a restart cancels what was unfinished, as RSM does. Guarded by the engine lock.
 */
final class LibraryRequest {
    final LibraryRequestId id;
    final LibraryRequestOperation operation;
    final LibraryId library;
    final String application;
    final String user;
    final Instant queued;
    int priority;
    final CompletableFuture<LibraryRequestInfo> done = new CompletableFuture<>();
    DriveId drive;
    PhysicalMediaId medium;
    SideId side;
    SlotId slot;
    PortId port;
    LibraryRequestState state = LibraryRequestState.QUEUED;
    Instant completed;
    RsmError error;
    String message;

    LibraryRequest(LibraryRequestId id, LibraryRequestOperation operation, LibraryId library, String application, String user,
                   int priority, Instant queued) {
        this.id = id;
        this.queued = queued;
        this.operation = operation;
        this.library = library;
        this.application = application;
        this.user = user;
        this.priority = priority;
    }

    boolean finished() {
        return state == LibraryRequestState.PASSED || state == LibraryRequestState.FAILED
                || state == LibraryRequestState.CANCELLED || state == LibraryRequestState.STOPPED;
    }

    LibraryRequestInfo info() {
        return new LibraryRequestInfo(id, operation, state, library, drive, medium, side, slot, port, priority, application,
                user, queued, completed, error, message);
    }
}
