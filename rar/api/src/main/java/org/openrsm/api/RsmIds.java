package org.openrsm.api;

import java.util.UUID;

final class RsmIds {
    private RsmIds() {
    }

    static UUID uuid(String text, ObjectType type) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("no " + type.displayName() + " id given");
        }
        try {
            return UUID.fromString(text.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is not a " + type.displayName() + " id (a UUID)", e);
        }
    }
}
