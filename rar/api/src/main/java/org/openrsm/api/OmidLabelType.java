package org.openrsm.api;

/** What an on-media identifier describes ({@code NTMS_OMID_TYPE_*}, RSM.md §3.3 {@code UpdateNtmsOmidInfo}). */
public enum OmidLabelType {
    /** the raw bytes of the label the application wrote. */
    RAW_LABEL(1),
    /** an {@code NTMS_FILESYSTEM_INFO}: file system type, volume name, serial number. */
    FILESYSTEM_INFO(2);

    private final int code;

    OmidLabelType(int code) {
        this.code = code;
    }

    /** RSM's number for this value. */
    public int code() {
        return code;
    }

    /** The value with RSM's number {@code code}. */
    public static OmidLabelType ofCode(int code) {
        for (OmidLabelType v : values()) {
            if (v.code == code) {
                return v;
            }
        }
        throw new IllegalArgumentException("no OmidLabelType has number " + code);
    }
}
