package org.openrsm.ra;

import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import javax.transaction.xa.XAResource;
import jakarta.resource.NotSupportedException;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ActivationSpec;
import jakarta.resource.spi.BootstrapContext;
import jakarta.resource.spi.work.Work;
import jakarta.resource.spi.work.WorkException;
import jakarta.resource.spi.work.WorkManager;
import jakarta.resource.spi.ConfigProperty;
import jakarta.resource.spi.Connector;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.ResourceAdapterInternalException;
import jakarta.resource.spi.TransactionSupport;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import org.openrsm.api.RsmError;
import org.openrsm.api.RsmException;
import org.openrsm.changer.ChangerSpec;
import org.openrsm.changer.config.LibrarySpecs;
import org.openrsm.changer.sim.SimulatedLibrary;
import org.openrsm.engine.RsmServer;
import org.openrsm.engine.StandBySessions;
import org.openrsm.engine.StandByTransactions;

/**
 * The OpenRSM resource adapter: starts the engine (store and libraries) when the server starts it and stops
 * it, Derby included, when the server stops it. The properties name the library and the store (DESIGN.md §10).
 */
@Connector(
        displayName = "OpenRSM",
        description = "Removable Storage Manager for Jakarta EE: media pools, mounts and dismounts in robotic libraries",
        vendorName = "OpenRSM",
        eisType = "Removable Storage Manager",
        version = "0.1",
        transactionSupport = TransactionSupport.TransactionSupportLevel.XATransaction,
        reauthenticationSupport = false)
public class RsmResourceAdapter implements ResourceAdapter, Serializable {
    private final BranchParticipants participants = new BranchParticipants();
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(RsmResourceAdapter.class.getName());

    @ConfigProperty(defaultValue = "", description = "The libraries, when not the one simulated library of the "
            + "properties below: 'name: driver key=value ...' entries separated by ';', driver simulated, mtx or smc "
            + "(src/docs/configuration.md)")
    private String libraries = "";

    @ConfigProperty(defaultValue = "lib1", description = "Name of the simulated library (letters, digits, _ . -)")
    private String libraryName = "lib1";

    @ConfigProperty(defaultValue = "4", description = "Drives of the simulated library")
    private Integer drives = 4;

    @ConfigProperty(defaultValue = "40", description = "Storage slots of the simulated library")
    private Integer slots = 40;

    @ConfigProperty(defaultValue = "2", description = "IE ports (mail slots) of the simulated library")
    private Integer ioPorts = 2;

    @ConfigProperty(defaultValue = "LTO_Ultrium", description = "RSM media type of the drives and cartridges")
    private String mediaType = "LTO_Ultrium";

    @ConfigProperty(defaultValue = "-1", description = "Cartridges in slots 1..n at first start; -1 fills every slot")
    private Integer cartridges = -1;

    @ConfigProperty(defaultValue = "openrsm/tapes",
            description = "Folder of the cartridges' data and the changer's element status (relative: to the server's output folder)")
    private String dataFolder = "openrsm/tapes";

    @ConfigProperty(defaultValue = "openrsm/db", description = "Folder of the embedded Derby store (relative: to the server's output folder)")
    private String storeFolder = "openrsm/db";

    @ConfigProperty(defaultValue = "", description = "JNDI name of a data source (e.g. PostgreSQL) to keep the catalog in "
            + "instead of the embedded Derby store; servers on one such database share its libraries (one drives them, "
            + "the others stand by). The data source must be non-transactional (transactional=\"false\").")
    private String dataSourceJndiName = "";

    @ConfigProperty(defaultValue = "", description = "This server's name among the servers sharing one catalog: unique, "
            + "the same after a restart (default: host and working folder)")
    private String serverName = "";

    @ConfigProperty(defaultValue = "30", description = "Lease on a shared catalog, in seconds: the owner renews it every "
            + "third; another server takes over when the owner has not renewed it for this long")
    private Integer leaseSeconds = 30;

    @ConfigProperty(defaultValue = "0", description = "Milliseconds one robot move takes in the simulated library")
    private Long robotMoveTimeMillis = 0L;

    @ConfigProperty(defaultValue = "0", description = "Milliseconds a drive takes to load a cartridge")
    private Long driveLoadTimeMillis = 0L;

    @ConfigProperty(defaultValue = "300", description = "Defer-dismount delay of new drives, in seconds (RSM default 300)")
    private Long deferDismountDelaySeconds = 300L;

    @ConfigProperty(defaultValue = "0", description = "How many more defer-dismount delays a tape stays in its drive while "
            + "the library's eviction policy values it (0: every tape goes home when its delay runs out, as in RSM)")
    private Integer keepValuedTapes = 0;

    @ConfigProperty(defaultValue = "admin",
            description = "User or group with every right on every library and pool (RSM's administrators)")
    private String administrator = "admin";

    private transient volatile RsmServer server;
    private transient volatile BootstrapContext bootstrap;
    /** while another server drives the shared catalog: who, and since when this one stands by; null otherwise */
    private transient volatile String standingBy;
    private transient volatile Thread standBy;
    /** the shared catalog's branches for this server's transaction manager while it stands by; made on first use */
    private transient volatile StandByTransactions standByTransactions;
    /** the sessions of NoTransaction connections while this server stands by, served by the owner; made on first use */
    private transient volatile StandBySessions standBySessions;
    /** the libraries as configured: a server standing by opens the drives its sessions are given through them */
    private transient volatile List<ChangerSpec> librarySpecs = List.of();
    /** the activated message endpoints and their deliveries */
    private final transient Map<MessageEndpointFactory, EndpointDelivery> endpoints = new ConcurrentHashMap<>();
    /** the activated endpoints' specs: their deliveries start again on the engine of a catalog taken over */
    private final transient Map<MessageEndpointFactory, RsmActivationSpec> activations = new ConcurrentHashMap<>();

    @Override
    public void start(BootstrapContext context) throws ResourceAdapterInternalException {
        bootstrap = context;
        List<ChangerSpec> specs;
        RsmServer.Builder builder;
        try {
            builder = RsmServer.builder()
                    .deferDismountDelay(Duration.ofSeconds(deferDismountDelaySeconds))
                    .keepValuedTapes(keepValuedTapes)
                    .administrator(administrator);
            specs = libraries == null || libraries.isBlank() ? List.of(simulatedLibrary())
                    : LibrarySpecs.parse(libraries, folder -> Path.of(dataFolder).resolve(folder).toAbsolutePath());
            specs.forEach(builder::library);
            librarySpecs = specs;
            if (shared()) {
                builder.lease(Duration.ofSeconds(leaseSeconds));
                if (serverName != null && !serverName.isBlank()) {
                    builder.serverName(serverName);
                }
            }
        } catch (IllegalArgumentException e) {
            String property = libraries == null || libraries.isBlank() ? "" : " (property libraries)";
            throw new ResourceAdapterInternalException("OpenRSM could not start" + property + ": " + e.getMessage(), e);
        }
        if (!shared()) {
            try {
                started(builder.store(Path.of(storeFolder).toAbsolutePath()).start(), specs);
            } catch (RsmException e) {
                String property = libraries == null || libraries.isBlank() ? "" : " (property libraries)";
                throw new ResourceAdapterInternalException("OpenRSM could not start" + property + ": " + e.getMessage(), e);
            }
            return;
        }
        // a shared catalog: the engine starts once this server owns it, in the background (the owner may be another
        // server for a long time, and the data source may come up after the adapter)
        standingBy = "starting: taking the shared catalog " + dataSourceJndiName + " over";
        Thread t = new Thread(() -> keepDriving(builder, specs), "openrsm-stand-by");
        t.setDaemon(true);
        standBy = t;
        t.start();
    }

    /** Whether the catalog is in a data source that several servers may share (property dataSourceJndiName). */
    private boolean shared() {
        return dataSourceJndiName != null && !dataSourceJndiName.isBlank();
    }

    private void started(RsmServer s, List<ChangerSpec> specs) {
        server = s;
        standingBy = null;
        closeStandBySessions();   // they were served by the owner this server took over from: ended with it
        activations.forEach((factory, events) -> {
            try {
                deliverTo(factory, events, s);
            } catch (ResourceException e) {
                LOG.warning("OpenRSM's library events do not reach " + factory.getEndpointClass().getName() + ": "
                        + e.getMessage());
            }
        });
        LOG.info(() -> "OpenRSM resource adapter started: librar" + (specs.size() == 1 ? "y " : "ies ")
                + specs.stream().map(ChangerSpec::name).toList() + ", store " + s.storeDescription());
    }

    /**
     * On a shared catalog: while this server stands by, tries to take the catalog over (it succeeds once the owner's
     * lease has ended); when this server lost the catalog (its lease ran out), stops its engine and stands by again.
     */
    private void keepDriving(RsmServer.Builder builder, List<ChangerSpec> specs) {
        Duration every = Duration.ofSeconds(leaseSeconds).dividedBy(3);
        // a start stands by for the owner at most this long, and takes over as soon as the owner gives the catalog up
        builder.standBy(every);
        boolean wait = false;   // the last try waited already (it stood by): no pause before the next
        String logged = null;   // what was logged last: each state is logged once, not at every try
        while (standBy == Thread.currentThread()) {
            if (wait) {
                try {
                    Thread.sleep(every.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
            }
            wait = true;
            RsmServer s = server;
            if (s != null && s.ownershipLost() != null) {
                server = null;
                standingBy = "this server lost the catalog (" + s.ownershipLost() + ")";
                endpoints.values().forEach(EndpointDelivery::close);
                endpoints.clear();
                s.close();
            } else if (s == null) {
                try {
                    started(builder.store(lookUp(dataSourceJndiName)).start(), specs);
                    logged = null;
                } catch (RsmException e) {
                    if (standBy != Thread.currentThread()) {
                        return;   // stopped while standing by
                    }
                    wait = e.error() != RsmError.DEVICE_NOT_AVAILABLE;
                    standingBy = e.getMessage().substring(e.getMessage().startsWith(e.error().name() + ": ")
                            ? e.error().name().length() + 2 : 0);
                    String state = e.error() == RsmError.DEVICE_NOT_AVAILABLE ? "stands by" : e.getMessage();
                    if (!state.equals(logged)) {
                        logged = state;
                        if (e.error() == RsmError.DEVICE_NOT_AVAILABLE) {
                            LOG.info("OpenRSM stands by: " + e.getMessage());
                        } else {
                            LOG.warning("OpenRSM could not take the shared catalog over (tries again every "
                                    + every.toSeconds() + " s): " + e.getMessage());
                        }
                    }
                } catch (RuntimeException e) {
                    LOG.log(java.util.logging.Level.SEVERE, "OpenRSM could not take the shared catalog over", e);
                }
            }
        }
    }

    private static javax.sql.DataSource lookUp(String name) throws RsmException {
        try {
            return (javax.sql.DataSource) new javax.naming.InitialContext().lookup(name);
        } catch (javax.naming.NamingException | ClassCastException e) {
            throw new RsmException(RsmError.DATABASE_FAILURE, "no data source " + name + " for the OpenRSM catalog "
                    + "(property dataSourceJndiName): " + e, e);
        }
    }

    /** The one simulated library of the properties libraryName, drives, slots … */
    private SimulatedLibrary simulatedLibrary() {
        SimulatedLibrary library = SimulatedLibrary.named(libraryName)
                .drives(drives).slots(slots).ioPorts(ioPorts).mediaType(mediaType)
                .dataFolder(Path.of(dataFolder).toAbsolutePath())
                .robotMoveTime(Duration.ofMillis(robotMoveTimeMillis))
                .driveLoadTime(Duration.ofMillis(driveLoadTimeMillis));
        if (cartridges >= 0) {
            library.cartridges(cartridges);
        }
        return library;
    }

    @Override
    public void stop() {
        Thread t = standBy;
        standBy = null;
        if (t != null) {
            t.interrupt();
            try {
                t.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        endpoints.values().forEach(EndpointDelivery::close);
        endpoints.clear();
        activations.clear();
        closeStandBySessions();
        RsmServer s = server;
        server = null;
        if (s != null) {
            s.close();
            LOG.info("OpenRSM resource adapter stopped");
        }
    }

    /** The running engine; RESOURCE_NOT_PRESENT-like failure when the adapter is not started. */
    /** Which managed connections took part in which transaction branch of this adapter's engine. */
    BranchParticipants participants() {
        return participants;
    }

    /** The running engine, or null: this server stands by on a shared catalog, or the adapter is not started. */
    RsmServer runningServer() {
        return server;
    }

    /**
     * While this server stands by on a shared catalog: the catalog's transaction branches, so that this server's
     * transaction manager can finish those the server prepared before it died (the server driving the catalog holds
     * them now); null while this server drives the catalog, or when the catalog is not shared.
     */
    StandByTransactions standByTransactions() throws RsmException {
        if (!shared() || server != null) {
            return null;
        }
        StandByTransactions t = standByTransactions;
        if (t == null) {
            synchronized (endpoints) {
                t = standByTransactions;
                if (t == null) {
                    t = StandByTransactions.on(lookUp(dataSourceJndiName), serverName);
                    standByTransactions = t;
                }
            }
        }
        return t;
    }

    /**
     * While this server stands by on a shared catalog: sessions served by the server driving it (each call queued in
     * the catalog), for connections outside transactions; null while this server drives the catalog, or when the
     * catalog is not shared.
     */
    StandBySessions standBySessions() throws RsmException {
        if (!shared() || server != null) {
            return null;
        }
        StandBySessions t = standBySessions;
        if (t == null) {
            synchronized (endpoints) {
                t = standBySessions;
                if (t == null) {
                    t = StandBySessions.on(lookUp(dataSourceJndiName), serverName, Duration.ofSeconds(leaseSeconds),
                            librarySpecs);
                    standBySessions = t;
                }
            }
        }
        return t;
    }

    private void closeStandBySessions() {
        StandBySessions t;
        synchronized (endpoints) {
            t = standBySessions;
            standBySessions = null;
        }
        if (t != null) {
            t.close();
        }
    }

    RsmServer server() throws ResourceException {
        RsmServer s = server;
        if (s == null) {
            String why = standingBy;
            if (why != null) {
                throw new RsmException(RsmError.DEVICE_NOT_AVAILABLE, "this OpenRSM server stands by: " + why);
            }
            throw new ResourceException("the OpenRSM resource adapter is not started");
        }
        return s;
    }

    /**
     * A message-driven bean of {@code RsmNotificationListener} starts receiving library events, filtered and in order
     * ({@link EndpointDelivery}).
     */
    @Override
    public void endpointActivation(MessageEndpointFactory factory, ActivationSpec spec) throws ResourceException {
        if (!(spec instanceof RsmActivationSpec events)) {
            throw new NotSupportedException("OpenRSM delivers library events to RsmNotificationListener endpoints "
                    + "configured by RsmActivationSpec, not by " + spec);
        }
        events.validate();
        activations.put(factory, events);
        RsmServer s = server;
        if (s != null) {
            deliverTo(factory, events, s);
        } else if (!shared()) {
            server();   // not started: fails naming why
        }
        // on a shared catalog that another server drives, the events flow once this server takes it over
        LOG.info(() -> "OpenRSM library events go to " + factory.getEndpointClass().getName() + " (object types: "
                + (events.getObjectTypes().isBlank() ? "all" : events.getObjectTypes()) + ", operations: "
                + (events.getOperations().isBlank() ? "all" : events.getOperations()) + ")");
    }

    /** Starts delivering the events of {@code s} to the endpoint (again, after this server took a catalog over). */
    private void deliverTo(MessageEndpointFactory factory, RsmActivationSpec events, RsmServer s) throws ResourceException {
        EndpointDelivery delivery = new EndpointDelivery(factory, events);
        delivery.start(s, this::schedule);
        EndpointDelivery before = endpoints.put(factory, delivery);
        if (before != null) {
            before.close();
        }
    }

    @Override
    public void endpointDeactivation(MessageEndpointFactory factory, ActivationSpec spec) {
        activations.remove(factory);
        EndpointDelivery delivery = endpoints.remove(factory);
        if (delivery != null) {
            delivery.close();
        }
    }

    /** Runs a delivery task as work of the application server (a thread of its own outside one, in tests). */
    private void schedule(Runnable task) {
        BootstrapContext context = bootstrap;
        if (context == null) {
            Thread t = new Thread(task, "openrsm-events");
            t.setDaemon(true);
            t.start();
            return;
        }
        try {
            context.getWorkManager().scheduleWork(new Work() {
                @Override
                public void run() {
                    task.run();
                }

                @Override
                public void release() {
                    // the delivery ends when its endpoint is deactivated or the adapter stops
                }
            }, WorkManager.INDEFINITE, null, null);
        } catch (WorkException e) {
            throw new java.util.concurrent.RejectedExecutionException("the server refused OpenRSM's event delivery work: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public XAResource[] getXAResources(ActivationSpec[] specs) {
        return null;
    }

    public String getLibraries() {
        return libraries;
    }

    public void setLibraries(String libraries) {
        this.libraries = libraries;
    }

    public String getLibraryName() {
        return libraryName;
    }

    public void setLibraryName(String libraryName) {
        this.libraryName = libraryName;
    }

    public Integer getDrives() {
        return drives;
    }

    public void setDrives(Integer drives) {
        this.drives = drives;
    }

    public Integer getSlots() {
        return slots;
    }

    public void setSlots(Integer slots) {
        this.slots = slots;
    }

    public Integer getIoPorts() {
        return ioPorts;
    }

    public void setIoPorts(Integer ioPorts) {
        this.ioPorts = ioPorts;
    }

    public String getMediaType() {
        return mediaType;
    }

    public void setMediaType(String mediaType) {
        this.mediaType = mediaType;
    }

    public Integer getCartridges() {
        return cartridges;
    }

    public void setCartridges(Integer cartridges) {
        this.cartridges = cartridges;
    }

    public String getDataFolder() {
        return dataFolder;
    }

    public void setDataFolder(String dataFolder) {
        this.dataFolder = dataFolder;
    }

    public String getStoreFolder() {
        return storeFolder;
    }

    public String getDataSourceJndiName() {
        return dataSourceJndiName;
    }

    public void setDataSourceJndiName(String dataSourceJndiName) {
        this.dataSourceJndiName = dataSourceJndiName == null ? "" : dataSourceJndiName.strip();
    }

    public String getServerName() {
        return serverName;
    }

    public void setServerName(String serverName) {
        this.serverName = serverName;
    }

    public Integer getLeaseSeconds() {
        return leaseSeconds;
    }

    public void setLeaseSeconds(Integer leaseSeconds) {
        this.leaseSeconds = leaseSeconds;
    }

    public void setStoreFolder(String storeFolder) {
        this.storeFolder = storeFolder;
    }

    public Long getRobotMoveTimeMillis() {
        return robotMoveTimeMillis;
    }

    public void setRobotMoveTimeMillis(Long robotMoveTimeMillis) {
        this.robotMoveTimeMillis = robotMoveTimeMillis;
    }

    public Long getDriveLoadTimeMillis() {
        return driveLoadTimeMillis;
    }

    public void setDriveLoadTimeMillis(Long driveLoadTimeMillis) {
        this.driveLoadTimeMillis = driveLoadTimeMillis;
    }

    public Long getDeferDismountDelaySeconds() {
        return deferDismountDelaySeconds;
    }

    public void setDeferDismountDelaySeconds(Long deferDismountDelaySeconds) {
        this.deferDismountDelaySeconds = deferDismountDelaySeconds;
    }

    public Integer getKeepValuedTapes() {
        return keepValuedTapes;
    }

    public void setKeepValuedTapes(Integer keepValuedTapes) {
        this.keepValuedTapes = keepValuedTapes;
    }

    public String getAdministrator() {
        return administrator;
    }

    public void setAdministrator(String administrator) {
        this.administrator = administrator;
    }

    // JCA 2.1 §5.3.1: a ResourceAdapter JavaBean implements equals and hashCode over its configuration

    @Override
    public boolean equals(Object o) {
        return o instanceof RsmResourceAdapter r && Objects.equals(libraryName, r.libraryName)
                && Objects.equals(libraries, r.libraries) && Objects.equals(storeFolder, r.storeFolder)
                && Objects.equals(dataSourceJndiName, r.dataSourceJndiName) && Objects.equals(serverName, r.serverName)
                && Objects.equals(dataFolder, r.dataFolder);
    }

    @Override
    public int hashCode() {
        return Objects.hash(libraryName, libraries, storeFolder, dataFolder, dataSourceJndiName, serverName);
    }
}
