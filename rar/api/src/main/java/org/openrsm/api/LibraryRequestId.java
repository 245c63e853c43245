package org.openrsm.api;

import java.util.Objects;
import java.util.UUID;

/** Identity of a library request (queued work item) (RSM's GUID, RSM.md §1.1): persisted, never reused. */
public record LibraryRequestId(UUID value) implements RsmId {
    public LibraryRequestId {
        Objects.requireNonNull(value, "value");
    }

    /** A new, random identity. */
    public static LibraryRequestId random() {
        return new LibraryRequestId(UUID.randomUUID());
    }

    /** Parses the text form of {@link #toString()} or a bare UUID. */
    public static LibraryRequestId parse(String text) {
        return new LibraryRequestId(RsmIds.uuid(text, ObjectType.LIBREQUEST));
    }

    @Override
    public ObjectType type() {
        return ObjectType.LIBREQUEST;
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
