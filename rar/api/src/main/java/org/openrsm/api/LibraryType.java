package org.openrsm.api;

/** Library kinds ({@code NTMS_LIBRARYTYPE_*}, RSM.md §1.4). */
public enum LibraryType {
    /** unknown. */
    UNKNOWN(0),
    /** the offline library (shelf). */
    OFFLINE(1),
    /** robotic changer. */
    ONLINE(2),
    /** stand-alone drive. */
    STANDALONE(3);

    private final int code;

    LibraryType(int code) {
        this.code = code;
    }

    /** RSM's number for this value. */
    public int code() {
        return code;
    }

    /** The value with RSM's number {@code code}. */
    public static LibraryType ofCode(int code) {
        for (LibraryType v : values()) {
            if (v.code == code) {
                return v;
            }
        }
        throw new IllegalArgumentException("no LibraryType has number " + code);
    }
}
