package org.openrsm.api;

/** RSM drive states ({@code NTMS_DRIVESTATE_*}, RSM.md §2.2). */
public enum DriveState {
    /** empty. */
    DISMOUNTED(0),
    /** medium inserted, not yet accessible. */
    MOUNTED(1),
    /** medium inserted and ready for I/O. */
    LOADED(2),
    /** medium unloaded, dismount in progress. */
    UNLOADED(5),
    /** cleaning cartridge in the drive. */
    BEING_CLEANED(6),
    /** logically dismounted, medium left in the drive (deferred dismount). */
    DISMOUNTABLE(7);

    private final int code;

    DriveState(int code) {
        this.code = code;
    }

    /** RSM's number for this value. */
    public int code() {
        return code;
    }

    /** The value with RSM's number {@code code}. */
    public static DriveState ofCode(int code) {
        for (DriveState v : values()) {
            if (v.code == code) {
                return v;
            }
        }
        throw new IllegalArgumentException("no DriveState has number " + code);
    }
}
