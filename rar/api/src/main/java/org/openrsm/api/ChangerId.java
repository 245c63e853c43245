package org.openrsm.api;

import java.util.Objects;
import java.util.UUID;

/** Identity of a changer (robot) (RSM's GUID, RSM.md §1.1): persisted, never reused. */
public record ChangerId(UUID value) implements RsmId {
    public ChangerId {
        Objects.requireNonNull(value, "value");
    }

    /** A new, random identity. */
    public static ChangerId random() {
        return new ChangerId(UUID.randomUUID());
    }

    /** Parses the text form of {@link #toString()} or a bare UUID. */
    public static ChangerId parse(String text) {
        return new ChangerId(RsmIds.uuid(text, ObjectType.CHANGER));
    }

    @Override
    public ObjectType type() {
        return ObjectType.CHANGER;
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
