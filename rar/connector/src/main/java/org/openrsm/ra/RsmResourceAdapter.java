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
import org.openrsm.api.RsmException;
import org.openrsm.changer.ChangerSpec;
import org.openrsm.changer.config.LibrarySpecs;
import org.openrsm.changer.sim.SimulatedLibrary;
import org.openrsm.engine.RsmServer;

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

    @ConfigProperty(defaultValue = "0", description = "Milliseconds one robot move takes in the simulated library")
    private Long robotMoveTimeMillis = 0L;

    @ConfigProperty(defaultValue = "0", description = "Milliseconds a drive takes to load a cartridge")
    private Long driveLoadTimeMillis = 0L;

    @ConfigProperty(defaultValue = "300", description = "Defer-dismount delay of new drives, in seconds (RSM default 300)")
    private Long deferDismountDelaySeconds = 300L;

    @ConfigProperty(defaultValue = "admin",
            description = "User or group with every right on every library and pool (RSM's administrators)")
    private String administrator = "admin";

    private transient volatile RsmServer server;
    private transient volatile BootstrapContext bootstrap;
    /** the activated message endpoints and their deliveries */
    private final transient Map<MessageEndpointFactory, EndpointDelivery> endpoints = new ConcurrentHashMap<>();

    @Override
    public void start(BootstrapContext context) throws ResourceAdapterInternalException {
        bootstrap = context;
        try {
            RsmServer.Builder builder = RsmServer.builder()
                    .store(Path.of(storeFolder).toAbsolutePath())
                    .deferDismountDelay(Duration.ofSeconds(deferDismountDelaySeconds))
                    .administrator(administrator);
            List<ChangerSpec> specs = libraries == null || libraries.isBlank() ? List.of(simulatedLibrary())
                    : LibrarySpecs.parse(libraries, folder -> Path.of(dataFolder).resolve(folder).toAbsolutePath());
            specs.forEach(builder::library);
            server = builder.start();
            LOG.info(() -> "OpenRSM resource adapter started: librar" + (specs.size() == 1 ? "y " : "ies ")
                    + specs.stream().map(ChangerSpec::name).toList() + ", store " + server.storeDescription());
        } catch (RsmException | IllegalArgumentException e) {
            String property = libraries == null || libraries.isBlank() ? "" : " (property libraries)";
            throw new ResourceAdapterInternalException("OpenRSM could not start" + property + ": " + e.getMessage(), e);
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
        endpoints.values().forEach(EndpointDelivery::close);
        endpoints.clear();
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

    RsmServer server() throws ResourceException {
        RsmServer s = server;
        if (s == null) {
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
        EndpointDelivery delivery = new EndpointDelivery(factory, events);
        delivery.start(server(), this::schedule);
        EndpointDelivery before = endpoints.put(factory, delivery);
        if (before != null) {
            before.close();
        }
        LOG.info(() -> "OpenRSM library events go to " + factory.getEndpointClass().getName() + " (object types: "
                + (events.getObjectTypes().isBlank() ? "all" : events.getObjectTypes()) + ", operations: "
                + (events.getOperations().isBlank() ? "all" : events.getOperations()) + ")");
    }

    @Override
    public void endpointDeactivation(MessageEndpointFactory factory, ActivationSpec spec) {
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
                && Objects.equals(dataFolder, r.dataFolder);
    }

    @Override
    public int hashCode() {
        return Objects.hash(libraryName, libraries, storeFolder, dataFolder);
    }
}
