package org.openrsm.engine;

import static org.openrsm.engine.Errors.error;
import static org.openrsm.engine.Errors.invalidParameter;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.openrsm.api.AccessMode;
import org.openrsm.api.AllocateOptions;
import org.openrsm.api.CreateDisposition;
import org.openrsm.api.DismountMode;
import org.openrsm.api.DriveId;
import org.openrsm.api.DriveState;
import org.openrsm.api.LibraryInfo;
import org.openrsm.api.LibraryRequestState;
import org.openrsm.api.LogicalMediaId;
import org.openrsm.api.MediaId;
import org.openrsm.api.MediaPoolId;
import org.openrsm.api.MediaPoolPolicy;
import org.openrsm.api.MediaSession;
import org.openrsm.api.MediaTypeId;
import org.openrsm.api.MountOptions;
import org.openrsm.api.ObjectInfo;
import org.openrsm.api.ObjectType;
import org.openrsm.api.PendingMount;
import org.openrsm.api.RsmError;
import org.openrsm.api.RsmException;
import org.openrsm.api.RsmId;
import org.openrsm.api.SideId;
import org.openrsm.changer.ChangerException;
import org.openrsm.engine.Model.Drive;
import org.openrsm.engine.Model.Side;
import org.openrsm.engine.Runtime.DriveRun;

/** A session of the engine ({@code OpenNtmsSession}); thread-safe. */
final class EngineSession implements MediaSession {
    private static final Logger LOG = Logger.getLogger(EngineSession.class.getName());

    private final Engine engine;
    private final Pools pools;
    private final Infos infos;
    private final UUID id = UUID.randomUUID();
    private final String application;
    private final String user;
    /** sides mounted for this session (engine lock) */
    final Set<SideId> held = new HashSet<>();
    /** mounts queued or under way for this session (engine lock) */
    final Set<MountRequest> pending = new HashSet<>();
    private volatile boolean closed;

    EngineSession(Engine engine, String application, String user) {
        this.engine = engine;
        this.pools = new Pools(engine);
        this.infos = new Infos(engine);
        this.application = application;
        this.user = user;
    }

    String application() {
        return application;
    }

    String user() {
        return user;
    }

    boolean isOpen() {
        return !closed;
    }

    private void check() throws RsmException {
        if (closed) {
            throw error(RsmError.INVALID_HANDLE, "session " + application + " is closed");
        }
        engine.checkOpen();
    }

    /** Runs catalog work under the engine lock. */
    private <T> T locked(Work<T> work) throws RsmException {
        check();
        engine.lock.lock();
        try {
            return work.run();
        } finally {
            engine.lock.unlock();
        }
    }

    @FunctionalInterface
    private interface Work<T> {
        T run() throws RsmException;
    }

    // ---- mount and dismount

    @Override
    public List<DriveId> mount(List<? extends MediaId> media, MountOptions options) throws RsmException {
        MountRequest r = queue(media, options);
        if (options.errorIfUnavailable()) {
            refuseIfWaiting(r);
        }
        return await(r, options.timeout().orElse(null));
    }

    private MountRequest queue(List<? extends MediaId> media, MountOptions options) throws RsmException {
        check();
        if (options == null) {
            throw invalidParameter("no mount options given");
        }
        return engine.queueMount(this, media, options.specificDrives(), options.isWrite(), options.priority());
    }

    /** ERROR_IF_UNAVAILABLE: a mount that cannot start at once fails with BUSY and leaves the queue. */
    private void refuseIfWaiting(MountRequest r) throws RsmException {
        engine.lock.lock();
        try {
            if (r.state == LibraryRequestState.QUEUED) {
                String why = r.waitingFor;
                engine.abandon(r);
                throw error(RsmError.BUSY, "the mount cannot be served now: it would wait for " + why);
            }
        } finally {
            engine.lock.unlock();
        }
    }

    private List<DriveId> await(MountRequest r, Duration timeout) throws RsmException {
        try {
            return timeout == null ? r.result.get() : r.result.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            String why;
            engine.lock.lock();
            try {
                why = r.waitingFor;
                engine.abandon(r);
            } finally {
                engine.lock.unlock();
            }
            if (r.result.isDone() && !r.result.isCompletedExceptionally()) {
                return r.result.join();
            }
            throw error(RsmError.TIMEOUT, "the mount of " + describe(r) + " was not served within " + timeout
                    + " and is cancelled; it was waiting for " + why);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RsmException cause) {
                throw new RsmException(cause.error(), cause.getMessage().substring(cause.error().name().length() + 2), cause);
            }
            throw new RsmException(RsmError.DEVICE_NOT_AVAILABLE, "the mount failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            engine.abandon(r);
            throw error(RsmError.CANCELLED, "the mount of " + describe(r) + " was interrupted and is cancelled");
        }
    }


    private String describe(MountRequest r) {
        engine.lock.lock();
        try {
            return String.join(", ", r.sides.stream().map(s -> engine.label(engine.state.get(s, Side.class))).toList());
        } finally {
            engine.lock.unlock();
        }
    }

    @Override
    public PendingMount mountNoWait(List<? extends MediaId> media, MountOptions options) throws RsmException {
        MountRequest r = queue(media, options);
        return new PendingMount() {
            @Override
            public List<DriveId> await(Duration timeout) throws RsmException {
                return EngineSession.this.await(r, timeout);
            }

            @Override
            public void cancel() {
                engine.abandon(r);
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
        engine.dismount(this, media, mode == DismountMode.DEFERRED);
    }

    @Override
    public void dismountDrive(DriveId drive) throws RsmException {
        check();
        engine.dismountDrive(drive);
    }

    @Override
    public void awaitIdle(MediaId medium, Duration timeout) throws RsmException {
        check();
        engine.awaitIdle(medium, timeout);
    }

    @Override
    public SeekableByteChannel open(DriveId driveId, AccessMode mode) throws RsmException {
        if (mode == null) {
            throw invalidParameter("no access mode given (READ or WRITE)");
        }
        Drive d;
        DriveRun run;
        int side;
        boolean write = mode == AccessMode.WRITE;
        engine.lock.lock();
        try {
            check();
            d = engine.drive(driveId);
            run = engine.driveRuns.get(d.id);
            if (d.state != DriveState.LOADED || run.owner != this) {
                throw error(RsmError.INVALID_STATE, d.name + " of " + engine.libraryName(d.library)
                        + " has no medium mounted for this session (it is " + d.state + ")");
            }
            if (write && !run.writeMount) {
                throw error(RsmError.WRITE_PROTECT, d.name + " holds " + engine.label(engine.state.get(d.side, Side.class))
                        + " mounted for reading; mount it with WRITE to write");
            }
            side = engine.state.get(d.side, Side.class).number;
            SeekableByteChannel channel;
            try {
                channel = engine.libraries.get(d.library).changer.openMedium(d.number, side, write);
            } catch (ChangerException e) {
                throw error(RsmError.DEVICE_NOT_AVAILABLE, d.name + ": " + e.getMessage());
            }
            SeekableByteChannel tracked = new TrackedChannel(channel, run);
            run.channels.add(tracked);
            return tracked;
        } finally {
            engine.lock.unlock();
        }
    }

    /** A channel that leaves its drive's list when closed. */
    private final class TrackedChannel implements SeekableByteChannel {
        private final SeekableByteChannel delegate;
        private final DriveRun run;

        TrackedChannel(SeekableByteChannel delegate, DriveRun run) {
            this.delegate = delegate;
            this.run = run;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return delegate.read(dst);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            return delegate.write(src);
        }

        @Override
        public long position() throws IOException {
            return delegate.position();
        }

        @Override
        public SeekableByteChannel position(long newPosition) throws IOException {
            delegate.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return delegate.size();
        }

        @Override
        public SeekableByteChannel truncate(long size) throws IOException {
            delegate.truncate(size);
            return this;
        }

        @Override
        public boolean isOpen() {
            return delegate.isOpen();
        }

        @Override
        public void close() throws IOException {
            delegate.close();
            engine.lock.lock();
            try {
                run.channels.remove(this);
            } finally {
                engine.lock.unlock();
            }
        }
    }

    // ---- allocation and life cycle

    @Override
    public LogicalMediaId allocate(MediaPoolId pool, AllocateOptions options) throws RsmException {
        return locked(() -> pools.allocate(application, pool, options));
    }

    @Override
    public void deallocate(LogicalMediaId medium) throws RsmException {
        locked(() -> {
            pools.deallocate(medium);
            return null;
        });
    }

    @Override
    public void setComplete(LogicalMediaId medium) throws RsmException {
        locked(() -> {
            pools.setComplete(medium);
            return null;
        });
    }

    @Override
    public void decommission(SideId side) throws RsmException {
        locked(() -> {
            pools.decommission(side);
            return null;
        });
    }

    // ---- pools and types

    @Override
    public MediaPoolId createMediaPool(String path, MediaTypeId type, CreateDisposition disposition) throws RsmException {
        return locked(() -> pools.create(path, type, disposition));
    }

    @Override
    public MediaPoolId mediaPool(String path) throws RsmException {
        return locked(() -> pools.byPath(path));
    }

    @Override
    public void deleteMediaPool(MediaPoolId pool) throws RsmException {
        locked(() -> {
            pools.delete(pool);
            return null;
        });
    }

    @Override
    public void setMediaPoolPolicy(MediaPoolId pool, MediaPoolPolicy policy) throws RsmException {
        locked(() -> {
            pools.setPolicy(pool, policy);
            return null;
        });
    }

    @Override
    public MediaTypeId mediaType(String name) throws RsmException {
        return locked(() -> pools.mediaType(name));
    }

    @Override
    public void setDeferDismountDelay(DriveId drive, Duration delay) throws RsmException {
        check();
        engine.setDeferDismountDelay(drive, delay);
    }

    // ---- objects

    @Override
    public <I extends ObjectInfo> I info(RsmId object, Class<I> type) throws RsmException {
        if (type == null) {
            throw invalidParameter("no info type given");
        }
        ObjectInfo info = locked(() -> infos.info(object));
        if (!type.isInstance(info)) {
            throw invalidParameter(object.type().displayName() + " " + object + " has info of type "
                    + info.getClass().getSimpleName() + ", not " + type.getSimpleName());
        }
        return type.cast(info);
    }

    @Override
    public List<ObjectInfo> enumerate(RsmId container, ObjectType type) throws RsmException {
        return locked(() -> infos.enumerate(container, type));
    }

    @Override
    public List<LibraryInfo> libraries() throws RsmException {
        return locked(infos::libraries);
    }

    // ---- close

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
