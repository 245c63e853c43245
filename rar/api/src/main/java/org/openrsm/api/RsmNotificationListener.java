package org.openrsm.api;

/** Receives notifications in the order the engine committed the changes, one at a time per listener. */
@FunctionalInterface
public interface RsmNotificationListener {
    void onNotification(RsmNotification notification);
}
