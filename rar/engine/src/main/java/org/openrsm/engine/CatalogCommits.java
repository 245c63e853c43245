package org.openrsm.engine;

import static org.openrsm.engine.catalog.Errors.error;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.openrsm.api.DriveId;
import org.openrsm.api.DriveState;
import org.openrsm.api.LibraryId;
import org.openrsm.api.NotificationOperation;
import org.openrsm.api.RsmException;
import org.openrsm.api.RsmId;
import org.openrsm.engine.catalog.Change;
import org.openrsm.engine.catalog.Entity;
import org.openrsm.engine.catalog.Model.Drive;
import org.openrsm.engine.catalog.Model.Library;
import org.openrsm.engine.catalog.Model.Medium;
import org.openrsm.engine.catalog.Model.Pool;
import org.openrsm.store.Store;

/**
 * Commits catalog changes: to the store first, then to memory, then to listeners and subscribers. A robot move
 * is recorded by {@link #recordPhysical}: if the store refuses it, the library waits for an inventory.
 */
final class CatalogCommits extends EnginePart {
    private static final Logger LOG = Logger.getLogger(CatalogCommits.class.getName());

    CatalogCommits(Engine engine) {
        super(engine);
    }

    /** Commits what an operation planned. */
    void commit(PlannedChange planned) throws RsmException {
        commit(planned.change(), planned.what(), null);
    }

    /**
     * Writes the change to the store in one transaction, then applies it in memory, then tells listeners and
     * subscribers; a store failure leaves memory as it was.
     */
    void commit(Change change, String what) throws RsmException {
        commit(change, what, null);
    }

    /** a write to the store failed and none has succeeded since (engine lock) */
    private boolean storeFailing;

    /** {@link #commit(Change, String)}, with {@code extra} store work done in the same store transaction. */
    void commit(Change change, String what, Store.Work<Void> extra) throws RsmException {
        commit(change, what, extra, true);
    }

    /**
     * Applies a change that alters no physical state and that a restart makes moot anyway, in memory only, with the
     * notifications a commit sends: a session's binding to a side that is already in its drive, and the deferred
     * dismount that ends it (after a crash no session survives, and every loaded drive is DISMOUNTABLE). The store
     * keeps the entities as they were until a durable commit writes them again; mount counts of such cycles are lost
     * with a crash.
     */
    void applyInMemory(Change change, String what) {
        try {
            commit(change, what, null, false);
        } catch (RsmException e) {
            throw new IllegalStateException("no store work, no store failure: " + what, e);
        }
    }

    private void commit(Change change, String what, Store.Work<Void> extra, boolean durable) throws RsmException {
        lock.assertHeld();
        if (change.isEmpty() && extra == null) {
            return;
        }
        List<Entity> upserts = change.upserts();
        List<Entity> deletes = change.deletes();
        Map<DriveId, DriveState> before = new HashMap<>();
        Set<RsmId> existed = new HashSet<>();
        boolean structure = deletes.stream().anyMatch(CatalogCommits::structural);
        for (Entity e : upserts) {
            Entity old = state.get(e.id());
            if (old != null) {
                existed.add(e.id());
            }
            structure |= structural(e) && (old == null || !structuralName(old).equals(structuralName(e)));
            if (e instanceof Drive d) {
                before.put(d.id, old instanceof Drive o ? o.state : null);
            }
        }
        try {
            if (durable) {
                catalog.write(what, change.created(), change.edited(), deletes, extra);
            }
        } catch (RsmException e) {
            if (!storeFailing) {
                // once per outage: every caller gets the error, the log gets it once
                storeFailing = true;
                LOG.severe("the OpenRSM store refused a write (" + what + "): " + e.getMessage() + "; callers get "
                        + e.error() + " until it takes writes again");
            }
            throw e;
        }
        if (storeFailing && durable) {
            storeFailing = false;
            LOG.info("the OpenRSM store takes writes again");
        }
        state.apply(upserts, deletes);
        lock.signalChange();
        for (Entity e : deletes) {
            notifier.publish(NotificationOperation.DELETE, e.id());
        }
        for (Entity e : upserts) {
            notifier.publish(existed.contains(e.id()) ? NotificationOperation.UPDATE
                    : NotificationOperation.INSERT, e.id());
        }
        if (structure) {
            lock.afterUnlock(() -> engine.listeners.forEach(EngineListener::structureChanged));
        }
        for (Map.Entry<DriveId, DriveState> e : before.entrySet()) {
            Drive d = state.get(e.getKey(), Drive.class);
            DriveState from = e.getValue();
            DriveState to = d.state;
            if (from != null && from != to) {
                lock.afterUnlock(() -> engine.listeners.forEach(l -> l.driveStateChanged(d.library, d.id, from, to)));
            }
        }
    }

    /** Libraries, drives and pools have MBeans named after them. */
    static boolean structural(Entity e) {
        return e instanceof Library || e instanceof Drive || e instanceof Pool;
    }

    static String structuralName(Entity e) {
        return e instanceof Pool p ? p.path : e instanceof Drive d ? d.name : ((Library) e).name;
    }

    /** Records a robot move's result in its own short transaction; a store failure is handled by {@link #recordPhysical}. */
    void commitPhysical(Change change, String what) {
        lock.assertHeld();
        try {
            recordPhysical(change, what);
        } catch (RsmException e) {
            LOG.log(Level.FINE, "logged once by needsInventory", e);
        }
    }

    /**
     * Records what the hardware did; if the store refuses, memory and store stay as they were, behind the changer:
     * the libraries concerned wait for an inventory (retried until the store takes it), and the error is thrown.
     */
    void recordPhysical(Change change, String what) throws RsmException {
        lock.assertHeld();
        try {
            commit(change, what);
        } catch (RsmException e) {
            Set<LibraryId> concerned = new HashSet<>();
            for (Entity entity : change.upserts()) {
                LibraryId l = entity instanceof Medium m ? m.library : engine.libraryOf(entity.id());
                if (l != null && libraries.containsKey(l)) {
                    concerned.add(l);
                }
            }
            if (concerned.isEmpty()) {
                concerned.addAll(libraries.keySet());
            }
            for (LibraryId l : concerned) {
                engine.inventory.needsInventory(l, "library " + engine.libraryName(l) + ": could not " + what + " (" + e.getMessage()
                        + "); the catalog is behind the changer");
            }
            throw e;
        }
    }
}
