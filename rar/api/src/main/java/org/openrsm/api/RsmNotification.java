package org.openrsm.api;

import java.time.Instant;

/**
 * One notification (RSM.md §6): only the id travels; re-read the object with {@code info} (and treat DELETE
 * as gone). {@code sequence} increases by one per notification of one engine, so a gap means a lost event.
 */
public record RsmNotification(long sequence, NotificationOperation operation, ObjectType objectType, RsmId id,
                              Instant time) implements java.io.Serializable {
}
