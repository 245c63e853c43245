package org.openrsm.api;

/** How a mounted side is opened for data. */
public enum AccessMode {
    /** read. */
    READ(1),
    /** read and write. */
    WRITE(2);

    private final int code;

    AccessMode(int code) {
        this.code = code;
    }

    /** RSM's number for this value. */
    public int code() {
        return code;
    }

    /** The value with RSM's number {@code code}. */
    public static AccessMode ofCode(int code) {
        for (AccessMode v : values()) {
            if (v.code == code) {
                return v;
            }
        }
        throw new IllegalArgumentException("no AccessMode has number " + code);
    }
}
