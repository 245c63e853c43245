package org.openrsm.api;

import java.util.Objects;
import java.util.UUID;

/** Identity of a storage slot (RSM's GUID, RSM.md §1.1): persisted, never reused. */
public record SlotId(UUID value) implements RsmId {
    public SlotId {
        Objects.requireNonNull(value, "value");
    }

    /** A new, random identity. */
    public static SlotId random() {
        return new SlotId(UUID.randomUUID());
    }

    /** Parses the text form of {@link #toString()} or a bare UUID. */
    public static SlotId parse(String text) {
        return new SlotId(RsmIds.uuid(text, ObjectType.STORAGESLOT));
    }

    @Override
    public ObjectType type() {
        return ObjectType.STORAGESLOT;
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
