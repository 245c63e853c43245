package org.openrsm.api;

/** How {@code createMediaPool} treats an existing pool ({@code NTMS_OPEN_EXISTING} …). */
public enum CreateDisposition {
    /** open, fail if missing. */
    OPEN_EXISTING(1),
    /** create, fail if present. */
    CREATE_NEW(2),
    /** open or create. */
    OPEN_ALWAYS(3);

    private final int code;

    CreateDisposition(int code) {
        this.code = code;
    }

    /** RSM's number for this value. */
    public int code() {
        return code;
    }

    /** The value with RSM's number {@code code}. */
    public static CreateDisposition ofCode(int code) {
        for (CreateDisposition v : values()) {
            if (v.code == code) {
                return v;
            }
        }
        throw new IllegalArgumentException("no CreateDisposition has number " + code);
    }
}
