package org.openrsm.api;

/** Physical medium states ({@code NTMS_MEDIASTATE_*}, RSM.md §2.3). */
public enum MediaState {
    /** in a slot, a dismounted drive or on the shelf. */
    IDLE(0),
    /** being moved or reserved by an operation. */
    INUSE(1),
    /** in a drive, not yet accessible. */
    MOUNTED(2),
    /** in a drive, one side accessible. */
    LOADED(3),
    /** in a drive, side no longer accessible. */
    UNLOADED(4),
    /** recoverable error. */
    OPERROR(5),
    /** waiting for an operator request. */
    OPREQ(6);

    private final int code;

    MediaState(int code) {
        this.code = code;
    }

    /** RSM's number for this value. */
    public int code() {
        return code;
    }

    /** The value with RSM's number {@code code}. */
    public static MediaState ofCode(int code) {
        for (MediaState v : values()) {
            if (v.code == code) {
                return v;
            }
        }
        throw new IllegalArgumentException("no MediaState has number " + code);
    }
}
