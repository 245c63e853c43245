package org.openrsm.api;

/** Storage slot states ({@code NTMS_SLOTSTATE_*}, RSM.md §1.4). */
public enum SlotState {
    /** unknown. */
    UNKNOWN(0),
    /** full. */
    FULL(1),
    /** empty. */
    EMPTY(2),
    /** magazine removed. */
    NOTPRESENT(3),
    /** needs inventory. */
    NEEDSINVENTORY(4);

    private final int code;

    SlotState(int code) {
        this.code = code;
    }

    /** RSM's number for this value. */
    public int code() {
        return code;
    }

    /** The value with RSM's number {@code code}. */
    public static SlotState ofCode(int code) {
        for (SlotState v : values()) {
            if (v.code == code) {
                return v;
            }
        }
        throw new IllegalArgumentException("no SlotState has number " + code);
    }
}
