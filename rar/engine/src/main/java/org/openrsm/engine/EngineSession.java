package org.openrsm.engine;

import static org.openrsm.engine.catalog.Errors.error;
import static org.openrsm.engine.catalog.Errors.invalidParameter;

import java.nio.channels.SeekableByteChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.openrsm.api.AccessMode;
import org.openrsm.api.AccessRight;
import org.openrsm.api.Acl;
import org.openrsm.api.AllocateOptions;
import org.openrsm.api.CreateDisposition;
import org.openrsm.api.DismountMode;
import org.openrsm.api.DriveId;
import org.openrsm.api.InventoryMethod;
import org.openrsm.api.LibraryId;
import org.openrsm.api.LibraryInfo;
import org.openrsm.api.LibraryRequestId;
import org.openrsm.api.LibraryRequestInfo;
import org.openrsm.api.LogicalMediaId;
import org.openrsm.api.MediaId;
import org.openrsm.api.MediaPoolId;
import org.openrsm.api.MediaPoolPolicy;
import org.openrsm.api.MediaSession;
import org.openrsm.api.MediaTypeId;
import org.openrsm.api.MountOptions;
import org.openrsm.api.ObjectInfo;
import org.openrsm.api.ObjectType;
import org.openrsm.api.OmidLabelType;
import org.openrsm.api.OperatorRequestId;
import org.openrsm.api.OperatorRequestState;
import org.openrsm.api.OperatorRequestType;
import org.openrsm.api.PendingMount;
import org.openrsm.api.PhysicalMediaId;
import org.openrsm.api.PortId;
import org.openrsm.api.RsmError;
import org.openrsm.api.RsmException;
import org.openrsm.api.RsmId;
import org.openrsm.api.RsmLocalTransaction;
import org.openrsm.api.RsmNotificationListener;
import org.openrsm.api.SideId;
import org.openrsm.api.SlotId;
import org.openrsm.engine.core.Caller;
import org.openrsm.engine.core.EngineLock;

/** A session of the engine ({@code OpenNtmsSession}); thread-safe. */
final class EngineSession implements MediaSession, Caller {
    private static final Logger LOG = Logger.getLogger(EngineSession.class.getName());

    private final Engine engine;
    private final Pools pools;
    private final Allocations allocations;
    private final ObjectInformation infos;
    private final UUID id = UUID.randomUUID();
    private final String application;
    private final String user;
    private final Set<String> groups;
    private final boolean administrator;
    private final LibraryControl control;
    private final Cleaning cleaning;
    private final LibraryAdmin admin;
    private final ObjectAttributes objects;
    /** sides mounted for this session (engine lock) */
    final Set<SideId> held = new HashSet<>();
    /** mounts queued or under way for this session (engine lock) */
    final Set<MountRequest> pending = new HashSet<>();
    private volatile boolean closed;
    /** the transaction branch the session works in, null outside a transaction (engine lock) */
    volatile Transactions.Branch branch;
    /** the XA branch that was rolled back while the session was still in it (e.g. a timeout), else null */
    volatile String rolledBackUnder;

    EngineSession(Engine engine, String application, String user, Set<String> groups, boolean administrator) {
        this.engine = engine;
        this.pools = engine.pools;
        this.allocations = engine.allocations;
        this.infos = engine.information;
        this.control = engine.control;
        this.cleaning = engine.cleaning;
        this.admin = engine.admin;
        this.objects = engine.attributes;
        this.application = application;
        this.user = user;
        this.groups = Set.copyOf(groups);
        this.administrator = administrator;
    }

    @Override
    public Set<String> groups() {
        return groups;
    }

    @Override
    public boolean administrator() {
        return administrator;
    }

    @Override
    public String application() {
        return application;
    }

    @Override
    public String user() {
        return user;
    }

    boolean isOpen() {
        return !closed;
    }

    void check() throws RsmException {
        engine.checkOpen();   // first: a stopped engine closed every session, and NOT_CONNECTED says why
        if (closed) {
            throw error(RsmError.INVALID_HANDLE, "session " + application + " is closed");
        }
        if (rolledBackUnder != null) {
            throw error(RsmError.INVALID_STATE, "transaction " + rolledBackUnder + " was rolled back while session "
                    + application + " was still working in it (a transaction timeout?); close the session");
        }
    }

    /** Runs catalog work under the engine lock. */
    private <T> T locked(EngineLock.Work<T> work) throws RsmException {
        check();
        return engine.lock.call(work);
    }

    /** Catalog work without a result. */
    @FunctionalInterface
    private interface Action {
        void run() throws RsmException;
    }

    /** Runs catalog work without a result under the engine lock. */
    private void run(Action action) throws RsmException {
        locked(() -> {
            action.run();
            return null;
        });
    }

    // ---- mount and dismount

    @Override
    public List<DriveId> mount(List<? extends MediaId> media, MountOptions options) throws RsmException {
        MountRequest r = queue(media, options);
        if (options.errorIfUnavailable()) {
            engine.mounts.refuseIfWaiting(r);
        } else {
            engine.mounts.reportIfNoUsableDrive(r);
        }
        Duration timeout = options.timeout().orElse(null);
        Transactions.Branch b = branch;
        Duration left = b == null ? null : b.timeLeft(engine.clock);
        if (left != null && (timeout == null || left.compareTo(timeout) < 0)) {
            // a mount in a transaction never outlives the transaction
            return mounted(r, engine.mounts.await(r, left, b.timeout));
        }
        return mounted(r, engine.mounts.await(r, timeout));
    }

    /** In a transaction, a mount is part of the branch: a rollback releases it as a deferred dismount. */
    private List<DriveId> mounted(MountRequest r, List<DriveId> drives) {
        Transactions.Branch b = branch;
        if (b != null) {
            engine.lock.lock();
            try {
                engine.transactions.mounted(b, this, r.sides);
            } finally {
                engine.lock.unlock();
            }
        }
        return drives;
    }

    /**
     * In a transaction, checks the operation now and carries it out at commit (DESIGN.md §6); false outside one.
     */
    private boolean deferred(DeferredOp op) throws RsmException {
        Transactions.Branch b = branch;
        if (b == null) {
            return false;
        }
        run(() -> engine.transactions.defer(b, this, op));
        return true;
    }

    private MountRequest queue(List<? extends MediaId> media, MountOptions options) throws RsmException {
        check();
        if (options == null) {
            throw invalidParameter("no mount options given");
        }
        return engine.mounts.queueMount(this, media, options.specificDrives(), options.isWrite(), options.priority(),
                options.errorIfOffline());
    }

    @Override
    public PendingMount mountNoWait(List<? extends MediaId> media, MountOptions options) throws RsmException {
        MountRequest r = queue(media, options);
        engine.mounts.reportIfNoUsableDrive(r);
        return new PendingMount() {
            @Override
            public List<DriveId> await(Duration timeout) throws RsmException {
                return mounted(r, engine.mounts.await(r, timeout));
            }

            @Override
            public void cancel() {
                engine.mounts.abandon(r);
            }

            @Override
            public boolean isDone() {
                return r.result.isDone();
            }
        };
    }

    @Override
    public void dismount(List<? extends MediaId> media, DismountMode mode) throws RsmException {
        check();
        if (mode == null) {
            throw invalidParameter("no dismount mode given (DEFERRED or IMMEDIATE)");
        }
        if (branch != null) {
            List<SideId> sides = new ArrayList<>();
            run(() -> {
                for (MediaId m : media == null ? List.<MediaId>of() : media) {
                    sides.add(engine.resolve(m).id);
                }
            });
            if (deferred(new DeferredOp.Dismount(sides, mode == DismountMode.DEFERRED))) {
                return;
            }
        }
        engine.dismounts.dismount(this, media, mode == DismountMode.DEFERRED);
    }

    @Override
    public void dismountDrive(DriveId drive) throws RsmException {
        run(() -> engine.security.require(this, engine.drive(drive).library, AccessRight.MODIFY, "dismount drive"));
        engine.dismounts.dismountDrive(drive);
    }

    @Override
    public void awaitIdle(MediaId medium, Duration timeout) throws RsmException {
        check();
        engine.dismounts.awaitIdle(medium, timeout);
    }

    @Override
    public SeekableByteChannel open(DriveId driveId, AccessMode mode) throws RsmException {
        if (mode == null) {
            throw invalidParameter("no access mode given (READ or WRITE)");
        }
        return locked(() -> engine.channels.open(this, driveId, mode == AccessMode.WRITE));
    }

    // ---- allocation and life cycle

    /**
     * {@code AllocateNtmsMedia}: with no side to give and no ERROR_IF_UNAVAILABLE, a NEWMEDIA operator request is
     * raised and the call waits until a side can be allocated (the operator added media, or another application
     * deallocated one), the operator refuses (CANCELLED) or the timeout passes (TIMEOUT; the request is
     * withdrawn). A zero timeout does not wait (RSM.md §9).
     */
    @Override
    public LogicalMediaId allocate(MediaPoolId pool, AllocateOptions options) throws RsmException {
        check();
        if (options == null) {
            throw invalidParameter("no allocate options given");
        }
        return allocations.allocate(this, pool, options);
    }

    @Override
    public void deallocate(LogicalMediaId medium) throws RsmException {
        if (medium != null && deferred(new DeferredOp.Deallocate(medium))) {
            return;
        }
        run(() -> allocations.deallocate(this, medium));
    }

    @Override
    public void setComplete(LogicalMediaId medium) throws RsmException {
        if (medium != null && deferred(new DeferredOp.Complete(medium))) {
            return;
        }
        run(() -> allocations.setComplete(this, medium));
    }

    @Override
    public void decommission(SideId side) throws RsmException {
        run(() -> allocations.decommission(this, side));
    }

    @Override
    public void swap(LogicalMediaId a, LogicalMediaId b) throws RsmException {
        run(() -> allocations.swap(this, a, b));
    }

    @Override
    public void moveToMediaPool(PhysicalMediaId medium, MediaPoolId pool) throws RsmException {
        if (medium != null && pool != null
                && deferred(new DeferredOp.MoveToPool(medium, pool))) {
            return;
        }
        run(() -> pools.move(this, medium, pool));
    }

    @Override
    public PhysicalMediaId createMedia(String barCode, MediaPoolId pool, boolean errorOnDuplicate) throws RsmException {
        return locked(() -> pools.createMedia(this, barCode, pool, errorOnDuplicate));
    }

    @Override
    public void updateOmidInfo(LogicalMediaId medium, OmidLabelType type, byte[] label) throws RsmException {
        run(() -> allocations.updateOmidInfo(this, medium, type, label));
    }

    // ---- pools and types

    @Override
    public MediaPoolId createMediaPool(String path, MediaTypeId type, CreateDisposition disposition) throws RsmException {
        return locked(() -> pools.create(this, path, type, disposition));
    }

    @Override
    public MediaPoolId mediaPool(String path) throws RsmException {
        return locked(() -> pools.byPath(path));
    }

    @Override
    public void deleteMediaPool(MediaPoolId pool) throws RsmException {
        run(() -> pools.delete(this, pool));
    }

    @Override
    public void setMediaPoolPolicy(MediaPoolId pool, MediaPoolPolicy policy) throws RsmException {
        run(() -> pools.setPolicy(this, pool, policy));
    }

    @Override
    public MediaTypeId mediaType(String name) throws RsmException {
        return locked(() -> pools.mediaType(name));
    }

    @Override
    public void addMediaType(MediaTypeId type, LibraryId library) throws RsmException {
        run(() -> admin.addMediaType(this, type, library));
    }

    @Override
    public void deleteMediaType(MediaTypeId type, LibraryId library) throws RsmException {
        run(() -> admin.deleteMediaType(this, type, library));
    }

    @Override
    public void changeMediaType(PhysicalMediaId medium, MediaPoolId pool) throws RsmException {
        run(() -> pools.changeMediaType(this, medium, pool));
    }

    @Override
    public void setDeferDismountDelay(DriveId drive, Duration delay) throws RsmException {
        run(() -> {
            engine.security.require(this, engine.drive(drive).library, AccessRight.MODIFY,
                    "setting the defer-dismount delay");
        });
        engine.dismounts.setDeferDismountDelay(drive, delay);
    }

    // ---- library control

    @Override
    public LibraryRequestId inject(LibraryId library, PortId port) throws RsmException {
        return locked(() -> control.inject(this, library, port));
    }

    @Override
    public LibraryRequestId eject(PhysicalMediaId medium, PortId port) throws RsmException {
        return locked(() -> control.eject(this, medium, port));
    }

    @Override
    public LibraryRequestId injectAll(LibraryId library) throws RsmException {
        return locked(() -> control.injectAll(this, library));
    }

    @Override
    public LibraryRequestId ejectAll(List<PhysicalMediaId> media) throws RsmException {
        return locked(() -> control.ejectAll(this, media));
    }

    @Override
    public PhysicalMediaId identifySlot(SlotId slot, DismountMode mode) throws RsmException {
        check();
        return admin.identifySlot(this, slot, mode);
    }

    @Override
    public void deleteLibrary(LibraryId library) throws RsmException {
        run(() -> admin.deleteLibrary(this, library));
    }

    @Override
    public void deleteDrive(DriveId drive) throws RsmException {
        run(() -> admin.deleteDrive(this, drive));
    }

    @Override
    public LibraryRequestId inventory(LibraryId library, InventoryMethod method) throws RsmException {
        return locked(() -> control.inventory(this, library, method));
    }

    @Override
    public LibraryRequestId accessDoor(LibraryId library) throws RsmException {
        return locked(() -> control.accessDoor(this, library));
    }

    @Override
    public LibraryRequestId cleanDrive(DriveId drive) throws RsmException {
        return locked(() -> cleaning.cleanDrive(this, drive));
    }

    @Override
    public void reserveCleanerSlot(LibraryId library, SlotId slot) throws RsmException {
        run(() -> cleaning.reserveCleanerSlot(this, library, slot));
    }

    @Override
    public void releaseCleanerSlot(LibraryId library) throws RsmException {
        run(() -> cleaning.releaseCleanerSlot(this, library));
    }

    @Override
    public LibraryRequestId injectCleaner(LibraryId library, PortId port, int usesRemaining) throws RsmException {
        return locked(() -> cleaning.injectCleaner(this, library, port, usesRemaining));
    }

    @Override
    public LibraryRequestId ejectCleaner(LibraryId library, PortId port) throws RsmException {
        return locked(() -> cleaning.ejectCleaner(this, library, port));
    }

    @Override
    public void deleteMedia(PhysicalMediaId medium) throws RsmException {
        run(() -> pools.deleteMedia(this, medium));
    }

    @Override
    public int requestOrder(LibraryRequestId request) throws RsmException {
        return locked(() -> engine.mounts.order(this, request));
    }

    @Override
    public void setRequestOrder(LibraryRequestId request, int order) throws RsmException {
        check();
        engine.mounts.setOrder(this, request, order);
    }

    @Override
    public void deleteRequests(List<? extends RsmId> requests) throws RsmException {
        if (requests == null) {
            throw invalidParameter("no request ids given");
        }
        run(() -> {
            engine.security.requireAdministrator(this, "deleting requests");
            engine.requests.delete(requests);
        });
    }

    @Override
    public void enable(RsmId object) throws RsmException {
        run(() -> control.setEnabled(this, object, true));
    }

    @Override
    public void disable(RsmId object) throws RsmException {
        run(() -> control.setEnabled(this, object, false));
    }

    @Override
    public List<LibraryRequestInfo> libraryRequests(LibraryId library) throws RsmException {
        return locked(() -> {
            control.library(library);
            engine.security.require(this, library, AccessRight.USE, "listing library requests");
            return engine.requests.of(library);
        });
    }

    @Override
    public void cancelLibraryRequest(LibraryRequestId request) throws RsmException {
        run(() -> control.cancel(this, request));
    }

    @Override
    public LibraryRequestInfo awaitLibraryRequest(LibraryRequestId request, Duration timeout) throws RsmException {
        check();
        return engine.requests.await(request, timeout);
    }

    // ---- operator requests

    @Override
    public OperatorRequestId submitOperatorRequest(OperatorRequestType type, String message, RsmId arg1, RsmId arg2)
            throws RsmException {
        return locked(() -> {
            engine.control.checkOperatorArguments(this, type, arg1, arg2);
            return engine.requests.submit(type, message, arg1, arg2, this).id;
        });
    }

    @Override
    public OperatorRequestState waitForOperatorRequest(OperatorRequestId request, Duration timeout) throws RsmException {
        check();
        return engine.requests.await(request, timeout);
    }

    @Override
    public void satisfyOperatorRequest(OperatorRequestId request) throws RsmException {
        run(() -> {
            engine.security.requireAdministrator(this, "satisfying an operator request");
            engine.requests.satisfy(engine.requests.operator(request));
        });
    }

    @Override
    public void cancelOperatorRequest(OperatorRequestId request) throws RsmException {
        run(() -> {
            engine.security.requireAdministrator(this, "cancelling an operator request");
            engine.requests.refuse(engine.requests.operator(request));
        });
    }

    // ---- security and notifications

    @Override
    public Acl security(RsmId object) throws RsmException {
        return locked(() -> {
            Acl acl = engine.security.acl(object);
            engine.security.require(this, object, AccessRight.USE, "reading the ACL");
            return acl;
        });
    }

    @Override
    public void setSecurity(RsmId object, Acl acl) throws RsmException {
        if (acl == null) {
            throw invalidParameter("no ACL given");
        }
        if (object != null && (object instanceof LibraryId || object instanceof MediaPoolId)
                && deferred(new DeferredOp.SetAcl(object, acl))) {
            return;
        }
        run(() -> objects.setSecurity(this, object, acl));
    }

    @Override
    public void addNotificationListener(ObjectType type, RsmNotificationListener listener) throws RsmException {
        if (listener == null) {
            throw invalidParameter("no notification listener given");
        }
        check();
        engine.notifier.subscribe(type, listener, this);
    }

    // ---- objects

    @Override
    public <I extends ObjectInfo> I info(RsmId object, Class<I> type) throws RsmException {
        if (type == null) {
            throw invalidParameter("no info type given");
        }
        ObjectInfo info = locked(() -> infos.info(this, object));
        if (!type.isInstance(info)) {
            throw invalidParameter(object.type().displayName() + " " + object + " has info of type "
                    + info.getClass().getSimpleName() + ", not " + type.getSimpleName());
        }
        return type.cast(info);
    }

    @Override
    public List<ObjectInfo> enumerate(RsmId container, ObjectType type) throws RsmException {
        return locked(() -> infos.enumerate(this, container, type));
    }

    @Override
    public byte[] attribute(RsmId object, String name) throws RsmException {
        return locked(() -> objects.attribute(this, object, name));
    }

    @Override
    public void setAttribute(RsmId object, String name, byte[] data) throws RsmException {
        run(() -> objects.setAttribute(this, object, name, data));
    }

    @Override
    public void setName(RsmId object, String name) throws RsmException {
        run(() -> objects.setName(this, object, name));
    }

    @Override
    public String description(RsmId object) throws RsmException {
        return locked(() -> objects.description(this, object));
    }

    @Override
    public void setDescription(RsmId object, String description) throws RsmException {
        run(() -> objects.setDescription(this, object, description));
    }

    @Override
    public List<LibraryInfo> libraries() throws RsmException {
        return locked(infos::libraries);
    }

    // ---- close

    @Override
    public RsmLocalTransaction localTransaction() throws RsmException {
        check();
        return new SessionLocalTransaction(engine, this);
    }

    /** A branch of this session alone, committed in one phase. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        engine.closeSession(this);
    }

    void closeQuietly() {
        try {
            close();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "closing session " + application, e);
        }
    }

    @Override
    public String toString() {
        return "MediaSession[" + application + (user == null ? "" : ", user " + user) + ", " + id + "]";
    }
}
