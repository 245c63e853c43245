package org.openrsm.engine;

import org.openrsm.api.DriveId;
import org.openrsm.api.DriveState;
import org.openrsm.api.LibraryId;

/** Told of committed changes, under the engine lock: must not block or call back into the engine. */
interface EngineListener {
    void driveStateChanged(LibraryId library, DriveId drive, DriveState from, DriveState to);

    /** A library, drive or media pool was created, deleted or renamed. */
    default void structureChanged() {
    }
}
