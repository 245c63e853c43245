package org.openrsm.api;

import java.util.Objects;
import java.util.UUID;

/** Identity of a media type (RSM's GUID, RSM.md §1.1): persisted, never reused. */
public record MediaTypeId(UUID value) implements RsmId {
    public MediaTypeId {
        Objects.requireNonNull(value, "value");
    }

    /** A new, random identity. */
    public static MediaTypeId random() {
        return new MediaTypeId(UUID.randomUUID());
    }

    /** Parses the text form of {@link #toString()} or a bare UUID. */
    public static MediaTypeId parse(String text) {
        return new MediaTypeId(RsmIds.uuid(text, ObjectType.MEDIA_TYPE));
    }

    @Override
    public ObjectType type() {
        return ObjectType.MEDIA_TYPE;
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
