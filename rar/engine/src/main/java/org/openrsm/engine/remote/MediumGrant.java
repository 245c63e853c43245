package org.openrsm.engine.remote;

import java.io.Serializable;
import org.openrsm.api.DriveId;
import org.openrsm.api.LogicalMediaId;
import org.openrsm.api.PhysicalMediaId;
import org.openrsm.api.SideId;

/**
 * What the server driving the catalog lets a session of a server standing by open: side {@code side} of cartridge
 * {@code barCode} in drive {@code drive} (its number in library {@code library}), for writing or reading. The server
 * standing by opens it through its own data path of that library, which checks the drive holds that cartridge.
 *
 * @param blank the side holds what an earlier owner wrote: it reads blank until written
 */
public record MediumGrant(String library, int drive, String barCode, int side, boolean write, boolean blank,
                          DriveId driveId, SideId sideId, LogicalMediaId logicalMedia, PhysicalMediaId cartridge)
        implements Serializable {

    /** Whether {@code id} names this grant's drive, side, logical medium or cartridge. */
    boolean names(Object id) {
        return id != null && (id.equals(driveId) || id.equals(sideId) || id.equals(logicalMedia) || id.equals(cartridge));
    }
}
