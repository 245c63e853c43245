package org.openrsm.api;

/** What a notification says happened ({@code NtmsNotificationOperations}, RSM.md §6). */
public enum NotificationOperation {
    /** an object changed. */
    UPDATE(1),
    /** an object was created. */
    INSERT(2),
    /** an object was removed. */
    DELETE(3),
    /** an asynchronous operation changed state. */
    SIGNAL(4),
    /** an asynchronous operation finished. */
    COMPLETE(5),
    /**
     * OpenRSM's own, to message endpoints only: the endpoint fell too far behind, the events in between were dropped;
     * re-read the state it needs ({@code objectType} and {@code id} are null).
     */
    RESYNCHRONIZE(100);

    private final int code;

    NotificationOperation(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
