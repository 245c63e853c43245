package org.openrsm.engine;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;
import org.openrsm.api.RsmException;
import org.openrsm.store.Ownership;

/**
 * This server's lease on a shared catalog ({@link Ownership}), kept while the engine runs: renewed every third of its
 * length. When it cannot be renewed for two thirds of its length (the database is gone, or this server was paused),
 * or the database says another server took over, the engine stops: no robot move starts any more, every call fails
 * naming why. The server taking over waits for the whole lease, so the last third is the time a move already under
 * way has to end: a robot move must take less than a third of the lease. At every renewal the engine also carries out
 * what the transaction manager of a server standing by decided for branches in doubt ({@code TransactionLog}).
 */
final class OwnerLease implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(OwnerLease.class.getName());

    private final Engine engine;
    private final Ownership ownership;
    private final long token;
    private final Thread thread;
    /** System.nanoTime() when the last renewal that succeeded began */
    private volatile long renewedAt;
    private volatile boolean stopping;

    /** This server's name among the servers of the catalog. */
    String server() {
        return ownership.server();
    }

    OwnerLease(Engine engine, Ownership ownership, long token, long takenAt) {
        this.engine = engine;
        this.ownership = ownership;
        this.token = token;
        this.renewedAt = takenAt;
        this.thread = Engine.daemon(this::keep, "openrsm-lease-" + ownership.server());
    }

    void start() {
        thread.start();
    }

    long token() {
        return token;
    }

    /** Why the lease may have ended (not renewed for two thirds of its length), or null while it is fresh. */
    String stale() {
        long since = System.nanoTime() - renewedAt;
        return since >= ownership.lease().toNanos() * 2 / 3 ? "its lease on the catalog was last renewed " + since / 1_000_000
                + " ms ago (lease " + ownership.lease().toMillis() + " ms)" : null;
    }

    private void keep() {
        Duration lease = ownership.lease();
        long every = lease.toNanos() / 3;
        long limit = lease.toNanos() * 2 / 3;
        while (!stopping) {
            try {
                Thread.sleep(Math.max(1, every / 1_000_000));
            } catch (InterruptedException e) {
                return;
            }
            if (stopping) {
                return;
            }
            long began = System.nanoTime();
            // the renewal runs on a thread of its own: a database that does not answer (a connection that hangs until
            // the pool's timeout) must not keep this server from noticing that its lease is running out
            FutureTask<Boolean> renewal = new FutureTask<>(() -> ownership.renew(token));
            Engine.daemon(renewal, "openrsm-lease-renewal").start();
            try {
                boolean renewed = renewal.get(Math.max(1, limit - (began - renewedAt)), TimeUnit.NANOSECONDS);
                if (!renewed) {
                    engine.ownershipLost("another server took the catalog over (this server's token " + token + " is stale)");
                    return;
                }
                renewedAt = began;
                engine.finishTransactionDecisions();
            } catch (ExecutionException failed) {
                LOG.warning("server " + ownership.server() + " could not renew its lease on the catalog ("
                        + (System.nanoTime() - renewedAt) / 1_000_000 + " ms since the last renewal): "
                        + failed.getCause().getMessage());
            } catch (TimeoutException slow) {
                renewal.cancel(true);
                LOG.warning("server " + ownership.server() + " could not renew its lease on the catalog: the database "
                        + "did not answer");
            } catch (InterruptedException e) {
                return;
            }
            String stale = stale();
            if (stale != null) {
                engine.ownershipLost(stale + ": the lease could not be renewed");
                return;
            }
        }
    }

    /** Stops renewing; {@code release}: gives the catalog up at once (a clean stop), else it is taken when the lease ends. */
    @Override
    public void close() {
        stopping = true;
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Gives the catalog up at once, so that another server need not wait for the lease (a clean stop). */
    void release() {
        try {
            ownership.release(token);
            LOG.info(() -> "server " + ownership.server() + " gave up the catalog");
        } catch (RsmException e) {
            LOG.warning("server " + ownership.server() + " could not give up the catalog (another server takes it when the "
                    + "lease ends): " + e.getMessage());
        }
    }
}
