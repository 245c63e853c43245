package org.openrsm.api;

import java.util.Objects;
import java.util.UUID;

/** Identity of a side (partition) of a physical medium (RSM's GUID, RSM.md §1.1): persisted, never reused. */
public record SideId(UUID value) implements MediaId {
    public SideId {
        Objects.requireNonNull(value, "value");
    }

    /** A new, random identity. */
    public static SideId random() {
        return new SideId(UUID.randomUUID());
    }

    /** Parses the text form of {@link #toString()} or a bare UUID. */
    public static SideId parse(String text) {
        return new SideId(RsmIds.uuid(text, ObjectType.PARTITION));
    }

    @Override
    public ObjectType type() {
        return ObjectType.PARTITION;
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
