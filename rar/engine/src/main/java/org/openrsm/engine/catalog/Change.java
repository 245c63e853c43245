package org.openrsm.engine.catalog;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.openrsm.api.RsmId;

/**
 * One unit of work on the catalog: copies of the entities an operation edits, created and deleted
 * entities. CatalogCommits.commit writes it to the store and then applies it to the {@link MemoryCatalog}.
 */
public final class Change {
    private final MemoryCatalog state;
    private final Map<RsmId, Entity> upserts = new LinkedHashMap<>();
    private final Map<RsmId, Entity> deletes = new LinkedHashMap<>();
    /** new entities; their ids are usually set after {@link #create} returns */
    private final List<Entity> created = new ArrayList<>();
    private final Set<Entity> createdSet = Collections.newSetFromMap(new IdentityHashMap<>());

    public Change(MemoryCatalog state) {
        this.state = state;
    }

    /** The entity as this change sees it: its edited copy if any, else the committed one; null if deleted. */
    public <E extends Entity> E get(RsmId id, Class<E> type) {
        if (deletes.containsKey(id)) {
            return null;
        }
        Entity e = upserts.get(id);
        if (e != null) {
            return type.isInstance(e) ? type.cast(e) : null;
        }
        for (Entity c : created) {
            if (id.equals(c.id())) {
                return type.isInstance(c) ? type.cast(c) : null;
            }
        }
        return state.get(id, type);
    }

    /** The committed entity {@code e} as this change has it: its edited copy if any, else {@code e} itself. */
    public <E extends Entity> E current(E e) {
        Entity copy = upserts.get(e.id());
        @SuppressWarnings("unchecked")
        E typed = copy == null ? e : (E) copy;
        return typed;
    }

    /** An editable copy of {@code e} (the same copy on every call for the same id). */
    public <E extends Entity> E edit(E e) {
        if (createdSet.contains(e)) {
            return e;
        }
        Entity copy = upserts.get(e.id());
        if (copy == null) {
            copy = e.duplicate();
            upserts.put(e.id(), copy);
        }
        @SuppressWarnings("unchecked")
        E typed = (E) copy;
        return typed;
    }

    public <E extends Entity> E create(E e) {
        created.add(e);
        createdSet.add(e);
        return e;
    }

    public void delete(Entity e) {
        upserts.remove(e.id());
        if (createdSet.remove(e)) {
            created.remove(e);
        }
        deletes.put(e.id(), e);
    }

    public List<Entity> upserts() {
        List<Entity> all = new ArrayList<>(created);
        all.addAll(upserts.values());
        return all;
    }

    /** Entities new in this change: inserted, not updated. */
    public List<Entity> created() {
        return new ArrayList<>(created);
    }

    /** Entities edited by this change: updated. */
    public List<Entity> edited() {
        return new ArrayList<>(upserts.values());
    }

    public List<Entity> deletes() {
        return new ArrayList<>(deletes.values());
    }

    public boolean isEmpty() {
        return upserts.isEmpty() && deletes.isEmpty() && created.isEmpty();
    }
}
