package org.openrsm.engine;

import static org.openrsm.engine.catalog.Errors.error;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import org.openrsm.api.DriveId;
import org.openrsm.api.DriveState;
import org.openrsm.api.LibraryId;
import org.openrsm.api.LibraryType;
import org.openrsm.api.MediaPoolId;
import org.openrsm.api.MediaTypeId;
import org.openrsm.api.OperationalState;
import org.openrsm.api.OperatorRequestType;
import org.openrsm.api.PoolType;
import org.openrsm.api.PortId;
import org.openrsm.api.RsmError;
import org.openrsm.api.RsmException;
import org.openrsm.api.SlotId;
import org.openrsm.changer.Changer;
import org.openrsm.changer.ChangerException;
import org.openrsm.changer.ChangerSpec;
import org.openrsm.engine.catalog.Change;
import org.openrsm.engine.catalog.Entity;
import org.openrsm.engine.catalog.MediaTypes;
import org.openrsm.engine.catalog.Model.Drive;
import org.openrsm.engine.catalog.Model.Library;
import org.openrsm.engine.catalog.Model.MediaType;
import org.openrsm.engine.catalog.Model.Medium;
import org.openrsm.engine.catalog.Model.Pool;
import org.openrsm.engine.catalog.Model.Port;
import org.openrsm.engine.catalog.Model.Slot;

/**
 * Start-up: loads the catalog, opens every changer, creates a new library's elements and its media type's system
 * pools, and has every library inventoried.
 */
final class LibrarySetup extends EnginePart {
    private static final Logger LOG = Logger.getLogger(LibrarySetup.class.getName());

    LibrarySetup(Engine engine) {
        super(engine);
    }

    // ------------------------------------------------------------------ start-up

    /** Loads the catalog, opens every changer and reconciles the catalog with its element status. */
    void start(List<ChangerSpec> specs) throws RsmException {
        lock.lock();
        try {
            List<Entity> all = catalog.loadAll();
            state.apply(all, List.of());
            for (Medium m : state.all(Medium.class)) {
                m.sides = new ArrayList<>(state.sidesOf(m.id));
            }
            Change change = new Change(state);
            if (state.library(Engine.OFFLINE_LIBRARY) == null) {
                Library offline = new Library();
                offline.id = LibraryId.random();
                offline.name = Engine.OFFLINE_LIBRARY;
                offline.type = LibraryType.OFFLINE;
                change.create(offline);
            }
            engine.commits.commit(change, "create the offline library");
            for (ChangerSpec spec : specs) {
                Changer changer;
                try {
                    changer = spec.open();
                } catch (ChangerException e) {
                    throw error(RsmError.DEVICE_NOT_AVAILABLE, "library " + spec.name() + " cannot be opened: " + e.getMessage());
                }
                boolean known = state.library(changer.libraryName()) != null;
                Library library = configure(changer);
                AtomicInteger n = new AtomicInteger();
                LibraryRun run = new LibraryRun(changer, Executors.newSingleThreadExecutor(
                        r -> engine.daemon(r, "openrsm-robot-" + library.name + "-" + n.incrementAndGet())),
                        state.drives(library.id).size());
                run.arm = new Arm(run, library.name, engine.robot::defect, engine::whyNotDriving);
                libraries.put(library.id, run);
                for (Drive d : state.drives(library.id)) {
                    driveRuns.put(d.id, new DriveRun(d.id, run.idle));
                }
                engine.inventory.reconcile(library, changer, known ? LibraryInventory.Inventory.AUTOMATIC : LibraryInventory.Inventory.FIRST);
            }
            markPresence();
            engine.transactions.recover();
            for (LibraryId id : libraries.keySet()) {
                for (Drive d : state.drives(id)) {
                    if (d.state == DriveState.DISMOUNTABLE) {
                        engine.dismounts.scheduleDeferredReturn(d);
                    }
                    if (d.operationalState == OperationalState.NEEDS_SERVICE) {
                        // operator requests live in memory: ask again for the service the drive still needs
                        requests.submit(OperatorRequestType.DEVICESERVICE, engine.describe(d.id)
                                + " failed before the restart and still needs service", d.id, null, null);
                    }
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Libraries of the catalog that no configured changer serves are NOT_PRESENT (DeleteNtmsLibrary may forget them). */
    void markPresence() throws RsmException {
        Change change = new Change(state);
        for (Library l : state.libraries()) {
            if (l.type != LibraryType.ONLINE) {
                continue;
            }
            boolean attached = libraries.containsKey(l.id);
            if (!attached && l.operationalState != OperationalState.NOT_PRESENT) {
                LOG.warning(() -> "library " + l.name + " is in the catalog but no changer of that name is configured; "
                        + "it is NOT_PRESENT");
                change.edit(l).operationalState = OperationalState.NOT_PRESENT;
            } else if (attached && l.operationalState == OperationalState.NOT_PRESENT) {
                change.edit(l).operationalState = OperationalState.READY;
            }
        }
        engine.commits.commit(change, "record which libraries are attached");
    }

    /** Creates the library, its elements and its media type's system pools on first start. */
    Library configure(Changer changer) throws RsmException {
        Change change = new Change(state);
        Library library = state.library(changer.libraryName());
        if (library == null) {
            library = change.create(new Library());
            library.id = LibraryId.random();
            library.name = changer.libraryName();
            library.type = LibraryType.ONLINE;
            // the changer's media types seed a new library; later Add/DeleteNtmsMediaType keep its list
            for (String typeName : changer.mediaTypes()) {
                library.mediaTypes.add(mediaType(change, typeName).id);
            }
        } else {
            library = change.edit(library);
            refuseShrunk(library, changer);
        }
        List<Drive> drives = state.drives(library.id);
        for (Drive d : drives) {
            // a drive the changer no longer reports stays in the catalog, NOT_PRESENT, until DeleteNtmsDrive
            boolean present = d.number <= changer.driveCount();
            if (!present && d.operationalState != OperationalState.NOT_PRESENT) {
                LOG.warning(() -> "library " + changer.libraryName() + ": " + d.name + " is no longer reported by the changer; "
                        + "it is NOT_PRESENT until deleted (DeleteNtmsDrive) or back");
                change.edit(d).operationalState = OperationalState.NOT_PRESENT;
            } else if (present && d.operationalState == OperationalState.NOT_PRESENT) {
                change.edit(d).operationalState = OperationalState.READY;
            }
            String device = present ? changer.deviceName(d.number) : null;
            if (present && !java.util.Objects.equals(device, d.deviceName)) {
                change.edit(d).deviceName = device;   // the configuration names the drive's tape device anew
            }
        }
        for (int i = drives.size() + 1; i <= changer.driveCount(); i++) {
            Drive d = change.create(new Drive());
            d.id = DriveId.random();
            d.library = library.id;
            d.number = i;
            d.name = "drive" + i;
            d.deviceName = changer.deviceName(i);
            d.deferDismountDelay = engine.defaultDeferDismountDelay;
        }
        for (int i = state.slots(library.id).size() + 1; i <= changer.slotCount(); i++) {
            Slot s = change.create(new Slot());
            s.id = SlotId.random();
            s.library = library.id;
            s.number = i;
        }
        for (int i = state.ports(library.id).size() + 1; i <= changer.portCount(); i++) {
            Port p = change.create(new Port());
            p.id = PortId.random();
            p.library = library.id;
            p.number = i;
        }
        engine.commits.commit(change, "configure library " + library.name);
        return state.get(library.id, Library.class);
    }

    /**
     * A library whose changer reports fewer slots or IE ports than the catalog of an earlier start has is not
     * started: a wrong device in the configuration (another library, a VTL) would otherwise move every cartridge
     * of the missing slots to the shelf. A library that really shrank is deleted and found again.
     */
    private void refuseShrunk(Library library, Changer changer) throws RsmException {
        int slots = state.slots(library.id).size();
        int ports = state.ports(library.id).size();
        if (changer.slotCount() < slots || changer.portCount() < ports) {
            throw error(RsmError.DEVICE_NOT_AVAILABLE, "library " + library.name + " reports " + changer.slotCount()
                    + " slots and " + changer.portCount() + " IE ports, but the catalog of an earlier start has " + slots
                    + " and " + ports + ": is its device configured right? (a library that really shrank is deleted with "
                    + "DeleteNtmsLibrary and found again at the next start)");
        }
    }

    /** The media type with its system pools, created in {@code change} if it is new. */
    MediaType mediaType(Change change, String name) throws RsmException {
        MediaType type = state.mediaType(name);
        if (type != null) {
            return type;
        }
        for (Entity e : change.upserts()) {
            if (e instanceof MediaType t && t.name.equals(name)) {
                return t;
            }
        }
        Integer code = MediaTypes.code(name);
        if (code == null) {
            throw error(RsmError.INVALID_MEDIA, "media type '" + name + "' is not one RSM knows (e.g. LTO_Ultrium, DLT, "
                    + "DDS_4mm, CD_R; RSM.md §1.5)");
        }
        type = change.create(new MediaType());
        type.id = MediaTypeId.random();
        type.name = name;
        type.code = code;
        type.sides = MediaTypes.sides(name);
        for (PoolType kind : List.of(PoolType.SCRATCH, PoolType.IMPORT, PoolType.FOREIGN)) {
            Pool container = systemContainer(change, kind);
            Pool p = change.create(new Pool());
            p.id = MediaPoolId.random();
            p.type = kind;
            p.name = name;
            p.path = container.path + "\\" + name;
            p.parent = container.id;
            p.mediaType = type.id;
        }
        return type;
    }

    static String systemPoolName(PoolType kind) {
        return switch (kind) {
            case SCRATCH -> "Free";
            case IMPORT -> "Import";
            case FOREIGN -> "Unrecognized";
            default -> throw new IllegalArgumentException(kind + " is not a system pool");
        };
    }

    Pool systemContainer(Change change, PoolType kind) {
        String path = "\\" + systemPoolName(kind);
        Pool container = state.pool(path);
        if (container != null) {
            return container;
        }
        for (Entity e : change.upserts()) {
            if (e instanceof Pool p && p.path.equals(path)) {
                return p;
            }
        }
        container = change.create(new Pool());
        container.id = MediaPoolId.random();
        container.type = kind;
        container.name = systemPoolName(kind);
        container.path = path;
        return container;
    }

    /** The system pool of {@code kind} for a media type. */
    Pool systemPool(PoolType kind, MediaTypeId type) {
        MediaType t = state.get(type, MediaType.class);
        return state.pool("\\" + systemPoolName(kind) + "\\" + t.name);
    }
}
