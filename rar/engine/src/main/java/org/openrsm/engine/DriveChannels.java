package org.openrsm.engine;

import static org.openrsm.engine.catalog.Errors.error;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import org.openrsm.api.DriveId;
import org.openrsm.api.DriveState;
import org.openrsm.api.RsmError;
import org.openrsm.api.RsmException;
import org.openrsm.changer.ChangerException;
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
        if (d.state != DriveState.LOADED || run.owner != session) {
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
        SeekableByteChannel tracked = new TrackedChannel(channel, run);
        run.channels.add(tracked);
        return tracked;
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
            lock.lock();
            try {
                run.channels.remove(this);
            } finally {
                lock.unlock();
            }
        }
    }
}
