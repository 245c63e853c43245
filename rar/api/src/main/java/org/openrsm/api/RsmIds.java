package org.openrsm.api;

import java.util.UUID;
import java.util.regex.Pattern;

final class RsmIds {
    /** The canonical text form of a UUID, as {@code UUID.toString()} writes it (either case). */
    private static final Pattern CANONICAL = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private RsmIds() {
    }

    static UUID uuid(String text, ObjectType type) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("no " + type.displayName() + " id given");
        }
        // strict: UUID.fromString takes "1-1-1-1-1", and a trimmed id would let "<id> " name the same object
        if (!CANONICAL.matcher(text).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a " + type.displayName()
                    + " id (a UUID: 8-4-4-4-12 hexadecimal digits)");
        }
        return UUID.fromString(text);
    }
}
