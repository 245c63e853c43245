package org.openrsm.engine.requests;

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
public final class LibraryRequest {
    public final LibraryRequestId id;
    public final LibraryRequestOperation operation;
    public final LibraryId library;
    public final String application;
    public final String user;
    public final Instant queued;
    public int priority;
    public final CompletableFuture<LibraryRequestInfo> done = new CompletableFuture<>();
    public DriveId drive;
    public PhysicalMediaId medium;
    public SideId side;
    public SlotId slot;
    public PortId port;
    public LibraryRequestState state = LibraryRequestState.QUEUED;
    public Instant completed;
    public RsmError error;
    public String message;

    public LibraryRequest(LibraryRequestId id, LibraryRequestOperation operation, LibraryId library, String application, String user,
                   int priority, Instant queued) {
        this.id = id;
        this.queued = queued;
        this.operation = operation;
        this.library = library;
        this.application = application;
        this.user = user;
        this.priority = priority;
    }

    public boolean finished() {
        return state == LibraryRequestState.PASSED || state == LibraryRequestState.FAILED
                || state == LibraryRequestState.CANCELLED || state == LibraryRequestState.STOPPED;
    }

    public LibraryRequestInfo info() {
        return new LibraryRequestInfo(id, operation, state, library, drive, medium, side, slot, port, priority, application,
                user, queued, completed, error, message);
    }
}
