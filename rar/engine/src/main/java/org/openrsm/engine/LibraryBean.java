package org.openrsm.engine;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import javax.management.MBeanNotificationInfo;
import javax.management.Notification;
import javax.management.NotificationBroadcasterSupport;
import org.openrsm.api.DismountMode;
import org.openrsm.api.InventoryMethod;
import org.openrsm.api.LibraryId;
import org.openrsm.api.LibraryRequestOperation;
import org.openrsm.api.LibraryRequestState;
import org.openrsm.api.NotificationOperation;
import org.openrsm.api.ObjectType;
import org.openrsm.api.PortContent;
import org.openrsm.api.RsmError;
import org.openrsm.api.RsmException;
import org.openrsm.api.RsmNotification;
import org.openrsm.engine.catalog.Model.Drive;
import org.openrsm.engine.catalog.Model.Library;
import org.openrsm.engine.catalog.Model.Medium;
import org.openrsm.engine.catalog.Model.Port;
import org.openrsm.engine.catalog.Model.Slot;
import org.openrsm.engine.requests.LibraryRequest;
import org.openrsm.jmx.LibraryMXBean;

/**
 * {@code org.openrsm:type=Library,name=<library>}: what the library holds and does, its operations (through
 * {@link JmxOperator}), and notifications of its library requests and inventory changes.
 */
final class LibraryBean extends NotificationBroadcasterSupport implements LibraryMXBean {
    static final String REQUEST_ENDED = "openrsm.library.request";
    static final String INVENTORY_CHANGED = "openrsm.inventory";
    static final String MOUNT_SERVED = "openrsm.mount";
    static final String OPERATOR_REQUEST = "openrsm.oprequest";
    private static final List<LibraryRequestOperation> CHANGE_THE_CATALOG = List.of(LibraryRequestOperation.INVENTORY,
            LibraryRequestOperation.INJECT, LibraryRequestOperation.EJECT);

    private final Engine engine;
    private final LibraryId id;
    private final JmxOperator operator;
    private final AtomicLong sequence = new AtomicLong();

    LibraryBean(Engine engine, LibraryId id, JmxOperator operator, Executor notifications) {
        super(notifications, new MBeanNotificationInfo(new String[] {REQUEST_ENDED, INVENTORY_CHANGED, MOUNT_SERVED, OPERATOR_REQUEST},
                Notification.class.getName(), "a library request of the library ended; its catalog changed; a mount "
                + "was served (user data: its wait in ms)"));
        this.engine = engine;
        this.id = id;
        this.operator = operator;
    }

    /** An RSM notification of the engine: a library request of this library that ended becomes a JMX notification. */
    void notified(RsmNotification n) {
        if (n.objectType() == ObjectType.OPREQUEST) {
            sendNotification(new Notification(OPERATOR_REQUEST, this, sequence.incrementAndGet(), getName() + ": operator "
                    + "request " + n.id() + " " + n.operation()));
            return;
        }
        if (n.objectType() != ObjectType.LIBREQUEST || n.operation() != NotificationOperation.COMPLETE) {
            return;
        }
        LibraryRequest r = read(() -> {
            LibraryRequest found = engine.requests.find(n.id());
            return found != null && id.equals(found.library) && found.finished() ? found : null;
        });
        if (r != null) {
            String message = getName() + ": " + r.operation + " " + r.id + " " + r.state + (r.error == null ? ""
                    : ": " + r.error + (r.message == null ? "" : ": " + r.message));
            sendNotification(new Notification(REQUEST_ENDED, this, sequence.incrementAndGet(), message));
            if (CHANGE_THE_CATALOG.contains(r.operation) && r.state == LibraryRequestState.PASSED) {
                sendNotification(new Notification(INVENTORY_CHANGED, this, sequence.incrementAndGet(), message));
            }
        }
    }

    /** {@code openrsm.mount}: a mount was served; the user data is how long it waited, in milliseconds (a Long). */
    void mountServed(Duration waited, boolean robotMoved) {
        Notification n = new Notification(MOUNT_SERVED, this, sequence.incrementAndGet(), getName() + ": a mount waited "
                + waited.toMillis() + " ms" + (robotMoved ? "" : " (no robot move)"));
        n.setUserData(waited.toMillis());
        sendNotification(n);
    }

    private <T> T read(Supplier<T> read) {
        engine.lock.lock();
        try {
            return read.get();
        } finally {
            engine.lock.unlock();
        }
    }

    private Library library() {
        return engine.state.get(id, Library.class);
    }

    private LibraryRun run() {
        return engine.libraries.get(id);
    }

    @Override
    public String getName() {
        return read(() -> library().name);
    }

    @Override
    public String getState() {
        return read(() -> library().operationalState.name());
    }

    @Override
    public boolean isEnabled() {
        return read(() -> library().enabled);
    }

    @Override
    public int getDriveCount() {
        return read(() -> engine.state.drives(id).size());
    }

    @Override
    public int getSlotCount() {
        return read(() -> engine.state.slots(id).size());
    }

    @Override
    public int getFullSlots() {
        return read(() -> (int) engine.state.slots(id).stream().filter(s -> engine.state.occupant(s.id) != null).count());
    }

    @Override
    public int getQueuedRequests() {
        return read(() -> run().waiting.size());
    }

    @Override
    public int getOpenOperatorRequests() {
        return read(() -> engine.requests.openOperatorRequests(id));
    }

    @Override
    public long getMounts() {
        return run().mounts.get();
    }

    @Override
    public long getRobotMoves() {
        return run().robotMoves.get();
    }

    @Override
    public long getMountsWithoutRobotMove() {
        return run().mountsWithoutRobotMove.get();
    }

    @Override
    public String getInventoryNeeded() {
        return read(() -> run().inventoryNeeded == null ? "" : run().inventoryNeeded);
    }

    @Override
    public Map<String, Integer> getDrivesByState() {
        return read(() -> {
            Map<String, Integer> byState = new TreeMap<>();
            for (Drive d : engine.state.drives(id)) {
                byState.merge(d.state.name(), 1, Integer::sum);
            }
            return byState;
        });
    }

    @Override
    public Map<Integer, String> getSlots() {
        return read(() -> {
            Map<Integer, String> slots = new TreeMap<>();
            for (Slot s : engine.state.slots(id)) {
                Medium m = engine.state.occupant(s.id);
                slots.put(s.number, m == null || m.barCode == null ? "" : m.barCode);
            }
            return slots;
        });
    }

    @Override
    public Map<Integer, String> getPorts() {
        return read(() -> {
            Map<Integer, String> ports = new TreeMap<>();
            for (Port p : engine.state.ports(id)) {
                Medium m = engine.state.occupant(p.id);
                // an ejected cartridge belongs to the offline library (the shelf) while it waits in the port
                ports.put(p.number, m != null && m.barCode != null ? m.barCode
                        : p.content == PortContent.FULL ? "(full)" : p.content == PortContent.EMPTY ? "" : "(unknown)");
            }
            return ports;
        });
    }

    @Override
    public double getRobotBusyShare() {
        LibraryRun run = run();
        long elapsed = System.nanoTime() - run.started;
        return elapsed <= 0 ? 0 : Math.min(1.0, (double) run.robotBusyNanos.get() / elapsed);
    }

    // ---- operations

    private String library(String what) {
        return what + " of library " + getName();
    }

    @Override
    public String inject(int port) {
        String lib = getName();
        return operator.call(library("inject from IE port " + port),
                s -> s.inject(JmxOperator.library(s, lib).id(), JmxOperator.port(s, lib, port)).toString());
    }

    @Override
    public String injectAll() {
        String lib = getName();
        return operator.call(library("inject from every full IE port"), s -> s.injectAll(JmxOperator.library(s, lib).id()).toString());
    }

    @Override
    public String eject(String barCode, int port) {
        String lib = getName();
        return operator.call(library("eject " + barCode + " to IE port " + port),
                s -> s.eject(operator.cartridge(s, lib, barCode).id(), JmxOperator.port(s, lib, port)).toString());
    }

    @Override
    public String ejectToAnyPort(String barCode) {
        String lib = getName();
        return operator.call(library("eject " + barCode + " to an empty IE port"),
                s -> s.ejectAll(List.of(operator.cartridge(s, lib, barCode).id())).toString());
    }

    @Override
    public String inventory(String method) {
        String lib = getName();
        return operator.call(library("inventory (" + method + ")"),
                s -> s.inventory(JmxOperator.library(s, lib).id(), inventoryMethod(method)).toString());
    }

    private static InventoryMethod inventoryMethod(String method) throws RsmException {
        String name = method == null ? "" : method.trim().toUpperCase(Locale.ROOT);
        if (name.equals("FULL")) {
            return InventoryMethod.SLOT;
        }
        try {
            return InventoryMethod.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw new RsmException(RsmError.INVALID_PARAMETER, "inventory method '" + method + "': give FAST, FULL, "
                    + "OMID, DEFAULT, SLOT or NONE");
        }
    }

    @Override
    public String accessDoor() {
        String lib = getName();
        return operator.call(library("access the door"), s -> s.accessDoor(JmxOperator.library(s, lib).id()).toString());
    }

    @Override
    public String cleanDrive(String drive) {
        String lib = getName();
        return operator.call(library("clean " + drive), s -> s.cleanDrive(JmxOperator.drive(s, lib, drive)).toString());
    }

    @Override
    public void enable() {
        String lib = getName();
        operator.call("enable library " + lib, s -> {
            s.enable(JmxOperator.library(s, lib).id());
            return null;
        });
    }

    @Override
    public void disable() {
        String lib = getName();
        operator.call("disable library " + lib, s -> {
            s.disable(JmxOperator.library(s, lib).id());
            return null;
        });
    }

    @Override
    public String mount(String barCode, boolean write, int timeoutSeconds) {
        return operator.mount(getName(), barCode, write, Duration.ofSeconds(Math.max(0, timeoutSeconds)));
    }

    @Override
    public void dismount(String barCode, boolean immediate) {
        operator.dismount(getName(), barCode, immediate ? DismountMode.IMMEDIATE : DismountMode.DEFERRED);
    }

    @Override
    public String awaitRequest(String request, int seconds) {
        return operator.await(request, seconds);
    }
}
