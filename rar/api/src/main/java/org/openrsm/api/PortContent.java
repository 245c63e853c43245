package org.openrsm.api;

/** IE port content ({@code NTMS_PORTCONTENT_*}). */
public enum PortContent {
    /** unknown. */
    UNKNOWN(0),
    /** full. */
    FULL(1),
    /** empty. */
    EMPTY(2);

    private final int code;

    PortContent(int code) {
        this.code = code;
    }

    /** RSM's number for this value. */
    public int code() {
        return code;
    }

    /** The value with RSM's number {@code code}. */
    public static PortContent ofCode(int code) {
        for (PortContent v : values()) {
            if (v.code == code) {
                return v;
            }
        }
        throw new IllegalArgumentException("no PortContent has number " + code);
    }
}
