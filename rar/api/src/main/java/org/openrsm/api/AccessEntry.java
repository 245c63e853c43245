package org.openrsm.api;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * One ACL entry: the rights of a principal, a user or group name as the container or the SessionSpec gives
 * it. {@link #EVERYONE} stands for every principal.
 */
public record AccessEntry(String principal, Set<AccessRight> rights) implements java.io.Serializable {
    /** The principal that matches every caller. */
    public static final String EVERYONE = "*";

    public AccessEntry {
        Objects.requireNonNull(principal, "principal");
        if (principal.isBlank() || principal.length() > 64) {
            throw new IllegalArgumentException("ACL principal '" + principal + "' must have 1 to 64 characters");
        }
        rights = rights.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(rights));
    }

    public static AccessEntry of(String principal, AccessRight... rights) {
        return new AccessEntry(principal, rights.length == 0 ? Set.of() : EnumSet.of(rights[0], rights));
    }
}
