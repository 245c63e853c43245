package org.openrsm.api;

/** Media pool types ({@code NTMS_POOLTYPE_*}, RSM.md §1.6). */
public enum PoolType {
    /** unknown. */
    UNKNOWN(0),
    /** Free. */
    SCRATCH(1),
    /** Unrecognized. */
    FOREIGN(2),
    /** Import. */
    IMPORT(3),
    /** application pool. */
    APPLICATION(1000);

    private final int code;

    PoolType(int code) {
        this.code = code;
    }

    /** RSM's number for this value. */
    public int code() {
        return code;
    }

    /** The value with RSM's number {@code code}. */
    public static PoolType ofCode(int code) {
        for (PoolType v : values()) {
            if (v.code == code) {
                return v;
            }
        }
        throw new IllegalArgumentException("no PoolType has number " + code);
    }
}
