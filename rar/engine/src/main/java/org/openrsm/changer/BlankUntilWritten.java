package org.openrsm.changer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;

/**
 * The data of a side given back by an earlier owner (a deallocation, an allocation rolled back), as its new owner sees
 * it: blank until written. The first write goes to the side's start (a tape ends its data after the last write); from
 * then on the channel is the side's data as it is.
 */
public final class BlankUntilWritten extends ForwardingChannel {
    /** nothing was written through this channel yet */
    private boolean blank = true;

    public BlankUntilWritten(SeekableByteChannel delegate) {
        super(delegate);
    }

    /** Whether this channel wrote: then the side's data is its new owner's. */
    public boolean written() {
        return !blank;
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
}
