package org.openrsm.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.openrsm.api.OperationalState;
import org.openrsm.engine.catalog.Model.Library;
import org.openrsm.jmx.EngineMXBean;

/** {@code org.openrsm:type=Engine}: started, store reachable, libraries ready. */
final class EngineBean implements EngineMXBean {
    private final Engine engine;
    private final Instant started = Instant.now();

    EngineBean(Engine engine) {
        this.engine = engine;
    }

    @Override
    public String getStarted() {
        return started.toString();
    }

    @Override
    public String getStore() {
        return engine.store().description();
    }

    @Override
    public boolean isStoreReachable() {
        return engine.store().answers(5);
    }

    @Override
    public List<String> getLibraries() {
        engine.lock.lock();
        try {
            List<String> names = new ArrayList<>();
            for (var id : engine.libraries.keySet()) {
                names.add(engine.state.get(id, Library.class).name);
            }
            names.sort(null);
            return names;
        } finally {
            engine.lock.unlock();
        }
    }

    @Override
    public List<String> getLibrariesNotReady() {
        engine.lock.lock();
        try {
            List<String> notReady = new ArrayList<>();
            String lost = engine.ownershipLost();
            for (var e : engine.libraries.entrySet()) {
                Library l = engine.state.get(e.getKey(), Library.class);
                if (lost != null) {
                    notReady.add(l.name + ": this server no longer drives it (" + lost + ")");
                } else if (l.operationalState != OperationalState.READY) {
                    notReady.add(l.name + ": " + l.operationalState);
                } else if (!l.enabled) {
                    notReady.add(l.name + ": disabled");
                } else if (e.getValue().inventoryNeeded != null) {
                    notReady.add(l.name + ": waits for an inventory (" + e.getValue().inventoryNeeded + ")");
                }
            }
            notReady.sort(null);
            return notReady;
        } finally {
            engine.lock.unlock();
        }
    }
}
