package org.openrsm.api;

/** Operator request states ({@code NtmsOpreqState}, RSM.md §2.6). */
public enum OperatorRequestState {
    /** unknown. */
    UNKNOWN(0),
    /** not yet seen by a console. */
    SUBMITTED(1),
    /** shown on a console. */
    ACTIVE(2),
    /** acknowledged by an operator. */
    INPROGRESS(3),
    /** refused or cancelled. */
    REFUSED(4),
    /** done. */
    COMPLETE(5);

    private final int code;

    OperatorRequestState(int code) {
        this.code = code;
    }

    /** RSM's number for this value. */
    public int code() {
        return code;
    }

    /** The value with RSM's number {@code code}. */
    public static OperatorRequestState ofCode(int code) {
        for (OperatorRequestState v : values()) {
            if (v.code == code) {
                return v;
            }
        }
        throw new IllegalArgumentException("no OperatorRequestState has number " + code);
    }
}
