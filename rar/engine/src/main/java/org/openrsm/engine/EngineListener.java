package org.openrsm.engine;

import org.openrsm.api.DriveId;
import org.openrsm.api.DriveState;
import org.openrsm.api.LibraryId;

/** Told of committed changes after the engine lock is released, in commit order; must not block for long. */
interface EngineListener {
    void driveStateChanged(LibraryId library, DriveId drive, DriveState from, DriveState to);

    /** A library, drive or media pool was created, deleted or renamed. */
    default void structureChanged() {
    }

    /** A mount was served: how long it waited from its request to its drive, and whether the robot moved for it. */
    default void mountServed(LibraryId library, java.time.Duration waited, boolean robotMoved) {
    }
}
