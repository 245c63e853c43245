package org.openrsm.api;

/** Library request states ({@code NtmsLmState}, RSM.md §2.5). */
public enum LibraryRequestState {
    /** queued. */
    QUEUED(0),
    /** in process. */
    INPROCESS(1),
    /** done. */
    PASSED(2),
    /** failed. */
    FAILED(3),
    /** invalid. */
    INVALID(4),
    /** waiting for a drive or an operator. */
    WAITING(5),
    /** deferred. */
    DEFERRED(6),
    /** cancelled. */
    CANCELLED(7),
    /** stopped. */
    STOPPED(8);

    private final int code;

    LibraryRequestState(int code) {
        this.code = code;
    }

    /** RSM's number for this value. */
    public int code() {
        return code;
    }

    /** The value with RSM's number {@code code}. */
    public static LibraryRequestState ofCode(int code) {
        for (LibraryRequestState v : values()) {
            if (v.code == code) {
                return v;
            }
        }
        throw new IllegalArgumentException("no LibraryRequestState has number " + code);
    }
}
