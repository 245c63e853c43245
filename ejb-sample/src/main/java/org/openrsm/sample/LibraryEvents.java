package org.openrsm.sample;

import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Singleton;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.openrsm.api.RsmNotification;

/** The last library events the {@link LibraryEventRecorder} received, oldest first (at most {@link #KEPT}). */
@Singleton
@Lock(LockType.WRITE)
public class LibraryEvents {
    static final int KEPT = 1000;
    private final ArrayDeque<RsmNotification> events = new ArrayDeque<>();

    public void record(RsmNotification n) {
        if (events.size() == KEPT) {
            events.removeFirst();
        }
        events.addLast(n);
    }

    /** The events after sequence number {@code after}, oldest first. */
    @Lock(LockType.READ)
    public List<RsmNotification> after(long after) {
        List<RsmNotification> list = new ArrayList<>();
        for (RsmNotification n : events) {
            if (n.sequence() > after) {
                list.add(n);
            }
        }
        return list;
    }
}
