package org.openrsm.api;

/** An IE port ({@code NTMS_IEPORTINFORMATION}); {@code medium} is null when empty. */
public record PortInfo(PortId id, int number, PortContent content, LibraryId library, PhysicalMediaId medium)
        implements ObjectInfo {
}
