package org.openrsm.api;

import java.util.Objects;
import java.util.UUID;

/** Identity of a library door (RSM's GUID, RSM.md §1.1): persisted, never reused. */
public record DoorId(UUID value) implements RsmId {
    public DoorId {
        Objects.requireNonNull(value, "value");
    }

    /** A new, random identity. */
    public static DoorId random() {
        return new DoorId(UUID.randomUUID());
    }

    /** Parses the text form of {@link #toString()} or a bare UUID. */
    public static DoorId parse(String text) {
        return new DoorId(RsmIds.uuid(text, ObjectType.IEDOOR));
    }

    @Override
    public ObjectType type() {
        return ObjectType.IEDOOR;
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
