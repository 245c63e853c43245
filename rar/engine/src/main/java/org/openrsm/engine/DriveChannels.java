package org.openrsm.engine;

import static org.openrsm.engine.catalog.Errors.error;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import org.openrsm.api.DriveId;
import org.openrsm.api.DriveState;
import org.openrsm.api.RsmError;
import org.openrsm.api.RsmException;
import org.openrsm.api.SideId;
import org.openrsm.changer.ChangerException;
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

    /** Opens the drive's medium for {@code session} (engine lock). */
    SeekableByteChannel open(EngineSession session, DriveId driveId, boolean write) throws RsmException {
        lock.assertHeld();
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
        SeekableByteChannel channel;
        try {
            channel = libraries.get(d.library).changer.openMedium(d.number, cartridge.barCode, mounted.number, write);
        } catch (ChangerException e) {
            throw error(RsmError.DEVICE_NOT_AVAILABLE, d.name + ": " + e.getMessage());
        }
        SeekableByteChannel tracked = new TrackedChannel(channel, run, mounted.id, mounted.staleData);
        run.channels.add(tracked);
        return tracked;
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
     * it reads blank until written: the first write goes to the side's start (a tape ends its data after the last
     * write), and once the channel is closed the side is its owner's again.
     */
    private final class TrackedChannel implements SeekableByteChannel {
        private final SeekableByteChannel delegate;
        private final DriveRun run;
        private final SideId side;
        /** the side holds stale data and this channel has not written yet */
        private boolean blank;
        private boolean written;

        TrackedChannel(SeekableByteChannel delegate, DriveRun run, SideId side, boolean blank) {
            this.delegate = delegate;
            this.run = run;
            this.side = side;
            this.blank = blank;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return blank ? -1 : delegate.read(dst);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            if (blank) {
                delegate.position(0);
                int n = delegate.write(src);
                blank = false;
                written = true;
                return n;
            }
            return delegate.write(src);
        }

        @Override
        public long position() throws IOException {
            return blank ? 0 : delegate.position();
        }

        @Override
        public SeekableByteChannel position(long newPosition) throws IOException {
            if (blank && newPosition != 0) {
                throw new IOException("the side is blank for its new owner: write it from its start (position 0), not "
                        + newPosition);
            }
            delegate.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return blank ? 0 : delegate.size();
        }

        @Override
        public SeekableByteChannel truncate(long size) throws IOException {
            if (!blank) {
                delegate.truncate(size);
            }
            return this;
        }

        @Override
        public boolean isOpen() {
            return delegate.isOpen();
        }

        @Override
        public void close() throws IOException {
            delegate.close();
            lock.lock();
            try {
                run.channels.remove(this);
                if (written) {
                    written = false;
                    written(side);
                }
            } catch (RsmException e) {
                throw new IOException("the side was written, but the catalog could not record it: " + e.getMessage(), e);
            } finally {
                lock.unlock();
            }
        }
    }
}
