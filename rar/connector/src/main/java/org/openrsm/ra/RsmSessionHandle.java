package org.openrsm.ra;

import java.nio.channels.SeekableByteChannel;
import java.time.Duration;
import java.util.List;
import org.openrsm.api.AccessMode;
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
import org.openrsm.api.RsmNotificationListener;
import org.openrsm.api.SideId;
import org.openrsm.api.SlotId;

/**
 * The connection handle applications get: a {@link MediaSession} backed by one engine session. It never
 * exposes the ManagedConnection; after {@link #close()} every call fails with INVALID_HANDLE.
 */
public final class RsmSessionHandle implements MediaSession {
    /** errors that say the store or the changer failed, not the call: the pool drops the connection */
    private static final java.util.Set<RsmError> CONNECTION_ERRORS = java.util.EnumSet.of(RsmError.DATABASE_FAILURE,
            RsmError.DATABASE_FULL, RsmError.DEVICE_NOT_AVAILABLE, RsmError.NOT_CONNECTED);

    private volatile RsmManagedConnection connection;
    /** the engine session itself (what transaction branches enlist) */
    private final MediaSession engineSession;
    private volatile boolean closed;

    RsmSessionHandle(RsmManagedConnection connection, MediaSession engineSession) {
        this.connection = connection;
        this.engineSession = engineSession;
    }

    /** A call on the engine session. */
    @FunctionalInterface
    private interface Call<T> {
        T on(MediaSession session) throws RsmException;
    }

    /** A call on the engine session that returns nothing. */
    @FunctionalInterface
    private interface Action {
        void on(MediaSession session) throws RsmException;
    }

    /**
     * Runs a call on the engine session: INVALID_HANDLE once the handle is closed; a failure of the store or the
     * changer (not of the call) is reported to the pool, which drops the connection.
     */
    private <T> T call(Call<T> call) throws RsmException {
        if (closed) {
            throw new RsmException(RsmError.INVALID_HANDLE, "this OpenRSM session has been closed; get a new one from the factory");
        }
        try {
            return call.on(engineSession);
        } catch (RsmException e) {
            if (CONNECTION_ERRORS.contains(e.error())) {
                connection.connectionError(this, e);
            }
            throw e;
        }
    }

    private void run(Action action) throws RsmException {
        call(s -> {
            action.on(s);
            return null;
        });
    }

    MediaSession engineSession() {
        return engineSession;
    }

    boolean isOpen() {
        return !closed;
    }

    /** Moves the handle to another ManagedConnection (connection sharing); returns the old one. */
    RsmManagedConnection associate(RsmManagedConnection to) {
        RsmManagedConnection old = connection;
        connection = to;
        return old;
    }

    /** The pool cleans the connection up: the session ends, releasing what it holds as deferred dismounts. */
    void invalidate() {
        if (!closed) {
            closed = true;
            try {
                engineSession.close();
            } catch (RsmException e) {
                java.util.logging.Logger.getLogger(RsmSessionHandle.class.getName())
                        .log(java.util.logging.Level.WARNING, "closing " + engineSession, e);
            }
        }
    }

    /** The application's local transaction on this connection (LOCAL_TRANSACTION_* events go to the pool). */
    @Override
    public org.openrsm.api.RsmLocalTransaction localTransaction() throws RsmException {
        return call(s -> connection.applicationLocalTransaction(this));
    }

    @Override
    public List<DriveId> mount(List<? extends MediaId> media, MountOptions options) throws RsmException {
        return call(s -> s.mount(media, options));
    }

    @Override
    public PendingMount mountNoWait(List<? extends MediaId> media, MountOptions options) throws RsmException {
        return call(s -> s.mountNoWait(media, options));
    }

    @Override
    public void dismount(List<? extends MediaId> media, DismountMode mode) throws RsmException {
        run(s -> s.dismount(media, mode));
    }

    @Override
    public void dismountDrive(DriveId drive) throws RsmException {
        run(s -> s.dismountDrive(drive));
    }

    @Override
    public void awaitIdle(MediaId medium, Duration timeout) throws RsmException {
        run(s -> s.awaitIdle(medium, timeout));
    }

    @Override
    public SeekableByteChannel open(DriveId drive, AccessMode mode) throws RsmException {
        return call(s -> s.open(drive, mode));
    }

    @Override
    public LogicalMediaId allocate(MediaPoolId pool, AllocateOptions options) throws RsmException {
        return call(s -> s.allocate(pool, options));
    }

    @Override
    public void deallocate(LogicalMediaId medium) throws RsmException {
        run(s -> s.deallocate(medium));
    }

    @Override
    public void setComplete(LogicalMediaId medium) throws RsmException {
        run(s -> s.setComplete(medium));
    }

    @Override
    public void decommission(SideId side) throws RsmException {
        run(s -> s.decommission(side));
    }

    @Override
    public void swap(LogicalMediaId a, LogicalMediaId b) throws RsmException {
        run(s -> s.swap(a, b));
    }

    @Override
    public MediaPoolId createMediaPool(String path, MediaTypeId type, CreateDisposition disposition) throws RsmException {
        return call(s -> s.createMediaPool(path, type, disposition));
    }

    @Override
    public MediaPoolId mediaPool(String path) throws RsmException {
        return call(s -> s.mediaPool(path));
    }

    @Override
    public void moveToMediaPool(PhysicalMediaId medium, MediaPoolId pool) throws RsmException {
        run(s -> s.moveToMediaPool(medium, pool));
    }

    @Override
    public void deleteMediaPool(MediaPoolId pool) throws RsmException {
        run(s -> s.deleteMediaPool(pool));
    }

    @Override
    public void setMediaPoolPolicy(MediaPoolId pool, MediaPoolPolicy policy) throws RsmException {
        run(s -> s.setMediaPoolPolicy(pool, policy));
    }

    @Override
    public MediaTypeId mediaType(String name) throws RsmException {
        return call(s -> s.mediaType(name));
    }

    @Override
    public void setDeferDismountDelay(DriveId drive, Duration delay) throws RsmException {
        run(s -> s.setDeferDismountDelay(drive, delay));
    }

    @Override
    public LibraryRequestId inject(LibraryId library, PortId port) throws RsmException {
        return call(s -> s.inject(library, port));
    }

    @Override
    public LibraryRequestId eject(PhysicalMediaId medium, PortId port) throws RsmException {
        return call(s -> s.eject(medium, port));
    }

    @Override
    public LibraryRequestId inventory(LibraryId library, InventoryMethod method) throws RsmException {
        return call(s -> s.inventory(library, method));
    }

    @Override
    public LibraryRequestId accessDoor(LibraryId library) throws RsmException {
        return call(s -> s.accessDoor(library));
    }

    @Override
    public LibraryRequestId cleanDrive(DriveId drive) throws RsmException {
        return call(s -> s.cleanDrive(drive));
    }

    @Override
    public void reserveCleanerSlot(LibraryId library, SlotId slot) throws RsmException {
        run(s -> s.reserveCleanerSlot(library, slot));
    }

    @Override
    public void releaseCleanerSlot(LibraryId library) throws RsmException {
        run(s -> s.releaseCleanerSlot(library));
    }

    @Override
    public LibraryRequestId injectCleaner(LibraryId library, PortId port, int usesRemaining) throws RsmException {
        return call(s -> s.injectCleaner(library, port, usesRemaining));
    }

    @Override
    public LibraryRequestId ejectCleaner(LibraryId library, PortId port) throws RsmException {
        return call(s -> s.ejectCleaner(library, port));
    }

    @Override
    public void deleteMedia(PhysicalMediaId medium) throws RsmException {
        run(s -> s.deleteMedia(medium));
    }

    @Override
    public int requestOrder(LibraryRequestId request) throws RsmException {
        return call(s -> s.requestOrder(request));
    }

    @Override
    public void deleteRequests(List<? extends RsmId> requests) throws RsmException {
        run(s -> s.deleteRequests(requests));
    }

    @Override
    public void enable(RsmId object) throws RsmException {
        run(s -> s.enable(object));
    }

    @Override
    public void disable(RsmId object) throws RsmException {
        run(s -> s.disable(object));
    }

    @Override
    public List<LibraryRequestInfo> libraryRequests(LibraryId library) throws RsmException {
        return call(s -> s.libraryRequests(library));
    }

    @Override
    public void cancelLibraryRequest(LibraryRequestId request) throws RsmException {
        run(s -> s.cancelLibraryRequest(request));
    }

    @Override
    public LibraryRequestInfo awaitLibraryRequest(LibraryRequestId request, Duration timeout) throws RsmException {
        return call(s -> s.awaitLibraryRequest(request, timeout));
    }

    @Override
    public OperatorRequestId submitOperatorRequest(OperatorRequestType type, String message, RsmId arg1, RsmId arg2) throws RsmException {
        return call(s -> s.submitOperatorRequest(type, message, arg1, arg2));
    }

    @Override
    public OperatorRequestState waitForOperatorRequest(OperatorRequestId request, Duration timeout) throws RsmException {
        return call(s -> s.waitForOperatorRequest(request, timeout));
    }

    @Override
    public void satisfyOperatorRequest(OperatorRequestId request) throws RsmException {
        run(s -> s.satisfyOperatorRequest(request));
    }

    @Override
    public void cancelOperatorRequest(OperatorRequestId request) throws RsmException {
        run(s -> s.cancelOperatorRequest(request));
    }

    @Override
    public <I extends ObjectInfo> I info(RsmId object, Class<I> type) throws RsmException {
        return call(s -> s.info(object, type));
    }

    @Override
    public List<ObjectInfo> enumerate(RsmId container, ObjectType type) throws RsmException {
        return call(s -> s.enumerate(container, type));
    }

    @Override
    public List<LibraryInfo> libraries() throws RsmException {
        return call(s -> s.libraries());
    }

    @Override
    public Acl security(RsmId object) throws RsmException {
        return call(s -> s.security(object));
    }

    @Override
    public void setSecurity(RsmId object, Acl acl) throws RsmException {
        run(s -> s.setSecurity(object, acl));
    }

    @Override
    public void addNotificationListener(ObjectType type, RsmNotificationListener listener) throws RsmException {
        run(s -> s.addNotificationListener(type, listener));
    }

    @Override
    public PhysicalMediaId createMedia(String barCode, MediaPoolId pool, boolean errorOnDuplicate) throws RsmException {
        return call(s -> s.createMedia(barCode, pool, errorOnDuplicate));
    }

    @Override
    public void updateOmidInfo(LogicalMediaId medium, OmidLabelType type, byte[] label) throws RsmException {
        run(s -> s.updateOmidInfo(medium, type, label));
    }

    @Override
    public void addMediaType(MediaTypeId type, LibraryId library) throws RsmException {
        run(s -> s.addMediaType(type, library));
    }

    @Override
    public void deleteMediaType(MediaTypeId type, LibraryId library) throws RsmException {
        run(s -> s.deleteMediaType(type, library));
    }

    @Override
    public void changeMediaType(PhysicalMediaId medium, MediaPoolId pool) throws RsmException {
        run(s -> s.changeMediaType(medium, pool));
    }

    @Override
    public LibraryRequestId injectAll(LibraryId library) throws RsmException {
        return call(s -> s.injectAll(library));
    }

    @Override
    public LibraryRequestId ejectAll(List<PhysicalMediaId> media) throws RsmException {
        return call(s -> s.ejectAll(media));
    }

    @Override
    public PhysicalMediaId identifySlot(SlotId slot, DismountMode mode) throws RsmException {
        return call(s -> s.identifySlot(slot, mode));
    }

    @Override
    public void deleteLibrary(LibraryId library) throws RsmException {
        run(s -> s.deleteLibrary(library));
    }

    @Override
    public void deleteDrive(DriveId drive) throws RsmException {
        run(s -> s.deleteDrive(drive));
    }

    @Override
    public void setRequestOrder(LibraryRequestId request, int order) throws RsmException {
        run(s -> s.setRequestOrder(request, order));
    }

    @Override
    public byte[] attribute(RsmId object, String name) throws RsmException {
        return call(s -> s.attribute(object, name));
    }

    @Override
    public void setAttribute(RsmId object, String name, byte[] data) throws RsmException {
        run(s -> s.setAttribute(object, name, data));
    }

    @Override
    public void setName(RsmId object, String name) throws RsmException {
        run(s -> s.setName(object, name));
    }

    @Override
    public String description(RsmId object) throws RsmException {
        return call(s -> s.description(object));
    }

    @Override
    public void setDescription(RsmId object, String description) throws RsmException {
        run(s -> s.setDescription(object, description));
    }

    /**
     * Ends the session (its mounts stay in the drives as deferred dismounts) and returns the connection to the pool;
     * inside a transaction the session ends with the transaction, so a rollback can still release what it mounted.
     */
    @Override
    public void close() throws RsmException {
        if (closed) {
            return;
        }
        closed = true;
        connection.closed(this, engineSession);
    }

    @Override
    public String toString() {
        return "OpenRSM " + engineSession + (closed ? " (closed)" : "");
    }
}
