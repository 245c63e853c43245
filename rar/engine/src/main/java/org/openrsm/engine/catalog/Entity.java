package org.openrsm.engine.catalog;

import java.util.LinkedHashMap;
import java.util.Map;
import org.openrsm.api.RsmId;

/**
 * A stored object of the catalog. Entities are edited copy-on-write through a {@link Change}: an operation
 * edits copies, the copies are written to the store in one transaction, and only then replace the
 * originals, so a failed write leaves memory and store as they were.
 */
public abstract class Entity implements Cloneable {

    public abstract RsmId id();

    /** The store table. */
    public abstract String table();

    /** Column values, the id first; UUIDs as text, enums as RSM numbers, booleans as 0/1. */
    public abstract void columns(Map<String, Object> row);

    public final Map<String, Object> row() {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("ID", id().value().toString());
        columns(row);
        return row;
    }

    @SuppressWarnings("unchecked")
    public final <E extends Entity> E copy() {
        try {
            return (E) clone();
        } catch (CloneNotSupportedException e) {
            throw new AssertionError(e);
        }
    }

    /** A copy to edit; entities with mutable collections override it to copy them too. */
    public Entity duplicate() {
        return copy();
    }

    public static String text(RsmId id) {
        return id == null ? null : id.value().toString();
    }

    public static int bool(boolean b) {
        return b ? 1 : 0;
    }
}
