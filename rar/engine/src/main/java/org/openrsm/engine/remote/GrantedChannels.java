package org.openrsm.engine.remote;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.openrsm.api.RsmException;

/**
 * The drives the sessions of this server have open by grant of the server driving the catalog. A channel is used
 * only while this server is sure the grant holds: the owner did not take it back ({@link #revoke}), the owner is the
 * one that granted it, and neither the owner's lease nor this server's last sign of life is so old that the owner or a
 * new one could already have ended this server's sessions and moved the tape ({@link #checked}). An owner that loses
 * its lease stops moving the robot before another starts; a server standing by stops writing before either may.
 */
final class GrantedChannels {
    private static final Logger LOG = Logger.getLogger(GrantedChannels.class.getName());

    /** Tells the owner what a channel did. */
    interface Owner {
        /** The channel wrote its side for the first time: the owner records it as its owner's (not blank). */
        void written(Channel channel) throws RsmException;

        void closed(Channel channel) throws RsmException;
    }

    private final Map<String, Channel> open = new ConcurrentHashMap<>();
    /** until when (System.nanoTime) the grants are sure to hold, as last checked */
    private volatile long sureUntil = System.nanoTime();

    boolean isEmpty() {
        return open.isEmpty();
    }

    /** A channel of session {@code session} of the owner with token {@code token}, by grant {@code granted}. */
    Channel add(String session, long token, Wire.Granted granted, SeekableByteChannel data, Owner owner) {
        Channel c = new Channel(session, token, granted, data, owner);
        open.put(c.key(), c);
        return c;
    }

    /** The channels of session {@code session}. */
    List<Channel> of(String session) {
        return open.values().stream().filter(c -> c.session.equals(session)).toList();
    }

    /** The owner took grant {@code number} of session {@code session} back. */
    void revoke(String session, long number, String reason) {
        Channel c = open.get(session + "/" + number);
        if (c != null) {
            c.revoked = "the server driving the catalog took the drive back: " + reason;
        }
    }

    /** Every channel fails from now on, for {@code reason}. */
    void revokeAll(String reason) {
        open.values().forEach(c -> c.revoked = reason);
    }

    /**
     * The grants hold until {@code until} (System.nanoTime), if the catalog's owner still has token {@code token}; the
     * channels of sessions of another owner are revoked (they ended with it).
     */
    void checked(long token, long until) {
        for (Channel c : open.values()) {
            if (c.token != token) {
                c.revoked = "the server that granted the drive no longer drives the catalog: the session ended with it";
            }
        }
        sureUntil = until;
    }

    /** A drive opened on this server, used while its grant holds; closing it tells the owner. */
    final class Channel implements SeekableByteChannel {
        private final String session;
        private final long token;
        private final Wire.Granted granted;
        private final SeekableByteChannel data;
        private final Owner owner;
        private volatile String revoked;
        private boolean wrote;
        private boolean closed;

        private Channel(String session, long token, Wire.Granted granted, SeekableByteChannel data, Owner owner) {
            this.session = session;
            this.token = token;
            this.granted = granted;
            this.data = data;
            this.owner = owner;
        }

        private String key() {
            return session + "/" + granted.number();
        }

        long number() {
            return granted.number();
        }

        MediumGrant medium() {
            return granted.medium();
        }

        private void usable() throws IOException {
            if (closed) {
                throw new java.nio.channels.ClosedChannelException();
            }
            String why = revoked;
            if (why != null) {
                throw new IOException(why);
            }
            if (System.nanoTime() - sureUntil > 0) {
                throw new IOException("this server cannot be sure that drive " + granted.medium().drive() + " of "
                        + granted.medium().library() + " still holds " + granted.medium().barCode() + " for this session: "
                        + "the catalog has not confirmed the owner's lease and this server's sign of life lately");
            }
        }

        @Override
        public synchronized int read(ByteBuffer dst) throws IOException {
            usable();
            return data.read(dst);
        }

        @Override
        public synchronized int write(ByteBuffer src) throws IOException {
            usable();
            int n = data.write(src);
            if (!wrote && granted.medium().blank()) {
                try {
                    owner.written(this);
                } catch (RsmException e) {
                    throw new IOException("the side was written, but the catalog could not record it: " + e.getMessage(), e);
                }
            }
            wrote = true;
            return n;
        }

        @Override
        public synchronized long position() throws IOException {
            usable();
            return data.position();
        }

        @Override
        public synchronized SeekableByteChannel position(long newPosition) throws IOException {
            usable();
            data.position(newPosition);
            return this;
        }

        @Override
        public synchronized long size() throws IOException {
            usable();
            return data.size();
        }

        @Override
        public synchronized SeekableByteChannel truncate(long size) throws IOException {
            usable();
            data.truncate(size);
            return this;
        }

        @Override
        public boolean isOpen() {
            return data.isOpen() && revoked == null;
        }

        @Override
        public void close() throws IOException {
            synchronized (this) {
                if (closed) {
                    return;
                }
                closed = true;
                data.close();
            }
            open.remove(key(), this);
            if (revoked == null) {
                try {
                    owner.closed(this);
                } catch (RsmException e) {
                    // the owner ended the session meanwhile, or is gone: the grant went with it
                    LOG.log(Level.FINE, "could not tell the server driving the catalog that a drive closed", e);
                }
            }
        }
    }
}
