package org.openrsm.api;

import java.util.Objects;
import java.util.UUID;

/** Identity of a logical medium (what an allocation hands out) (RSM's GUID, RSM.md §1.1): persisted, never reused. */
public record LogicalMediaId(UUID value) implements MediaId {
    public LogicalMediaId {
        Objects.requireNonNull(value, "value");
    }

    /** A new, random identity. */
    public static LogicalMediaId random() {
        return new LogicalMediaId(UUID.randomUUID());
    }

    /** Parses the text form of {@link #toString()} or a bare UUID. */
    public static LogicalMediaId parse(String text) {
        return new LogicalMediaId(RsmIds.uuid(text, ObjectType.LOGICAL_MEDIA));
    }

    @Override
    public ObjectType type() {
        return ObjectType.LOGICAL_MEDIA;
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
