package org.openrsm.api;

import java.util.Objects;
import java.util.UUID;

/** Identity of a library (RSM's GUID, RSM.md §1.1): persisted, never reused. */
public record LibraryId(UUID value) implements RsmId {
    public LibraryId {
        Objects.requireNonNull(value, "value");
    }

    /** A new, random identity. */
    public static LibraryId random() {
        return new LibraryId(UUID.randomUUID());
    }

    /** Parses the text form of {@link #toString()} or a bare UUID. */
    public static LibraryId parse(String text) {
        return new LibraryId(RsmIds.uuid(text, ObjectType.LIBRARY));
    }

    @Override
    public ObjectType type() {
        return ObjectType.LIBRARY;
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
