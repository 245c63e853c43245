package org.openrsm.api;

import java.util.Objects;
import java.util.UUID;

/** Identity of an operator request (RSM's GUID, RSM.md §1.1): persisted, never reused. */
public record OperatorRequestId(UUID value) implements RsmId {
    public OperatorRequestId {
        Objects.requireNonNull(value, "value");
    }

    /** A new, random identity. */
    public static OperatorRequestId random() {
        return new OperatorRequestId(UUID.randomUUID());
    }

    /** Parses the text form of {@link #toString()} or a bare UUID. */
    public static OperatorRequestId parse(String text) {
        return new OperatorRequestId(RsmIds.uuid(text, ObjectType.OPREQUEST));
    }

    @Override
    public ObjectType type() {
        return ObjectType.OPREQUEST;
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
