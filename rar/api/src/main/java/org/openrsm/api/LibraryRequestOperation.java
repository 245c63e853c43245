package org.openrsm.api;

/** What a library request does ({@code NtmsLmOperation}, RSM.md §2.5); DISABLE/ENABLE are the library's. */
public enum LibraryRequestOperation {
    REMOVE(0),
    DISABLE(1),
    ENABLE(2),
    DISABLEDRIVE(3),
    ENABLEDRIVE(4),
    DISABLEMEDIA(5),
    ENABLEMEDIA(6),
    UPDATEOMID(7),
    INVENTORY(8),
    DOORACCESS(9),
    EJECT(10),
    EJECTCLEANER(11),
    INJECT(12),
    INJECTCLEANER(13),
    PROCESSOMID(14),
    CLEANDRIVE(15),
    DISMOUNT(16),
    MOUNT(17),
    WRITESCRATCH(18),
    CLASSIFY(19),
    RESERVECLEANER(20),
    RELEASECLEANER(21);

    private final int code;

    LibraryRequestOperation(int code) {
        this.code = code;
    }

    /** RSM's number for this operation. */
    public int code() {
        return code;
    }
}
