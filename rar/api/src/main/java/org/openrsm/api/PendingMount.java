package org.openrsm.api;

import java.time.Duration;
import java.util.List;

/** A mount queued with NOWAIT ({@code NTMS_MOUNT_NOWAIT}). */
public interface PendingMount {
    /**
     * Waits until the media are loaded and returns their drives, in the order the media were given.
     * On timeout the mount is cancelled and {@link RsmError#TIMEOUT} thrown.
     */
    List<DriveId> await(Duration timeout) throws RsmException;

    /** Cancels the mount if it has not completed; a later {@link #await} throws CANCELLED. */
    void cancel();

    /** Whether the mount has finished (loaded, failed or cancelled). */
    boolean isDone();
}
