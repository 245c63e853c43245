package org.openrsm.engine;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
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
import org.openrsm.api.MediaPoolId;
import org.openrsm.api.ObjectType;
import org.openrsm.api.OperatorRequestId;
import org.openrsm.api.RsmError;
import org.openrsm.api.RsmException;
import org.openrsm.api.RsmId;
import org.openrsm.engine.catalog.Model;
import org.openrsm.engine.catalog.Model.Drive;
import org.openrsm.engine.catalog.Model.Library;
import org.openrsm.engine.catalog.Model.Pool;
import org.openrsm.engine.catalog.Model.Slot;
import org.openrsm.engine.requests.OperatorRequest;
import org.openrsm.jmx.DriveMXBean;
import org.openrsm.jmx.LibraryMXBean;
import org.openrsm.jmx.MediaPoolMXBean;
import org.openrsm.jmx.OperatorRequestData;
import org.openrsm.jmx.OperatorRequestsMXBean;
import org.openrsm.jmx.TransactionsMXBean;

/**
 * Registers the Library, Drive, MediaPool and OperatorRequests MXBeans (DESIGN.md §9), keeps them in step with
 * the catalog, and sends the drives' state notifications.
 */
final class Jmx implements EngineListener, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Jmx.class.getName());
    static final String DOMAIN = "org.openrsm";

    private final Engine engine;
    private final MBeanServer server;
    /** the MBean name of each library, drive and pool that has one (this object's monitor; never the engine lock) */
    private final Map<RsmId, ObjectName> registered = new HashMap<>();
    private ObjectName operatorRequests;
    private ObjectName transactions;
    private ObjectName media;
    private ObjectName engineName;
    /** what an operator does through the beans: RSM operations as the administrator, logged */
    private final JmxOperator operator;
    private final Map<LibraryId, LibraryBean> libraryBeans = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<DriveId, DriveBean> drives = new java.util.concurrent.ConcurrentHashMap<>();
    /** delivers notifications in order, outside the engine lock */
    private final ExecutorService notifier = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "openrsm-jmx-notifier");
        t.setDaemon(true);
        return t;
    });

    Jmx(Engine engine, MBeanServer server) {
        this.engine = engine;
        this.server = server == null ? ManagementFactory.getPlatformMBeanServer() : server;
        this.operator = new JmxOperator(engine);
    }

    static ObjectName libraryName(String library) throws javax.management.MalformedObjectNameException {
        return new ObjectName(DOMAIN + ":type=Library,name=" + library);
    }

    static ObjectName driveName(String library, String drive) throws javax.management.MalformedObjectNameException {
        return new ObjectName(DOMAIN + ":type=Drive,library=" + library + ",name=" + drive);
    }

    /**
     * {@code org.openrsm:type=MediaPool,name=\Free\LTO_Ultrium}: the path as it is, so that command-line JMX clients
     * (jmxterm, jconsole's search) need no escaping; quoted only when it holds a character an ObjectName value cannot
     * hold unquoted ({@code , = : " * ?} or a line break).
     */
    static ObjectName poolName(String path) throws javax.management.MalformedObjectNameException {
        boolean plain = !path.isEmpty() && path.chars().noneMatch(c -> ",=:\"*?\n".indexOf(c) >= 0);
        return new ObjectName(DOMAIN + ":type=MediaPool,name=" + (plain ? path : ObjectName.quote(path)));
    }

    static ObjectName operatorRequestsName() throws javax.management.MalformedObjectNameException {
        return new ObjectName(DOMAIN + ":type=OperatorRequests");
    }

    /** Registers the engine's MBeans, outside the engine lock; later changes arrive as {@link #structureChanged}. */
    synchronized void register() {
        try {
            operatorRequests = operatorRequestsName();
            register(operatorRequests, new OperatorRequestsBean());
            transactions = new ObjectName(DOMAIN + ":type=Transactions");
            register(transactions, new TransactionsBean());
            media = new ObjectName(DOMAIN + ":type=Media");
            register(media, new MediaBean(operator));
            engineName = new ObjectName(DOMAIN + ":type=Engine");
            register(engineName, new EngineBean(engine));
        } catch (javax.management.MalformedObjectNameException e) {
            throw new IllegalStateException(e);
        }
        engine.addListener(this);
        engine.notifier.subscribe(ObjectType.LIBREQUEST, n -> libraryBeans.values().forEach(b -> b.notified(n)), this);
        engine.notifier.subscribe(ObjectType.OPREQUEST, n -> libraryBeans.values().forEach(b -> b.notified(n)), this);
        sync();
    }

    /** The MBean name every attached library, its drives and every media pool should have now. */
    private Map<RsmId, ObjectName> wanted() {
        Map<RsmId, ObjectName> want = new LinkedHashMap<>();
        engine.lock.lock();
        try {
            for (LibraryId id : engine.libraries.keySet()) {
                Library l = engine.state.get(id, Library.class);
                want.put(id, libraryName(l.name));
                for (Drive d : engine.state.drives(id)) {
                    want.put(d.id, driveName(l.name, d.name));
                }
            }
            for (Pool p : engine.state.all(Pool.class)) {
                want.put(p.id, poolName(p.path));
            }
        } catch (javax.management.MalformedObjectNameException e) {
            throw new IllegalStateException(e);
        } finally {
            engine.lock.unlock();
        }
        return want;
    }

    /**
     * Registers an MBean for every attached library, its drives and every media pool; re-registers renamed ones and
     * unregisters those of deleted objects. Runs outside the engine lock (the MBean server has locks of its own).
     */
    private synchronized void sync() {
        if (operatorRequests == null) {
            return;   // closed
        }
        Map<RsmId, ObjectName> want = wanted();
        for (var it = registered.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<RsmId, ObjectName> e = it.next();
            if (!e.getValue().equals(want.get(e.getKey()))) {
                unregister(e.getValue());
                drives.remove(e.getKey());
                libraryBeans.remove(e.getKey());
                it.remove();
            }
        }
        for (Map.Entry<RsmId, ObjectName> e : want.entrySet()) {
            if (registered.containsKey(e.getKey())) {
                continue;
            }
            Object bean;
            if (e.getKey() instanceof LibraryId id) {
                LibraryBean l = new LibraryBean(engine, id, operator, notifier);
                libraryBeans.put(id, l);
                bean = l;
            } else if (e.getKey() instanceof DriveId id) {
                DriveBean d = new DriveBean(id);
                drives.put(id, d);
                bean = d;
            } else {
                bean = new PoolBean((MediaPoolId) e.getKey());
            }
            if (register(e.getValue(), bean)) {
                registered.put(e.getKey(), e.getValue());
            }
        }
    }

    @Override
    public void structureChanged() {
        sync();
    }

    @Override
    public void mountServed(LibraryId library, Duration waited, boolean robotMoved) {
        LibraryBean bean = libraryBeans.get(library);
        if (bean != null) {
            bean.mountServed(waited, robotMoved);
        }
    }

    private boolean register(ObjectName name, Object bean) {
        try {
            if (server.isRegistered(name)) {
                LOG.warning("replacing the MBean " + name + " left by an engine that was not closed");
                server.unregisterMBean(name);
            }
            server.registerMBean(bean, name);
            return true;
        } catch (javax.management.JMException e) {
            LOG.log(Level.WARNING, "could not register the MBean " + name, e);
            return false;
        }
    }

    private void unregister(ObjectName name) {
        try {
            server.unregisterMBean(name);
        } catch (javax.management.JMException e) {
            LOG.log(Level.FINE, "unregistering " + name, e);
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
    public synchronized void close() {
        registered.values().forEach(this::unregister);
        registered.clear();
        drives.clear();
        if (operatorRequests != null) {
            unregister(operatorRequests);
            unregister(transactions);
            unregister(media);
            unregister(engineName);
            engine.notifier.unsubscribeAll(this);
            operator.close();
            libraryBeans.clear();
            operatorRequests = null;
        }
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

    private final class PoolBean implements MediaPoolMXBean {
        private final MediaPoolId id;

        PoolBean(MediaPoolId id) {
            this.id = id;
        }

        private Pool pool() {
            return engine.state.get(id, Pool.class);
        }

        @Override
        public String getPath() {
            return read(() -> pool().path);
        }

        @Override
        public String getPoolType() {
            return read(() -> pool().type.name());
        }

        @Override
        public String getMediaType() {
            return read(() -> {
                Model.MediaType t = pool().mediaType == null ? null : engine.state.get(pool().mediaType, Model.MediaType.class);
                return t == null ? "" : t.name;
            });
        }

        @Override
        public int getPhysicalMedia() {
            return read(() -> engine.state.mediaInPool(id).size());
        }

        @Override
        public int getLogicalMedia() {
            return read(() -> engine.state.logicalInPool(id).size());
        }

        @Override
        public Map<String, Integer> getSidesByState() {
            return read(() -> {
                Map<String, Integer> byState = new TreeMap<>();
                for (var mediumId : engine.state.mediaInPool(id)) {
                    for (var sideId : engine.state.get(mediumId, Model.Medium.class).sides) {
                        byState.merge(engine.state.get(sideId, Model.Side.class).state.name(), 1, Integer::sum);
                    }
                }
                return byState;
            });
        }

        @Override
        public List<String> getBarCodes() {
            return read(() -> {
                List<String> barCodes = new ArrayList<>();
                for (var mediumId : engine.state.mediaInPool(id)) {
                    String barCode = engine.state.get(mediumId, Model.Medium.class).barCode;
                    if (barCode != null) {
                        barCodes.add(barCode);
                    }
                }
                barCodes.sort(null);
                return barCodes;
            });
        }

        @Override
        public boolean isAllocateFromFree() {
            return read(() -> pool().policy.allocateFromFree());
        }

        @Override
        public boolean isDeallocateToFree() {
            return read(() -> pool().policy.deallocateToFree());
        }

        @Override
        public int getMaxAllocations() {
            return read(() -> pool().policy.maxAllocations());
        }

        @Override
        public void setPolicy(boolean allocateFromFree, boolean deallocateToFree, int maxAllocations) {
            String path = getPath();
            operator.call("set the policy of " + path + " to allocateFromFree=" + allocateFromFree + ", deallocateToFree="
                    + deallocateToFree + ", maxAllocations=" + maxAllocations, s -> {
                        if (maxAllocations < 0) {
                            throw new RsmException(RsmError.INVALID_PARAMETER, "maxAllocations must be 0 (no limit) or more, not "
                                    + maxAllocations);
                        }
                        s.setMediaPoolPolicy(id, new org.openrsm.api.MediaPoolPolicy(allocateFromFree, deallocateToFree,
                                maxAllocations));
                        return null;
                    });
        }
    }

    private final class OperatorRequestsBean implements OperatorRequestsMXBean {
        @Override
        public List<OperatorRequestData> getOpen() {
            return read(() -> {
                List<OperatorRequestData> open = new ArrayList<>();
                List<OperatorRequest> requests = engine.requests.operatorRequests();
                requests.sort(Comparator.comparing(r -> r.submitted));
                for (OperatorRequest r : requests) {
                    if (r.open()) {
                        engine.requests.shown(r);
                        open.add(new OperatorRequestData(r.id.toString(), r.type.name(), r.state.name(),
                                r.message, r.application, r.submitted.toString()));
                    }
                }
                return open;
            });
        }

        @Override
        public void acknowledge(String id) {
            answer("acknowledge", id, engine.requests::acknowledge);
        }

        @Override
        public void satisfy(String id) {
            answer("satisfy", id, engine.requests::satisfy);
        }

        @Override
        public void refuse(String id) {
            answer("refuse", id, engine.requests::refuse);
        }

        private void answer(String what, String id, Answer answer) {
            operator.call(what + " operator request " + id, session -> {
                engine.lock.lock();
                try {
                    OperatorRequestId requestId;
                    try {
                        requestId = new OperatorRequestId(UUID.fromString(id == null ? "" : id.strip()));
                    } catch (IllegalArgumentException e) {
                        throw new RsmException(RsmError.INVALID_PARAMETER,
                                "'" + id + "' is not an operator request id (a UUID)");
                    }
                    engine.security.requireAdministrator(GuardedSession.unwrap(session), "answering operator requests");
                    answer.apply(engine.requests.operator(requestId));
                    return null;
                } finally {
                    engine.lock.unlock();
                }
            });
        }
    }

    private final class TransactionsBean implements TransactionsMXBean {
        @Override
        public List<String> getActive() {
            return read(engine.transactions::active);
        }

        @Override
        public List<String> getInDoubt() {
            return read(engine.transactions::inDoubt);
        }

        @Override
        public long getCommitted() {
            return engine.transactions.committed.get();
        }

        @Override
        public long getRolledBack() {
            return engine.transactions.rolledBack.get();
        }

        @Override
        public long getStoreCommits() {
            return engine.store().commits();
        }

        @Override
        public List<String> getRecent() {
            return read(engine.transactions::history);
        }
    }

    @FunctionalInterface
    private interface Answer {
        void apply(OperatorRequest r) throws RsmException;
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
                return run.owner() == null ? null : run.owner().application();
            });
        }

        @Override
        public String getMountedSince() {
            return read(() -> {
                // since the cartridge now in the drive was last mounted, also while it waits as a deferred dismount
                DriveRun run = engine.driveRuns.get(id);
                return run.mountedSince == null || engine.state.occupant(id) == null ? null : run.mountedSince.toString();
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
            change("set the defer-dismount delay of", s -> s.setDeferDismountDelay(id, Duration.ofSeconds(seconds)));
        }

        @Override
        public void enable() {
            change("enable", s -> s.enable(id));
        }

        @Override
        public void disable() {
            change("disable", s -> s.disable(id));
        }

        @Override
        public void dismount() {
            change("dismount", s -> s.dismountDrive(id));
        }

        @Override
        public int getNumber() {
            return read(() -> drive().number);
        }

        @Override
        public String getLibrary() {
            return read(() -> engine.libraryName(drive().library));
        }

        @Override
        public String getDeviceName() {
            return read(() -> drive().deviceName);
        }

        @Override
        public String getMountedSide() {
            return read(() -> drive().side == null ? null : drive().side.toString());
        }

        @Override
        public String getLastCleaned() {
            return read(() -> drive().lastCleaned == null ? null : drive().lastCleaned.toString());
        }

        private void change(String what, SessionAction action) {
            String drive = read(() -> drive().name + " of " + engine.libraryName(drive().library));
            operator.call(what + " " + drive, s -> {
                action.run(s);
                return null;
            });
        }

    }

    @FunctionalInterface
    private interface SessionAction {
        void run(org.openrsm.api.MediaSession session) throws RsmException;
    }
}
