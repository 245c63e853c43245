package org.openrsm.changer.sim;

import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;

/** A blank side opened for reading: no data yet. */
final class EmptyChannel implements SeekableByteChannel {
    private boolean open = true;
    private long position;

    @Override
    public int read(ByteBuffer dst) throws ClosedChannelException {
        check();
        return -1;
    }

    @Override
    public int write(ByteBuffer src) {
        throw new NonWritableChannelException();
    }

    @Override
    public long position() throws ClosedChannelException {
        check();
        return position;
    }

    @Override
    public SeekableByteChannel position(long newPosition) throws ClosedChannelException {
        check();
        this.position = newPosition;
        return this;
    }

    @Override
    public long size() throws ClosedChannelException {
        check();
        return 0;
    }

    @Override
    public SeekableByteChannel truncate(long size) {
        throw new NonWritableChannelException();
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() {
        open = false;
    }

    private void check() throws ClosedChannelException {
        if (!open) {
            throw new ClosedChannelException();
        }
    }
}
