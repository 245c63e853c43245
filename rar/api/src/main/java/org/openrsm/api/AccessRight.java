package org.openrsm.api;

/** Access rights ({@code NTMS_*_ACCESS}, RSM.md §4). */
public enum AccessRight {
    /** use. */
    USE(1),
    /** modify. */
    MODIFY(2),
    /** control. */
    CONTROL(4);

    private final int code;

    AccessRight(int code) {
        this.code = code;
    }

    /** RSM's number for this value. */
    public int code() {
        return code;
    }

    /** The value with RSM's number {@code code}. */
    public static AccessRight ofCode(int code) {
        for (AccessRight v : values()) {
            if (v.code == code) {
                return v;
            }
        }
        throw new IllegalArgumentException("no AccessRight has number " + code);
    }
}
