package org.openrsm.api;

import java.util.Objects;
import java.util.UUID;

/** Identity of an insert/eject port (RSM's GUID, RSM.md §1.1): persisted, never reused. */
public record PortId(UUID value) implements RsmId {
    public PortId {
        Objects.requireNonNull(value, "value");
    }

    /** A new, random identity. */
    public static PortId random() {
        return new PortId(UUID.randomUUID());
    }

    /** Parses the text form of {@link #toString()} or a bare UUID. */
    public static PortId parse(String text) {
        return new PortId(RsmIds.uuid(text, ObjectType.IEPORT));
    }

    @Override
    public ObjectType type() {
        return ObjectType.IEPORT;
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
