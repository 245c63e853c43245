package org.openrsm.api;

/** Operational states ({@code NTMS_READY} …, RSM.md §2.1). */
public enum OperationalState {
    /** ready. */
    READY(0),
    /** initializing. */
    INITIALIZING(10),
    /** failed, needs repair. */
    NEEDS_SERVICE(20),
    /** known to the store, hardware gone. */
    NOT_PRESENT(21);

    private final int code;

    OperationalState(int code) {
        this.code = code;
    }

    /** RSM's number for this value. */
    public int code() {
        return code;
    }

    /** The value with RSM's number {@code code}. */
    public static OperationalState ofCode(int code) {
        for (OperationalState v : values()) {
            if (v.code == code) {
                return v;
            }
        }
        throw new IllegalArgumentException("no OperationalState has number " + code);
    }
}
