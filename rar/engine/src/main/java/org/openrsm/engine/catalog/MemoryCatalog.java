package org.openrsm.engine.catalog;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.openrsm.api.LibraryId;
import org.openrsm.api.LogicalMediaId;
import org.openrsm.api.MediaPoolId;
import org.openrsm.api.PhysicalMediaId;
import org.openrsm.api.RsmId;
import org.openrsm.api.SideId;
import org.openrsm.api.SideState;
import org.openrsm.engine.catalog.Model.Drive;
import org.openrsm.engine.catalog.Model.Library;
import org.openrsm.engine.catalog.Model.MediaType;
import org.openrsm.engine.catalog.Model.Medium;
import org.openrsm.engine.catalog.Model.Pool;
import org.openrsm.engine.catalog.Model.Port;
import org.openrsm.engine.catalog.Model.Side;
import org.openrsm.engine.catalog.Model.Slot;

/**
 * The committed catalog in memory, mirroring the store, with the indexes the engine looks things up by.
 * Only {@link #apply} changes it, after the store has committed the same change. Guarded by the engine lock.
 */
public final class MemoryCatalog {
    private final Map<RsmId, Entity> objects = new HashMap<>();
    private final Map<String, Library> librariesByName = new TreeMap<>();
    private final Map<String, Pool> poolsByPath = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final Map<String, MediaType> typesByName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final Map<String, Medium> mediaByBarCode = new HashMap<>();
    /** which cartridge is in a slot, drive or port */
    private final Map<RsmId, PhysicalMediaId> occupants = new HashMap<>();
    private final Map<MediaPoolId, Set<PhysicalMediaId>> mediaByPool = new HashMap<>();
    private final Map<PhysicalMediaId, List<SideId>> sidesByMedium = new HashMap<>();
    /** drives, slots and ports of each library by number */
    private final Map<LibraryId, TreeMap<Integer, Drive>> drives = new HashMap<>();
    private final Map<LibraryId, TreeMap<Integer, Slot>> slots = new HashMap<>();
    private final Map<LibraryId, TreeMap<Integer, Port>> ports = new HashMap<>();
    private final Map<LibraryId, Set<PhysicalMediaId>> mediaByLibrary = new HashMap<>();
    private final Map<MediaPoolId, Set<LogicalMediaId>> logicalByPool = new HashMap<>();
    /** per pool, the cartridges with at least one AVAILABLE side, by bar code: allocation looks here first */
    private final Map<MediaPoolId, TreeMap<String, PhysicalMediaId>> candidates = new HashMap<>();
    /** the key each cartridge is filed under in {@link #candidates} */
    /** where each candidate is filed: its pool and its key there (removing by value would scan the pool) */
    private final Map<PhysicalMediaId, Filed> candidateOf = new HashMap<>();

    private record Filed(MediaPoolId pool, String key) {
    }
    /** slots that are the home of a cartridge (which may be in a drive now) */
    private final Map<RsmId, PhysicalMediaId> homes = new HashMap<>();

    public <E extends Entity> E get(RsmId id, Class<E> type) {
        Entity e = objects.get(id);
        return type.isInstance(e) ? type.cast(e) : null;
    }

    public Entity get(RsmId id) {
        return objects.get(id);
    }

    public Library library(String name) {
        return librariesByName.get(name);
    }

    public Collection<Library> libraries() {
        return librariesByName.values();
    }

    public Pool pool(String path) {
        return poolsByPath.get(path);
    }

    public Collection<Pool> pools() {
        return poolsByPath.values();
    }

    /** The pools whose parent is {@code parent} (null: the top-level pools). */
    public List<Pool> childPools(MediaPoolId parent) {
        List<Pool> out = new ArrayList<>();
        for (Pool p : poolsByPath.values()) {
            if (Objects.equals(parent, p.parent)) {
                out.add(p);
            }
        }
        return out;
    }

    public MediaType mediaType(String name) {
        return typesByName.get(name);
    }

    public Collection<MediaType> mediaTypes() {
        return typesByName.values();
    }

    public Medium mediumByBarCode(String barCode) {
        return mediaByBarCode.get(barCode);
    }

    public Medium occupant(RsmId element) {
        PhysicalMediaId id = occupants.get(element);
        return id == null ? null : get(id, Medium.class);
    }

    /** The cartridge whose home the slot is, or null. */
    public PhysicalMediaId homeOf(RsmId slot) {
        return homes.get(slot);
    }

    /** Cartridges of the pool with an AVAILABLE side, lowest bar code first. */
    public Collection<PhysicalMediaId> withAvailableSides(MediaPoolId pool) {
        TreeMap<String, PhysicalMediaId> m = candidates.get(pool);
        return m == null ? List.of() : m.values();
    }

    private static String candidateKey(Medium m) {
        return (m.barCode == null ? "\uffff" : m.barCode) + "/" + m.id;
    }

    /** Files the cartridge under its pool if one of its sides is AVAILABLE, or takes it out. */
    private void refreshCandidate(PhysicalMediaId id) {
        Medium m = get(id, Medium.class);
        Filed was = candidateOf.remove(id);
        if (was != null) {
            TreeMap<String, PhysicalMediaId> old = candidates.get(was.pool());
            if (old != null) {
                old.remove(was.key());
            }
        }
        if (m == null) {
            return;
        }
        for (SideId sid : sidesByMedium.getOrDefault(id, List.of())) {
            Side s = get(sid, Side.class);
            if (s != null && s.state == SideState.AVAILABLE) {
                String key = candidateKey(m);
                candidates.computeIfAbsent(m.pool, p -> new TreeMap<>()).put(key, id);
                candidateOf.put(id, new Filed(m.pool, key));
                return;
            }
        }
    }

    public Set<PhysicalMediaId> mediaInPool(MediaPoolId pool) {
        return mediaByPool.getOrDefault(pool, Set.of());
    }

    public List<SideId> sidesOf(PhysicalMediaId medium) {
        return sidesByMedium.getOrDefault(medium, List.of());
    }

    public <E extends Entity> List<E> all(Class<E> type) {
        List<E> out = new ArrayList<>();
        for (Entity e : objects.values()) {
            if (type.isInstance(e)) {
                out.add(type.cast(e));
            }
        }
        return out;
    }

    public List<Drive> drives(LibraryId library) {
        TreeMap<Integer, Drive> m = drives.get(library);
        return m == null ? List.of() : new ArrayList<>(m.values());
    }

    /**
     * The library's drives in number order, as a read-only view (no copy: for the scheduler's scans, which change
     * no drive while they walk).
     */
    public Collection<Drive> drivesView(LibraryId library) {
        TreeMap<Integer, Drive> m = drives.get(library);
        return m == null ? List.of() : Collections.unmodifiableCollection(m.values());
    }

    /** The library's slots in number order, as a read-only view (no copy of 100,000 slots to find an empty one). */
    public Collection<Slot> slotsView(LibraryId library) {
        TreeMap<Integer, Slot> m = slots.get(library);
        return m == null ? List.of() : Collections.unmodifiableCollection(m.values());
    }

    public List<Slot> slots(LibraryId library) {
        TreeMap<Integer, Slot> m = slots.get(library);
        return m == null ? List.of() : new ArrayList<>(m.values());
    }

    public List<Port> ports(LibraryId library) {
        TreeMap<Integer, Port> m = ports.get(library);
        return m == null ? List.of() : new ArrayList<>(m.values());
    }

    /** Element {@code number} (from 1) of a library, or null. */
    public Drive drive(LibraryId library, int number) {
        TreeMap<Integer, Drive> m = drives.get(library);
        return m == null ? null : m.get(number);
    }

    public Slot slot(LibraryId library, int number) {
        TreeMap<Integer, Slot> m = slots.get(library);
        return m == null ? null : m.get(number);
    }

    public Port port(LibraryId library, int number) {
        TreeMap<Integer, Port> m = ports.get(library);
        return m == null ? null : m.get(number);
    }

    public Set<PhysicalMediaId> mediaInLibrary(LibraryId library) {
        return mediaByLibrary.getOrDefault(library, Set.of());
    }

    public Set<LogicalMediaId> logicalInPool(MediaPoolId pool) {
        return logicalByPool.getOrDefault(pool, Set.of());
    }

    /** Replaces and removes entities after the store committed them, keeping the indexes in step. */
    public void apply(Collection<Entity> upserts, Collection<Entity> deletes) {
        Set<PhysicalMediaId> touched = new LinkedHashSet<>();
        for (Entity e : deletes) {
            unindex(objects.remove(e.id()));
            touch(e, touched);
        }
        for (Entity e : upserts) {
            unindex(objects.put(e.id(), e));
            index(e);
            touch(e, touched);
        }
        for (PhysicalMediaId id : touched) {
            refreshCandidate(id);
        }
    }

    private static void touch(Entity e, Set<PhysicalMediaId> touched) {
        if (e instanceof Medium m) {
            touched.add(m.id);
        } else if (e instanceof Side s) {
            touched.add(s.medium);
        }
    }

    private void index(Entity e) {
        if (e instanceof Library l) {
            librariesByName.put(l.name, l);
        } else if (e instanceof Pool p) {
            poolsByPath.put(p.path, p);
        } else if (e instanceof MediaType t) {
            typesByName.put(t.name, t);
        } else if (e instanceof Medium m) {
            if (m.barCode != null) {
                mediaByBarCode.put(m.barCode, m);
            }
            if (m.location != null) {
                occupants.put(m.location, m.id);
            }
            if (m.homeSlot != null) {
                homes.put(m.homeSlot, m.id);
            }
            mediaByPool.computeIfAbsent(m.pool, p -> new LinkedHashSet<>()).add(m.id);
            mediaByLibrary.computeIfAbsent(m.library, l -> new LinkedHashSet<>()).add(m.id);
        } else if (e instanceof Drive d) {
            drives.computeIfAbsent(d.library, l -> new TreeMap<>()).put(d.number, d);
        } else if (e instanceof Slot sl) {
            slots.computeIfAbsent(sl.library, l -> new TreeMap<>()).put(sl.number, sl);
        } else if (e instanceof Port p) {
            ports.computeIfAbsent(p.library, l -> new TreeMap<>()).put(p.number, p);
        } else if (e instanceof Model.Logical l) {
            logicalByPool.computeIfAbsent(l.pool, p -> new LinkedHashSet<>()).add(l.id);
        } else if (e instanceof Side s) {
            List<SideId> sides = sidesByMedium.computeIfAbsent(s.medium, m -> new ArrayList<>());
            if (!sides.contains(s.id)) {
                sides.add(s.id);
                sides.sort(Comparator.comparingInt(id -> get(id, Side.class) == null ? 0 : get(id, Side.class).number));
            }
        }
    }

    private void unindex(Entity e) {
        if (e instanceof Library l) {
            librariesByName.remove(l.name);
        } else if (e instanceof Pool p) {
            poolsByPath.remove(p.path);
        } else if (e instanceof MediaType t) {
            typesByName.remove(t.name);
        } else if (e instanceof Medium m) {
            if (m.barCode != null) {
                mediaByBarCode.remove(m.barCode, m);
            }
            if (m.location != null) {
                occupants.remove(m.location, m.id);
            }
            if (m.homeSlot != null) {
                homes.remove(m.homeSlot, m.id);
            }
            Set<PhysicalMediaId> inPool = mediaByPool.get(m.pool);
            if (inPool != null) {
                inPool.remove(m.id);
            }
            Set<PhysicalMediaId> inLibrary = mediaByLibrary.get(m.library);
            if (inLibrary != null) {
                inLibrary.remove(m.id);
            }
        } else if (e instanceof Drive d) {
            removeElement(drives, d.library, d.number, d);
        } else if (e instanceof Slot sl) {
            removeElement(slots, sl.library, sl.number, sl);
        } else if (e instanceof Port p) {
            removeElement(ports, p.library, p.number, p);
        } else if (e instanceof Model.Logical l) {
            Set<LogicalMediaId> inPool = logicalByPool.get(l.pool);
            if (inPool != null) {
                inPool.remove(l.id);
            }
        } else if (e instanceof Side s && !objects.containsKey(s.id)) {
            List<SideId> sides = sidesByMedium.get(s.medium);
            if (sides != null) {
                sides.remove(s.id);
            }
        }
    }

    private static <E extends Entity> void removeElement(Map<LibraryId, TreeMap<Integer, E>> index, LibraryId library,
                                                         int number, E e) {
        TreeMap<Integer, E> m = index.get(library);
        if (m != null && m.get(number) != null && m.get(number).id().equals(e.id())) {
            m.remove(number);
        }
    }

    /** The library's name, or its id if it is not known. */
    public String libraryName(LibraryId id) {
        Library l = get(id, Library.class);
        return l == null ? String.valueOf(id) : l.name;
    }

    /** The library an object belongs to (a drive's, a slot's, a cartridge's), or null. */
    public LibraryId libraryOf(RsmId id) {
        Entity e = id == null ? null : get(id);
        if (e instanceof Library l) {
            return l.id;
        } else if (e instanceof Drive d) {
            return d.library;
        } else if (e instanceof Slot s) {
            return s.library;
        } else if (e instanceof Port p) {
            return p.library;
        } else if (e instanceof Medium m) {
            return m.library;
        }
        return null;
    }
}
