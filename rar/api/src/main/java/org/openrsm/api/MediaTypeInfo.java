package org.openrsm.api;

/** A media type ({@code NTMS_MEDIATYPEINFORMATION}); {@code code} is RSM's media type code (0x56 for LTO). */
public record MediaTypeInfo(MediaTypeId id, String name, int code, int numberOfSides)
        implements ObjectInfo {
}
