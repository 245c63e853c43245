package org.openrsm.api;

import java.time.Duration;
import java.time.Instant;

/**
 * A drive ({@code NTMS_DRIVEINFORMATION}). {@code mountedSide} is null when the drive is empty;
 * {@code mediumBarCode} is the bar code of the cartridge in it (null if none) and {@code session} the
 * application name of the session it is mounted for (null if none, e.g. while DISMOUNTABLE).
 */
public record DriveInfo(DriveId id, String name, int number, DriveState state, boolean enabled,
                        OperationalState operationalState, SideId mountedSide, String deviceName,
                        long mountCount, Duration deferDismountDelay, LibraryId library, Instant lastCleaned,
                        String mediumBarCode, String session)
        implements ObjectInfo {
}
