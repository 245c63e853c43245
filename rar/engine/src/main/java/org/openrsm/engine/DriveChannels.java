package org.openrsm.engine;

import static org.openrsm.engine.catalog.Errors.error;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.util.function.Consumer;
import org.openrsm.api.DriveId;
import org.openrsm.api.DriveState;
import org.openrsm.api.RsmError;
import org.openrsm.api.RsmException;
import org.openrsm.api.SideId;
import org.openrsm.changer.BlankUntilWritten;
import org.openrsm.changer.ChangerException;
import org.openrsm.changer.ForwardingChannel;
import org.openrsm.engine.remote.CallServer;
import org.openrsm.engine.remote.MediumGrant;
import org.openrsm.engine.catalog.Change;
import org.openrsm.engine.catalog.Model.Drive;
import org.openrsm.engine.catalog.Model.Medium;
import org.openrsm.engine.catalog.Model.Side;

/**
 * The data path: a drive's channel to the medium in it, opened only for the session that holds the side loaded
 * there and only if the drive really holds that side's cartridge; its channels close when the side is released.
 */
final class DriveChannels extends EnginePart {
    DriveChannels(Engine engine) {
        super(engine);
    }

    /** What an open finds in the drive, checked. */
    private record Opening(Drive drive, DriveRun run, Side side, Medium cartridge) {
    }

    /** Opens the drive's medium for {@code session} (engine lock). */
    SeekableByteChannel open(EngineSession session, DriveId driveId, boolean write) throws RsmException {
        Opening o = check(session, driveId, write);
        SeekableByteChannel channel;
        try {
            channel = libraries.get(o.drive.library).changer.openMedium(o.drive.number, o.cartridge.barCode, o.side.number,
                    write);
        } catch (ChangerException e) {
            throw error(RsmError.DEVICE_NOT_AVAILABLE, o.drive.name + ": " + e.getMessage());
        }
        SeekableByteChannel tracked = new TrackedChannel(channel, o.run, o.side.id, o.side.staleData);
        o.run.channels.add(tracked);
        return tracked;
    }

    /**
     * Lets {@code session}, served for a server standing by, open the drive's medium on that server: checked as an
     * open here, and recorded on the drive as a channel of that server until it closes it ({@link Grant#close}). When
     * the side is released here first, {@code revoked} is told why (engine lock).
     */
    Grant grant(EngineSession session, DriveId driveId, boolean write, Consumer<String> revoked) throws RsmException {
        Opening o = check(session, driveId, write);
        MediumGrant medium = new MediumGrant(engine.libraryName(o.drive.library), o.drive.number, o.cartridge.barCode,
                o.side.number, write, o.side.staleData, o.drive.id, o.side.id, o.side.logicalMedia, o.cartridge.id);
        Grant g = new Grant(medium, o.run, o.drive.name, revoked);
        o.run.channels.add(g);
        return g;
    }

    private Opening check(EngineSession session, DriveId driveId, boolean write) throws RsmException {
        lock.assertHeld();
        if (driveId == null) {
            throw error(RsmError.INVALID_PARAMETER, "no drive given");
        }
        Drive d = engine.drive(driveId);
        DriveRun run = driveRuns.get(d.id);
        if (d.state != DriveState.LOADED || run.owner() != session) {
            throw error(RsmError.INVALID_STATE, d.name + " of " + engine.libraryName(d.library)
                    + " has no medium mounted for this session (it is " + d.state + ")");
        }
        if (write && !run.writeMount) {
            throw error(RsmError.WRITE_PROTECT, d.name + " holds " + engine.label(state.get(d.side, Side.class))
                    + " mounted for reading; mount it with WRITE to write");
        }
        Side mounted = state.get(d.side, Side.class);
        Medium cartridge = state.occupant(d.id);
        if (!session.held.contains(mounted.id) || cartridge == null || !cartridge.id.equals(mounted.medium)) {
            // never trust that the drive holds what the session mounted: a wrong tape would be overwritten
            throw error(RsmError.INVALID_STATE, d.name + " of " + engine.libraryName(d.library) + " does not hold a side "
                    + "mounted by this session (it holds " + (cartridge == null ? "nothing" : cartridge.label()) + ")");
        }
        return new Opening(d, run, mounted, cartridge);
    }

    /** A side written from its start for its owner: what an earlier owner left there is gone (engine lock). */
    private void written(SideId side) throws RsmException {
        lock.assertHeld();
        Side s = state.get(side, Side.class);
        if (s != null && s.staleData) {
            Change change = new Change(state);
            change.edit(s).staleData = false;
            engine.commits.commit(change, "side " + engine.label(s) + " written by its owner");
        }
    }

    /**
     * A channel that leaves its drive's list when closed. On a side with stale data (given back by an earlier owner),
     * it reads blank until written ({@link BlankUntilWritten}), and once the channel is closed the side is its owner's
     * again.
     */
    private final class TrackedChannel extends ForwardingChannel {
        private final DriveRun run;
        private final SideId side;
        private boolean closed;

        TrackedChannel(SeekableByteChannel channel, DriveRun run, SideId side, boolean blank) {
            super(blank ? new BlankUntilWritten(channel) : channel);
            this.run = run;
            this.side = side;
        }

        @Override
        public void close() throws IOException {
            delegate.close();
            lock.lock();
            try {
                if (closed) {
                    return;   // a second close: the side may have another owner by now
                }
                closed = true;
                run.channels.remove(this);
                if (delegate instanceof BlankUntilWritten b && b.written()) {
                    written(side);
                }
            } catch (RsmException e) {
                throw new IOException("the side was written, but the catalog could not record it: " + e.getMessage(), e);
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * A drive a session of a server standing by has open there. It is one of the drive's channels here, so a release
     * of the side closes it like a channel of this server: the other server is told ({@code revoked}).
     */
    final class Grant implements SeekableByteChannel, CallServer.Grant {
        private final MediumGrant medium;
        private final DriveRun run;
        private final String drive;
        private final Consumer<String> revoked;
        private boolean open = true;

        Grant(MediumGrant medium, DriveRun run, String drive, Consumer<String> revoked) {
            this.medium = medium;
            this.run = run;
            this.drive = drive;
            this.revoked = revoked;
        }

        @Override
        public MediumGrant medium() {
            return medium;
        }

        @Override
        public void written() throws RsmException {
            lock.lock();
            try {
                if (!open) {
                    throw error(RsmError.INVALID_STATE, drive + " is no longer open for this session: its side was released");
                }
                DriveChannels.this.written(medium.sideId());
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void release() {
            lock.lock();
            try {
                open = false;
                run.channels.remove(this);
            } finally {
                lock.unlock();
            }
        }

        /** The side is released here (engine lock). */
        @Override
        public void close() {
            if (open) {
                open = false;
                revoked.accept(medium.barCode() + " is no longer mounted in " + drive + " for this session");
            }
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            throw elsewhere();
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            throw elsewhere();
        }

        @Override
        public long position() throws IOException {
            throw elsewhere();
        }

        @Override
        public SeekableByteChannel position(long newPosition) throws IOException {
            throw elsewhere();
        }

        @Override
        public long size() throws IOException {
            throw elsewhere();
        }

        @Override
        public SeekableByteChannel truncate(long size) throws IOException {
            throw elsewhere();
        }

        private IOException elsewhere() {
            return new IOException(drive + " is open on another server");
        }
    }
}
