package org.openrsm.changer.tape;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.NonReadableChannelException;
import java.nio.channels.SeekableByteChannel;

/**
 * A tape as a channel: reads or writes forward from the beginning of the tape. {@link #position(long)} only
 * accepts where the channel is (a tape does not seek back; RSM leaves positioning to the application's own tape
 * code), {@link #size()} is what was read or written so far.
 */
abstract class SequentialChannel implements SeekableByteChannel {
    private final boolean write;
    private long position;
    private boolean open = true;

    SequentialChannel(boolean write) {
        this.write = write;
    }

    /** Reads the next bytes into {@code dst}; -1 at the end of the data (a filemark, blank tape). */
    abstract int readTape(ByteBuffer dst) throws IOException;

    /** Writes all of {@code src}. */
    abstract void writeTape(ByteBuffer src) throws IOException;

    /** Ends the channel; {@code wrote}: it was opened for writing (a filemark ends the data). */
    abstract void closeTape(boolean wrote) throws IOException;

    @Override
    public final int read(ByteBuffer dst) throws IOException {
        ensureOpen();
        if (write) {
            throw new NonReadableChannelException();
        }
        int n = readTape(dst);
        if (n > 0) {
            position += n;
        }
        return n;
    }

    @Override
    public final int write(ByteBuffer src) throws IOException {
        ensureOpen();
        if (!write) {
            throw new NonWritableChannelException();
        }
        int n = src.remaining();
        writeTape(src);
        position += n;
        return n;
    }

    @Override
    public final long position() throws IOException {
        ensureOpen();
        return position;
    }

    @Override
    public final SeekableByteChannel position(long newPosition) throws IOException {
        ensureOpen();
        if (newPosition != position) {
            throw new IOException("a tape is sequential: it is at byte " + position + " and cannot go to " + newPosition);
        }
        return this;
    }

    @Override
    public final long size() throws IOException {
        ensureOpen();
        return position;
    }

    @Override
    public final SeekableByteChannel truncate(long size) throws IOException {
        throw new IOException("a tape channel cannot be truncated; write it again from the beginning");
    }

    @Override
    public final boolean isOpen() {
        return open;
    }

    @Override
    public final void close() throws IOException {
        if (open) {
            open = false;
            closeTape(write);
        }
    }

    private void ensureOpen() throws ClosedChannelException {
        if (!open) {
            throw new ClosedChannelException();
        }
    }
}
