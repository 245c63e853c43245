package org.openrsm.api;

import java.util.Objects;
import java.util.UUID;

/** Identity of a drive (RSM's GUID, RSM.md §1.1): persisted, never reused. */
public record DriveId(UUID value) implements RsmId {
    public DriveId {
        Objects.requireNonNull(value, "value");
    }

    /** A new, random identity. */
    public static DriveId random() {
        return new DriveId(UUID.randomUUID());
    }

    /** Parses the text form of {@link #toString()} or a bare UUID. */
    public static DriveId parse(String text) {
        return new DriveId(RsmIds.uuid(text, ObjectType.DRIVE));
    }

    @Override
    public ObjectType type() {
        return ObjectType.DRIVE;
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
