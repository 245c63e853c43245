package org.openrsm.console;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.management.InstanceNotFoundException;
import javax.management.ListenerNotFoundException;
import javax.management.NotificationListener;
import javax.management.ObjectName;

/**
 * Pushes a library's view to the pages that watch it whenever the engine says something changed (a drive's state, a
 * library request, a mount, an operator request): server-sent events, no polling by the page. Changes within 150 ms
 * go out as one event.
 */
@ApplicationScoped
public class LiveUpdates {
    private final Map<String, Set<SseEventSink>> watchers = new ConcurrentHashMap<>();
    private final Map<String, AtomicBoolean> pending = new ConcurrentHashMap<>();
    private final Set<String> listening = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "openrsm-console-updates");
        t.setDaemon(true);
        return t;
    });
    private final NotificationListener changed = (n, library) -> changed((String) library);
    private volatile Sse sse;

    /**
     * A comment to every page every 2 s: a page that went away is noticed and its request ends (an open request would
     * hold up a server stop for its whole quiesce time).
     */
    LiveUpdates() {
        timer.scheduleWithFixedDelay(this::heartbeat, 2, 2, TimeUnit.SECONDS);
    }

    private void heartbeat() {
        Sse s = sse;
        if (s == null) {
            return;
        }
        watchers.forEach((library, sinks) -> sinks.forEach(sink -> {
            if (sink.isClosed()) {
                sinks.remove(sink);
                return;
            }
            sink.send(s.newEventBuilder().comment("still here").build()).whenComplete((ok, failure) -> {
                if (failure != null) {
                    sinks.remove(sink);
                    sink.close();
                }
            });
        }));
    }

    void watch(String library, SseEventSink sink, Sse sse) {
        this.sse = sse;
        listen(library);
        watchers.computeIfAbsent(library, l -> ConcurrentHashMap.newKeySet()).add(sink);
        send(library, sink, sse);
    }

    private void listen(String library) {
        if (!listening.add(library)) {
            return;
        }
        try {
            EngineBeans.server().addNotificationListener(EngineBeans.name("org.openrsm:type=Library,name=" + library),
                    changed, null, library);
            for (ObjectName drive : EngineBeans.server().queryNames(
                    EngineBeans.name("org.openrsm:type=Drive,library=" + library + ",*"), null)) {
                EngineBeans.server().addNotificationListener(drive, changed, null, library);
            }
        } catch (InstanceNotFoundException e) {
            listening.remove(library);
        }
    }

    /** Something changed in the library: one push soon, whatever else changes meanwhile. */
    void changed(String library) {
        if (pending.computeIfAbsent(library, l -> new AtomicBoolean()).compareAndSet(false, true)) {
            timer.schedule(() -> {
                pending.get(library).set(false);
                Sse s = sse;
                for (SseEventSink sink : watchers.getOrDefault(library, Set.of())) {
                    send(library, sink, s);
                }
            }, 150, TimeUnit.MILLISECONDS);
        }
    }

    private void send(String library, SseEventSink sink, Sse sse) {
        if (sink.isClosed()) {
            watchers.getOrDefault(library, Set.of()).remove(sink);
            return;
        }
        OutboundSseEvent event = sse.newEventBuilder().name("library").data(LibraryView.of(library).toString()).build();
        sink.send(event).whenComplete((ok, failure) -> {
            if (failure != null) {
                watchers.getOrDefault(library, Set.of()).remove(sink);
                sink.close();
            }
        });
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
        for (String library : listening) {
            try {
                EngineBeans.server().removeNotificationListener(EngineBeans.name("org.openrsm:type=Library,name=" + library), changed);
            } catch (InstanceNotFoundException | ListenerNotFoundException e) {
                // gone with the engine
            }
        }
        watchers.values().forEach(sinks -> sinks.forEach(SseEventSink::close));
    }
}
