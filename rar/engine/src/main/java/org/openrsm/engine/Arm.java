package org.openrsm.engine;

import static org.openrsm.engine.catalog.Errors.error;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.openrsm.api.RsmError;
import org.openrsm.api.RsmException;
import org.openrsm.changer.ChangerException;

/**
 * The robot's arm: one thread per library makes the moves, one after the other, as they come. The robot thread
 * plans a move and waits for it ({@link Robot#step}); a mount's moves can also be planned when the mount is
 * dispatched and queued here at once, so that the arm goes from one move to the next while the robot thread records
 * the last one and binds its mount ({@link MountQueue#dispatch}). After a failed move the arm halts: it drops the
 * moves planned ahead (their mounts plan them again, from what the catalog knows after the failure) until the robot
 * thread has dealt with the failure and {@link #resume}s it.
 */
final class Arm implements AutoCloseable {
    /** A move planned ahead that was dropped because a move before it failed: plan it again. */
    static final class Dropped extends Exception {
        Dropped() {
            super("dropped: a robot move before it failed", null, false, false);
        }
    }

    /** {@code chain}: the moves planned ahead for one mount; once one of them fails or is refused, the rest are dropped */
    private record Job(Robot.Move move, AtomicBoolean chain, CompletableFuture<Void> done) {
        boolean ahead() {
            return chain != null;
        }
    }

    private static final Job STOP = new Job(null, null, null);

    private final LibraryRun run;
    /** how a failed or refused move is reported: the move and the driver's failure → the exception to complete with */
    private final BiFunction<Robot.Move, RuntimeException, ChangerException> defect;
    /** why this server may not move the robot now (it lost the shared catalog), or null ({@link Engine#whyNotDriving}) */
    private final Supplier<String> driving;
    private final BlockingQueue<Job> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean halted;

    Arm(LibraryRun run, String name, BiFunction<Robot.Move, RuntimeException, ChangerException> defect,
            Supplier<String> driving) {
        this.run = run;
        this.defect = defect;
        this.driving = driving;
        this.thread = Engine.daemon(this::work, "openrsm-arm-" + name);
        thread.start();
    }

    /** Queues a move planned now, from what the catalog knows after every move before it; the robot thread waits for it. */
    CompletableFuture<Void> submit(Robot.Move move) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        queue.add(new Job(move, null, done));
        return done;
    }

    /**
     * Queues a move planned ahead, as one of the {@code chain} of moves of one mount: it is dropped when the arm is
     * halted, or when a move of its chain failed, was refused or was given up ({@code chain} set).
     */
    CompletableFuture<Void> submitAhead(Robot.Move move, AtomicBoolean chain) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (halted || chain.get()) {
            done.completeExceptionally(new Dropped());
        } else {
            queue.add(new Job(move, chain, done));
        }
        return done;
    }

    /** The robot thread has dealt with a failed move: moves planned ahead are taken again. */
    void resume() {
        halted = false;
    }

    private void work() {
        while (true) {
            Job job;
            try {
                job = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (job == STOP) {
                return;
            }
            if (job.ahead() && (halted || job.chain().get())) {
                job.done().completeExceptionally(new Dropped());
                continue;
            }
            try {
                perform(job.move());
                job.done().complete(null);
            } catch (RsmException e) {
                // refused before moving (an inventory is needed): nothing happened; the rest of its chain is dropped
                if (job.ahead()) {
                    job.chain().set(true);
                }
                job.done().completeExceptionally(e);
            } catch (ChangerException e) {
                halt();
                job.done().completeExceptionally(e);
            } catch (RuntimeException | Error e) {
                // never leave the robot thread waiting: a defect here fails the move as a failed move would
                halt();
                job.done().completeExceptionally(new ChangerException("the arm of " + run.changer.libraryName()
                        + " failed while moving " + job.move().what() + ": " + e, e));
            }
        }
    }

    /** After a failure: the moves planned ahead are dropped, and so are those that come before {@link #resume}. */
    private void halt() {
        halted = true;
        List<Job> waiting = new ArrayList<>();
        queue.drainTo(waiting);
        for (Job j : waiting) {
            if (j == STOP) {
                queue.add(STOP);
            } else if (j.ahead()) {
                j.done().completeExceptionally(new Dropped());
            } else {
                queue.add(j);
            }
        }
    }

    private void perform(Robot.Move move) throws RsmException, ChangerException {
        String lost = driving.get();
        if (lost != null) {
            throw error(RsmError.DEVICE_NOT_AVAILABLE, "the robot of " + run.changer.libraryName() + " does not move "
                    + move.what() + ": this server no longer drives the library (" + lost + ")");
        }
        String blocked = run.inventoryNeeded;
        if (blocked != null) {
            throw error(RsmError.DEVICE_NOT_AVAILABLE, "the robot of " + run.changer.libraryName() + " does not move "
                    + move.what() + " before an inventory: " + blocked);
        }
        long started = System.nanoTime();
        try {
            run.changer.move(move.source(), move.target());
        } catch (RuntimeException e) {
            // a driver defect: the move's outcome is unknown, as after any failed move
            throw defect.apply(move, e);
        } finally {
            long ended = System.nanoTime();
            run.robotBusyNanos.addAndGet(ended - started);
            run.lastMoveEnded = ended;
        }
        run.robotMoves.incrementAndGet();
    }

    /** Stops the arm after the moves queued so far. */
    @Override
    public void close() {
        queue.add(STOP);
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
