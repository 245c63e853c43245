package org.openrsm.api;

/** Side (partition) states ({@code NTMS_PARTSTATE_*}, RSM.md §2.4). */
public enum SideState {
    /** unknown / new. */
    UNKNOWN(0),
    /** in the free pool, waiting for its free-media label. */
    UNPREPARED(1),
    /** media type not usable here. */
    INCOMPATIBLE(2),
    /** retired, never allocated again. */
    DECOMMISSIONED(3),
    /** may be allocated. */
    AVAILABLE(4),
    /** owned by one application (has a logical medium). */
    ALLOCATED(5),
    /** allocated and closed: read-only mounts only. */
    COMPLETE(6),
    /** unrecognized. */
    FOREIGN(7),
    /** imported: label type known, id unknown. */
    IMPORT(8),
    /** other side of a two-sided medium allocated with NEW. */
    RESERVED(9);

    private final int code;

    SideState(int code) {
        this.code = code;
    }

    /** RSM's number for this value. */
    public int code() {
        return code;
    }

    /** The value with RSM's number {@code code}. */
    public static SideState ofCode(int code) {
        for (SideState v : values()) {
            if (v.code == code) {
                return v;
            }
        }
        throw new IllegalArgumentException("no SideState has number " + code);
    }
}
