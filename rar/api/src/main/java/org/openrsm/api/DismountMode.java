package org.openrsm.api;

/** Dismount options ({@code NTMS_DISMOUNT_*}, RSM.md §5.9). */
public enum DismountMode {
    /** mark the drive DISMOUNTABLE and keep the medium in it. */
    DEFERRED(1),
    /** return the medium to its home slot now. */
    IMMEDIATE(2);

    private final int code;

    DismountMode(int code) {
        this.code = code;
    }

    /** RSM's number for this value. */
    public int code() {
        return code;
    }

    /** The value with RSM's number {@code code}. */
    public static DismountMode ofCode(int code) {
        for (DismountMode v : values()) {
            if (v.code == code) {
                return v;
            }
        }
        throw new IllegalArgumentException("no DismountMode has number " + code);
    }
}
