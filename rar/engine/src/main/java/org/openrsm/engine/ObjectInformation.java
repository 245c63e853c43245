package org.openrsm.engine;

import static org.openrsm.engine.catalog.Errors.error;
import static org.openrsm.engine.catalog.Errors.invalidParameter;

import java.util.ArrayList;
import java.util.List;
import org.openrsm.api.AccessRight;
import org.openrsm.api.DriveInfo;
import org.openrsm.api.LibraryId;
import org.openrsm.api.LibraryInfo;
import org.openrsm.api.LibraryType;
import org.openrsm.api.LogicalMediaId;
import org.openrsm.api.LogicalMediaInfo;
import org.openrsm.api.MediaPoolInfo;
import org.openrsm.api.MediaTypeInfo;
import org.openrsm.api.ObjectInfo;
import org.openrsm.api.ObjectType;
import org.openrsm.api.PhysicalMediaId;
import org.openrsm.api.PhysicalMediaInfo;
import org.openrsm.api.PortInfo;
import org.openrsm.api.RsmError;
import org.openrsm.api.RsmException;
import org.openrsm.api.RsmId;
import org.openrsm.api.SideId;
import org.openrsm.api.SideInfo;
import org.openrsm.api.SlotInfo;
import org.openrsm.engine.catalog.Entity;
import org.openrsm.engine.catalog.MemoryCatalog;
import org.openrsm.engine.catalog.Model.Drive;
import org.openrsm.engine.catalog.Model.Library;
import org.openrsm.engine.catalog.Model.Logical;
import org.openrsm.engine.catalog.Model.MediaType;
import org.openrsm.engine.catalog.Model.Medium;
import org.openrsm.engine.catalog.Model.Pool;
import org.openrsm.engine.catalog.Model.Port;
import org.openrsm.engine.catalog.Model.Side;
import org.openrsm.engine.catalog.Model.Slot;
import org.openrsm.engine.requests.LibraryRequest;
import org.openrsm.engine.requests.OperatorRequest;

/** Snapshots of catalog objects ({@code GetNtmsObjectInformation}) and enumeration (RSM.md §1.3). Under the engine lock. */
final class ObjectInformation {
    private final Engine engine;

    ObjectInformation(Engine engine) {
        this.engine = engine;
    }

    /** {@code GetNtmsObjectInformation} for a caller: what it may see (USE on the container). */
    ObjectInfo info(EngineSession session, RsmId object) throws RsmException {
        if (object instanceof LogicalMediaId id && engine.state.get(id, Logical.class) != null
                && !Transactions.visible(engine.state.get(id, Logical.class), session)) {
            throw error(RsmError.OBJECT_NOT_FOUND, "logical medium " + id + " is not known (it may belong to a "
                    + "transaction that has not committed)");
        }
        ObjectInfo i = info(object);
        engine.security.require(session, container(object), AccessRight.USE, "reading information");
        return i;
    }

    /** {@code EnumerateNtmsObject} for a caller: logical media of uncommitted transactions of others are left out. */
    List<ObjectInfo> enumerate(EngineSession session, RsmId container, ObjectType type) throws RsmException {
        List<ObjectInfo> found = new ArrayList<>(enumerate(container, type));
        found.removeIf(o -> o instanceof LogicalMediaInfo l
                && !Transactions.visible(engine.state.get(l.id(), Logical.class), session));
        if (container != null) {
            engine.security.require(session, container(container), AccessRight.USE, "enumerating");
        }
        return found;
    }

    ObjectInfo info(RsmId id) throws RsmException {
        if (id == null) {
            throw invalidParameter("an object id is null");
        }
        LibraryRequest request = engine.requests.find(id);
        if (request != null) {
            return request.info();
        }
        OperatorRequest op = engine.requests.findOperator(id);
        if (op != null) {
            return op.info();
        }
        Entity e = engine.state.get(id);
        if (e == null) {
            throw error(RsmError.OBJECT_NOT_FOUND, id.type().displayName() + " " + id + " is not known");
        }
        return info(e);
    }

    /** The library or pool whose USE right reading the object needs (RSM.md §4), or null (the computer's). */
    RsmId container(RsmId id) {
        Entity e = engine.state.get(id);
        if (e instanceof Library || e instanceof Pool) {
            return id;
        } else if (e instanceof Drive || e instanceof Slot || e instanceof Port) {
            return engine.libraryOf(id);
        } else if (e instanceof Medium m) {
            return m.pool;
        } else if (e instanceof Side s) {
            return engine.state.get(s.medium, Medium.class).pool;
        } else if (e instanceof Logical l) {
            return l.pool;
        }
        LibraryRequest r = engine.requests.find(id);
        return r == null ? null : r.library;
    }

    ObjectInfo info(Entity e) {
        MemoryCatalog state = engine.state;
        if (e instanceof Library l) {
            int media = state.mediaInLibrary(l.id).size();
            return new LibraryInfo(l.id, l.name, l.type, l.enabled, l.operationalState, state.drives(l.id).size(),
                    state.slots(l.id).size(), state.ports(l.id).size(), media, l.mediaTypes, l.cleanerSlot,
                    l.cleanerBarCode, l.cleanerUses, l.doorOpen);
        } else if (e instanceof Drive d) {
            DriveRun run = engine.driveRuns.get(d.id);
            Medium m = engine.state.occupant(d.id);
            return new DriveInfo(d.id, d.name, d.number, d.state, d.enabled, d.operationalState, d.side, d.deviceName,
                    d.mountCount, d.deferDismountDelay, d.library, d.lastCleaned, m == null ? null : m.barCode,
                    run == null || run.owner() == null ? null : run.owner().application());
        } else if (e instanceof Slot s) {
            Medium m = state.occupant(s.id);
            return new SlotInfo(s.id, s.number, s.state, s.library, m == null ? null : m.id);
        } else if (e instanceof Port p) {
            Medium m = state.occupant(p.id);
            return new PortInfo(p.id, p.number, p.content, p.library, m == null ? null : m.id);
        } else if (e instanceof Medium m) {
            return new PhysicalMediaInfo(m.id, m.name != null ? m.name : m.barCode != null ? m.barCode : m.id.toString(), m.barCode, m.mediaType,
                    m.pool, m.state, m.library, m.location, m.locationType, m.homeSlot, m.sides, m.mountedSide, m.enabled);
        } else if (e instanceof Side s) {
            return new SideInfo(s.id, s.medium, s.logicalMedia, s.state, s.number, s.mountCount, s.allocateCount, s.capacity,
                    s.omidType, s.omidLabel);
        } else if (e instanceof Logical l) {
            Side s = state.get(l.side, Side.class);
            return new LogicalMediaInfo(l.id, l.name, l.pool, l.side, s.medium);
        } else if (e instanceof Pool p) {
            int logical = state.logicalInPool(p.id).size();
            return new MediaPoolInfo(p.id, p.name, p.path, p.type, p.mediaType, p.parent, p.policy,
                    state.mediaInPool(p.id).size(), logical, state.childPools(p.id).size());
        } else if (e instanceof MediaType t) {
            return new MediaTypeInfo(t.id, t.name, t.code, t.sides);
        }
        throw new IllegalStateException("no info for " + e.getClass().getSimpleName());
    }

    /** {@code EnumerateNtmsObject} with RSM's containment rules (RSM.md §1.3). */
    List<ObjectInfo> enumerate(RsmId container, ObjectType type) throws RsmException {
        if (type == null) {
            throw invalidParameter("no object type given to enumerate");
        }
        MemoryCatalog state = engine.state;
        List<Entity> found = new ArrayList<>();
        if (container == null) {
            switch (type) {
                case LIBRARY -> found.addAll(state.libraries());
                case DRIVE -> found.addAll(state.all(Drive.class));
                case STORAGESLOT -> found.addAll(state.all(Slot.class));
                case IEPORT -> found.addAll(state.all(Port.class));
                case PHYSICAL_MEDIA -> found.addAll(state.all(Medium.class));
                case PARTITION -> found.addAll(state.all(Side.class));
                case LOGICAL_MEDIA -> found.addAll(state.all(Logical.class));
                case MEDIA_TYPE -> found.addAll(state.mediaTypes());
                case MEDIA_POOL -> found.addAll(state.childPools(null));
                case LIBREQUEST -> {
                    return new ArrayList<>(engine.requests.of(null));
                }
                case OPREQUEST -> {
                    List<ObjectInfo> out = new ArrayList<>();
                    engine.requests.operatorRequests().forEach(r -> out.add(r.info()));
                    return out;
                }
                default -> throw invalidParameter("objects of type " + type + " cannot be enumerated");
            }
            return infos(found);
        }
        Entity c = state.get(container);
        if (c == null) {
            throw error(RsmError.OBJECT_NOT_FOUND, container.type().displayName() + " " + container + " is not known");
        }
        if (c instanceof Library l) {
            switch (type) {
                case DRIVE -> found.addAll(state.drives(l.id));
                case STORAGESLOT -> found.addAll(state.slots(l.id));
                case IEPORT -> found.addAll(state.ports(l.id));
                case PHYSICAL_MEDIA -> state.mediaInLibrary(l.id).forEach(id -> found.add(state.get(id, Medium.class)));
                case MEDIA_TYPE -> l.mediaTypes.forEach(t -> found.add(state.get(t, MediaType.class)));
                case LIBREQUEST -> {
                    return new ArrayList<>(engine.requests.of(l.id));
                }
                default -> throw wrongContainer(container, type);
            }
        } else if (c instanceof Pool p) {
            switch (type) {
                case MEDIA_POOL -> found.addAll(state.childPools(p.id));
                case PHYSICAL_MEDIA -> state.mediaInPool(p.id).forEach(id -> found.add(state.get(id, Medium.class)));
                case PARTITION -> state.mediaInPool(p.id).forEach(id -> sides(id, found));
                case LOGICAL_MEDIA -> state.logicalInPool(p.id).forEach(id -> found.add(state.get(id, Logical.class)));
                default -> throw wrongContainer(container, type);
            }
        } else if (c instanceof Medium m && type == ObjectType.PARTITION) {
            sides(m.id, found);
        } else if (c instanceof Logical l && type == ObjectType.PARTITION) {
            found.add(state.get(l.side, Side.class));
        } else {
            throw wrongContainer(container, type);
        }
        return infos(found);
    }

    private void sides(PhysicalMediaId medium, List<Entity> into) {
        for (SideId id : engine.state.sidesOf(medium)) {
            into.add(engine.state.get(id, Side.class));
        }
    }

    private List<ObjectInfo> infos(List<Entity> entities) {
        List<ObjectInfo> out = new ArrayList<>();
        for (Entity e : entities) {
            out.add(info(e));
        }
        return out;
    }

    private static RsmException wrongContainer(RsmId container, ObjectType type) {
        return invalidParameter("a " + container.type().displayName() + " does not contain objects of type " + type
                + " (RSM.md §1.3)");
    }

    List<LibraryInfo> libraries() {
        List<LibraryInfo> out = new ArrayList<>();
        for (Library l : engine.state.libraries()) {
            out.add((LibraryInfo) info(l));
        }
        out.sort((a, b) -> Boolean.compare(a.libraryType() == LibraryType.OFFLINE, b.libraryType() == LibraryType.OFFLINE));
        return out;
    }

    LibraryId libraryId(String name) {
        Library l = engine.state.library(name);
        return l == null ? null : l.id;
    }
}
