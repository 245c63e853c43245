package org.openrsm.api;

/** Operator request types ({@code NTMS_OPREQ_*}, RSM.md §3.6). */
public enum OperatorRequestType {
    /** unknown. */
    UNKNOWN(0),
    /** new media needed. */
    NEWMEDIA(1),
    /** cleaner needed. */
    CLEANER(2),
    /** device needs service. */
    DEVICESERVICE(3),
    /** move a medium. */
    MOVEMEDIA(4),
    /** message. */
    MESSAGE(5);

    private final int code;

    OperatorRequestType(int code) {
        this.code = code;
    }

    /** RSM's number for this value. */
    public int code() {
        return code;
    }

    /** The value with RSM's number {@code code}. */
    public static OperatorRequestType ofCode(int code) {
        for (OperatorRequestType v : values()) {
            if (v.code == code) {
                return v;
            }
        }
        throw new IllegalArgumentException("no OperatorRequestType has number " + code);
    }
}
