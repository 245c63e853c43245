package org.openrsm.engine;

import java.util.Map;
import java.util.Set;
import org.openrsm.api.DriveId;
import org.openrsm.api.LibraryId;
import org.openrsm.api.PhysicalMediaId;
import org.openrsm.api.SideId;
import org.openrsm.engine.catalog.Catalog;
import org.openrsm.engine.catalog.MemoryCatalog;
import org.openrsm.engine.core.EngineLock;
import org.openrsm.engine.requests.Notifier;
import org.openrsm.engine.requests.Requests;
import org.openrsm.engine.security.Security;

/** A part of the engine ({@link Engine} builds each once): the engine's shared state, under the engine lock. */
abstract class EnginePart {
    final Engine engine;
    final MemoryCatalog state;
    final EngineLock lock;
    final Catalog catalog;
    final Map<LibraryId, LibraryRun> libraries;
    final Map<DriveId, DriveRun> driveRuns;
    final Set<PhysicalMediaId> busyMedia;
    final Map<SideId, EngineSession> holders;
    final Requests requests;
    final Security security;
    final Notifier notifier;

    EnginePart(Engine engine) {
        this.engine = engine;
        this.state = engine.state;
        this.lock = engine.lock;
        this.catalog = engine.catalog;
        this.libraries = engine.libraries;
        this.driveRuns = engine.driveRuns;
        this.busyMedia = engine.busyMedia;
        this.holders = engine.holders;
        this.requests = engine.requests;
        this.security = engine.security;
        this.notifier = engine.notifier;
    }
}
