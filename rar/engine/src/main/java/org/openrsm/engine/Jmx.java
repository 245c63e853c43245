package org.openrsm.engine;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.management.AttributeChangeNotification;
import javax.management.MBeanNotificationInfo;
import javax.management.MBeanServer;
import javax.management.NotificationBroadcasterSupport;
import javax.management.ObjectName;
import org.openrsm.api.DriveId;
import org.openrsm.api.DriveState;
import org.openrsm.api.LibraryId;
import org.openrsm.api.RsmException;
import org.openrsm.engine.Model.Drive;
import org.openrsm.engine.Model.Library;
import org.openrsm.engine.Model.Slot;
import org.openrsm.engine.RunState.DriveRun;
import org.openrsm.engine.RunState.LibraryRun;
import org.openrsm.jmx.DriveMXBean;
import org.openrsm.jmx.LibraryMXBean;

/** Registers the Library and Drive MXBeans (DESIGN.md §9) and sends the drives' state notifications. */
final class Jmx implements EngineListener, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Jmx.class.getName());
    static final String DOMAIN = "org.openrsm";

    private final Engine engine;
    private final MBeanServer server;
    private final List<ObjectName> registered = new ArrayList<>();
    private final Map<DriveId, DriveBean> drives = new java.util.HashMap<>();
    /** delivers notifications in order, outside the engine lock */
    private final ExecutorService notifier = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "openrsm-jmx-notifier");
        t.setDaemon(true);
        return t;
    });

    Jmx(Engine engine, MBeanServer server) {
        this.engine = engine;
        this.server = server == null ? ManagementFactory.getPlatformMBeanServer() : server;
    }

    static ObjectName libraryName(String library) throws javax.management.MalformedObjectNameException {
        return new ObjectName(DOMAIN + ":type=Library,name=" + library);
    }

    static ObjectName driveName(String library, String drive) throws javax.management.MalformedObjectNameException {
        return new ObjectName(DOMAIN + ":type=Drive,library=" + library + ",name=" + drive);
    }

    void register() {
        engine.lock.lock();
        try {
            for (LibraryId id : engine.libraries.keySet()) {
                Library l = engine.state.get(id, Library.class);
                register(libraryName(l.name), new LibraryBean(id));
                for (Drive d : engine.state.drives(id)) {
                    DriveBean bean = new DriveBean(d.id);
                    drives.put(d.id, bean);
                    register(driveName(l.name, d.name), bean);
                }
            }
            engine.addListener(this);
        } catch (javax.management.MalformedObjectNameException e) {
            throw new IllegalStateException(e);
        } finally {
            engine.lock.unlock();
        }
    }

    private void register(ObjectName name, Object bean) {
        try {
            if (server.isRegistered(name)) {
                LOG.warning("replacing the MBean " + name + " left by an engine that was not closed");
                server.unregisterMBean(name);
            }
            server.registerMBean(bean, name);
            registered.add(name);
        } catch (javax.management.JMException e) {
            LOG.log(Level.WARNING, "could not register the MBean " + name, e);
        }
    }

    @Override
    public void driveStateChanged(LibraryId library, DriveId drive, DriveState from, DriveState to) {
        DriveBean bean = drives.get(drive);
        if (bean != null) {
            bean.stateChanged(from, to);
        }
    }

    @Override
    public void close() {
        for (ObjectName name : registered) {
            try {
                server.unregisterMBean(name);
            } catch (javax.management.JMException e) {
                LOG.log(Level.FINE, "unregistering " + name, e);
            }
        }
        registered.clear();
        notifier.shutdown();
    }

    private <T> T read(java.util.function.Supplier<T> read) {
        engine.lock.lock();
        try {
            return read.get();
        } finally {
            engine.lock.unlock();
        }
    }

    private final class LibraryBean implements LibraryMXBean {
        private final LibraryId id;

        LibraryBean(LibraryId id) {
            this.id = id;
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
            return read(() -> {
                int full = 0;
                for (Slot s : engine.state.slots(id)) {
                    if (engine.state.occupant(s.id) != null) {
                        full++;
                    }
                }
                return full;
            });
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
        public Map<String, Integer> getDrivesByState() {
            return read(() -> {
                Map<String, Integer> byState = new TreeMap<>();
                for (Drive d : engine.state.drives(id)) {
                    byState.merge(d.state.name(), 1, Integer::sum);
                }
                return byState;
            });
        }
    }

    final class DriveBean extends NotificationBroadcasterSupport implements DriveMXBean {
        private final DriveId id;
        private final AtomicLong sequence = new AtomicLong();

        DriveBean(DriveId id) {
            super(notifier, new MBeanNotificationInfo(new String[] {AttributeChangeNotification.ATTRIBUTE_CHANGE},
                    AttributeChangeNotification.class.getName(), "the drive's State changed"));
            this.id = id;
        }

        private Drive drive() {
            return engine.state.get(id, Drive.class);
        }

        void stateChanged(DriveState from, DriveState to) {
            Drive d = drive();
            sendNotification(new AttributeChangeNotification(this, sequence.incrementAndGet(), System.currentTimeMillis(),
                    d.name + " of " + engine.libraryName(d.library) + ": " + from + " -> " + to, "State",
                    String.class.getName(), from.name(), to.name()));
        }

        @Override
        public String getState() {
            return read(() -> drive().state.name());
        }

        @Override
        public boolean isEnabled() {
            return read(() -> drive().enabled);
        }

        @Override
        public String getOperationalState() {
            return read(() -> drive().operationalState.name());
        }

        @Override
        public String getMediumBarCode() {
            return read(() -> {
                Model.Medium m = engine.state.occupant(id);
                return m == null ? null : m.barCode;
            });
        }

        @Override
        public String getSession() {
            return read(() -> {
                DriveRun run = engine.driveRuns.get(id);
                return run.owner == null ? null : run.owner.application();
            });
        }

        @Override
        public String getMountedSince() {
            return read(() -> {
                DriveRun run = engine.driveRuns.get(id);
                return run.mountedSince == null ? null : run.mountedSince.toString();
            });
        }

        @Override
        public long getMountCount() {
            return read(() -> drive().mountCount);
        }

        @Override
        public long getDeferDismountDelaySeconds() {
            return read(() -> drive().deferDismountDelay.toSeconds());
        }

        @Override
        public void setDeferDismountDelaySeconds(long seconds) {
            if (seconds < 0) {
                throw new IllegalArgumentException("the defer-dismount delay must be 0 s or more, not " + seconds + " s");
            }
            run(() -> engine.setDeferDismountDelay(id, Duration.ofSeconds(seconds)));
        }

        @Override
        public void enable() {
            run(() -> engine.setEnabled(id, true));
        }

        @Override
        public void disable() {
            run(() -> engine.setEnabled(id, false));
        }

        @Override
        public void dismount() {
            run(() -> engine.dismountDrive(id));
        }

        /** JMX clients do not have RsmException: they get its message in a JDK exception. */
        private void run(Action action) {
            try {
                action.run();
            } catch (RsmException e) {
                throw new IllegalStateException(e.getMessage());
            }
        }
    }

    @FunctionalInterface
    private interface Action {
        void run() throws RsmException;
    }
}
