package org.openrsm.api;

import java.util.Objects;
import java.util.UUID;

/** Identity of a physical medium (cartridge) (RSM's GUID, RSM.md §1.1): persisted, never reused. */
public record PhysicalMediaId(UUID value) implements RsmId {
    public PhysicalMediaId {
        Objects.requireNonNull(value, "value");
    }

    /** A new, random identity. */
    public static PhysicalMediaId random() {
        return new PhysicalMediaId(UUID.randomUUID());
    }

    /** Parses the text form of {@link #toString()} or a bare UUID. */
    public static PhysicalMediaId parse(String text) {
        return new PhysicalMediaId(RsmIds.uuid(text, ObjectType.PHYSICAL_MEDIA));
    }

    @Override
    public ObjectType type() {
        return ObjectType.PHYSICAL_MEDIA;
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
