package org.openrsm.api;

import java.util.Objects;
import java.util.UUID;

/** Identity of a media pool (RSM's GUID, RSM.md §1.1): persisted, never reused. */
public record MediaPoolId(UUID value) implements RsmId {
    public MediaPoolId {
        Objects.requireNonNull(value, "value");
    }

    /** A new, random identity. */
    public static MediaPoolId random() {
        return new MediaPoolId(UUID.randomUUID());
    }

    /** Parses the text form of {@link #toString()} or a bare UUID. */
    public static MediaPoolId parse(String text) {
        return new MediaPoolId(RsmIds.uuid(text, ObjectType.MEDIA_POOL));
    }

    @Override
    public ObjectType type() {
        return ObjectType.MEDIA_POOL;
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
