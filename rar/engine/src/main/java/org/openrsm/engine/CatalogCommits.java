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
import org.openrsm.engine.catalog.Catalog;
import org.openrsm.engine.catalog.Change;
import org.openrsm.engine.catalog.Entity;
import org.openrsm.engine.catalog.Model.Drive;
import org.openrsm.engine.catalog.Model.Library;
import org.openrsm.engine.catalog.Model.Medium;
import org.openrsm.engine.catalog.Model.Pool;
import org.openrsm.store.Store;

/**
 * Commits catalog changes: to the store first, then to memory, then to listeners and subscribers. A robot move
 * is recorded by {@link #recordMove}: in memory at once, in the store by {@link MoveRecords} (group commit); if the
 * store refuses it, the library waits for an inventory.
 */
final class CatalogCommits extends EnginePart {
    private static final Logger LOG = Logger.getLogger(CatalogCommits.class.getName());

    /** robot move records on their way to the store; every commit writes them first */
    final MoveRecords moves;

    CatalogCommits(Engine engine) {
        super(engine);
        this.moves = new MoveRecords(catalog, (refused, failure) -> lock.run(() -> refused(refused, failure)));
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
        if (change.isEmpty() && extra == null && !(durable && moves.waiting())) {
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
                moves.writeWith(what, new Catalog.Write(change.created(), change.edited(), deletes), extra);
            }
        } catch (RsmException e) {
            storeFailed(what, e);
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

    /** Once per outage: every caller gets the error, the log gets it once. */
    private void storeFailed(String what, RsmException e) {
        if (!storeFailing) {
            storeFailing = true;
            LOG.severe("the OpenRSM store refused a write (" + what + "): " + e.getMessage() + "; callers get "
                    + e.error() + " until it takes writes again");
        }
    }

    /**
     * Robot thread, engine lock: records what a robot move did. Memory has it at once, and so has everyone who asks;
     * the store gets it from {@link MoveRecords}, with the next group of records or ahead of the next commit. Nothing
     * here waits for the store: the robot's next move does not wait for the disk.
     */
    void recordMove(Change change, String what) {
        lock.assertHeld();
        if (change.isEmpty()) {
            return;
        }
        Set<LibraryId> concerned = concerned(change);
        Catalog.Write write = new Catalog.Write(change.created(), change.edited(), change.deletes());
        applyInMemory(change, what);
        moves.add(new MoveRecords.Pending(what, write, concerned));
    }

    /**
     * The store refused robot move records (the writer thread, engine lock): memory and changer agree, the store is
     * behind them. The records keep waiting (every later write takes them along, so the store catches up when it
     * takes writes again), and the libraries concerned wait for an inventory: it succeeds only once the store has
     * taken them, so no robot moves while its moves cannot be recorded.
     */
    private void refused(List<MoveRecords.Pending> records, RsmException failure) {
        lock.assertHeld();
        storeFailed(records.get(0).what(), failure);
        Set<LibraryId> concerned = new HashSet<>();
        records.forEach(r -> concerned.addAll(r.libraries()));
        for (LibraryId l : concerned) {
            engine.inventory.needsInventory(l, "library " + engine.libraryName(l) + ": could not " + records.get(0).what()
                    + (records.size() == 1 ? "" : " and " + (records.size() - 1) + " more robot move records") + " in the store ("
                    + failure.getMessage() + "); the store is behind the changer");
        }
    }

    /** The running libraries a change touches (all of them when it names none). */
    private Set<LibraryId> concerned(Change change) {
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
        return concerned;
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
            for (LibraryId l : concerned(change)) {
                engine.inventory.needsInventory(l, "library " + engine.libraryName(l) + ": could not " + what + " (" + e.getMessage()
                        + "); the catalog is behind the changer");
            }
            throw e;
        }
    }
}
