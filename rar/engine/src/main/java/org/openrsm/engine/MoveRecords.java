package org.openrsm.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.openrsm.api.LibraryId;
import org.openrsm.api.RsmException;
import org.openrsm.engine.catalog.Catalog;
import org.openrsm.store.Store;

/**
 * Robot moves on their way to the store (group commit). A move is applied in memory as soon as the changer confirmed
 * it, and the robot goes on with its next move; one writer thread writes the waiting records, as many as have come,
 * in one store transaction, in the order the moves were made. Every other store write takes the records still
 * waiting along, ahead of its own change and in the same transaction: entities are written as whole rows, so an older
 * row written after a newer one would undo it. A crash loses at most the records still waiting; the start-up
 * inventory puts those cartridges where the changer has them (architecture.md, "What is durable").
 *
 * <p>Lock order: the engine lock, then {@link #order}; the writer thread never takes the engine lock while it holds
 * {@link #order}.
 */
final class MoveRecords implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(MoveRecords.class.getName());

    /** A move's record and the libraries whose robot must wait for an inventory if the store refuses it. */
    record Pending(String what, Catalog.Write write, Set<LibraryId> libraries) {
    }

    private final Catalog catalog;
    /** held while a batch is written: the writer's and every committer's writes reach the store in order */
    private final ReentrantLock order = new ReentrantLock();
    private final ReentrantLock queueLock = new ReentrantLock();
    private final Condition arrived = queueLock.newCondition();
    /** records not yet in the store, oldest first (queueLock) */
    private final Deque<Pending> pending = new ArrayDeque<>();
    /** records enqueued since the start; the writer does not retry a failed batch before another record comes */
    private long enqueued;
    private boolean closed;
    /** told, without any lock of this class held, which records the store refused and why */
    private final BiConsumer<List<Pending>, RsmException> refused;
    private final Thread writer;

    MoveRecords(Catalog catalog, BiConsumer<List<Pending>, RsmException> refused) {
        this.catalog = catalog;
        this.refused = refused;
        this.writer = Engine.daemon(this::writeLoop, "openrsm-move-records");
        writer.start();
    }

    /** Queues a move's record for the writer; returns at once. */
    void add(Pending record) {
        queueLock.lock();
        try {
            pending.addLast(record);
            enqueued++;
            arrived.signal();
        } finally {
            queueLock.unlock();
        }
    }

    /** Waits until every record queued so far is in the store or was refused (a benchmark's pause, a test's wait). */
    void awaitWritten() throws InterruptedException {
        while (true) {
            order.lockInterruptibly();
            try {
                if (!waiting()) {
                    return;   // the order lock is free: no write under way, and nothing waits
                }
            } finally {
                order.unlock();
            }
            Thread.sleep(1);
        }
    }

    /** Whether records wait for the store. */
    boolean waiting() {
        queueLock.lock();
        try {
            return !pending.isEmpty();
        } finally {
            queueLock.unlock();
        }
    }

    /**
     * Writes the records still waiting and then {@code own} and {@code extra} in one store transaction; if the store
     * refuses, nothing is written and the records keep waiting.
     */
    void writeWith(String what, Catalog.Write own, Store.Work<Void> extra) throws RsmException {
        order.lock();
        try {
            List<Pending> batch = drain();
            List<Catalog.Write> writes = new ArrayList<>(batch.size() + 1);
            batch.forEach(p -> writes.add(p.write()));
            if (own != null) {
                writes.add(own);
            }
            try {
                catalog.write(batch.isEmpty() ? what : what + " (with " + batch.size() + " robot move record"
                        + (batch.size() == 1 ? "" : "s") + " before it)", writes, extra);
            } catch (RsmException | RuntimeException e) {
                putBack(batch);
                throw e;
            }
        } finally {
            order.unlock();
        }
    }

    private void writeLoop() {
        long tried = -1;
        while (true) {
            queueLock.lock();
            try {
                while (!closed && (pending.isEmpty() || enqueued == tried)) {
                    arrived.awaitUninterruptibly();
                }
                if (closed) {
                    return;
                }
                tried = enqueued;
            } finally {
                queueLock.unlock();
            }
            List<Pending> batch;
            RsmException failure = null;
            order.lock();
            try {
                batch = drain();
                if (batch.isEmpty()) {
                    continue;
                }
                List<Catalog.Write> writes = batch.stream().map(Pending::write).toList();
                try {
                    catalog.write(batch.size() == 1 ? batch.get(0).what() : batch.get(0).what() + " and "
                            + (batch.size() - 1) + " more robot move record" + (batch.size() == 2 ? "" : "s"), writes, null);
                } catch (RsmException e) {
                    failure = e;
                } catch (RuntimeException e) {
                    failure = new RsmException(org.openrsm.api.RsmError.DATABASE_FAILURE, "the store failed to record "
                            + batch.get(0).what() + ": " + e, e);
                }
                if (failure != null) {
                    putBack(batch);
                }
            } finally {
                order.unlock();
            }
            if (failure != null) {
                try {
                    refused.accept(batch, failure);
                } catch (RuntimeException e) {
                    LOG.log(Level.SEVERE, "handling a refused robot move record failed", e);
                }
            }
        }
    }

    private List<Pending> drain() {
        queueLock.lock();
        try {
            List<Pending> batch = new ArrayList<>(pending);
            pending.clear();
            return batch;
        } finally {
            queueLock.unlock();
        }
    }

    private void putBack(List<Pending> batch) {
        queueLock.lock();
        try {
            for (int i = batch.size() - 1; i >= 0; i--) {
                pending.addFirst(batch.get(i));
            }
        } finally {
            queueLock.unlock();
        }
    }

    /** Stops the writer and writes what waits; records the store refuses now are logged (the inventory rights them). */
    @Override
    public void close() {
        queueLock.lock();
        try {
            closed = true;
            arrived.signalAll();
        } finally {
            queueLock.unlock();
        }
        try {
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            writeWith("record the last robot moves", null, null);
        } catch (RsmException e) {
            LOG.warning("the store did not take the last robot move records (" + e.getMessage() + "); the next start's "
                    + "inventory finds those cartridges where the changer has them");
        }
    }
}
