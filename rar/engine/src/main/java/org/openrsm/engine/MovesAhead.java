package org.openrsm.engine;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.openrsm.api.RsmException;
import org.openrsm.api.SlotId;
import org.openrsm.changer.ChangerException;
import org.openrsm.engine.catalog.Model.Drive;
import org.openrsm.engine.catalog.Model.Medium;
import org.openrsm.engine.catalog.Model.Side;

/**
 * Moves planned ahead (the robot never waits for the engine, architecture.md): a one-side mount's eviction and load
 * are planned when it is dispatched and queued on the library's {@link Arm}; the robot thread, when the mount's turn
 * comes, waits for each, records it, or plans it again if it was dropped after a failed move.
 */
final class MovesAhead extends EnginePart {
    MovesAhead(Engine engine) {
        super(engine);
    }

    /** A move planned ahead for a mount, and the slot it fills (an eviction's), if any. */
    static final class Ahead {
        final Robot.Move move;
        final SlotId slot;
        final CompletableFuture<Void> done;
        /** the robot thread has waited for it (and recorded it if it was made) */
        volatile boolean consumed;

        Ahead(Robot.Move move, SlotId slot, CompletableFuture<Void> done) {
            this.move = move;
            this.slot = slot;
            this.done = done;
        }
    }

    /**
     * Robot thread, when a mount is done with the robot: its moves planned ahead that it did not wait for (it failed
     * before them) are given up. Returns the move, in words, that may have been made all the same, unrecorded (it was
     * under way when the mount failed for another reason than a failed move), or null: then the catalog may be
     * behind the changer.
     */
    String giveUp(MountRequest r) {
        r.aheadGivenUp.set(true);
        String made = null;
        for (Ahead ahead : new Ahead[] {r.aheadEvict, r.aheadLoad}) {
            if (ahead != null && !ahead.consumed) {
                try {
                    ahead.done.get();   // dropped when the arm takes it, or at most the one move under way
                    made = ahead.move.what();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    made = ahead.move.what();   // not known
                } catch (ExecutionException e) {
                    // dropped, refused or failed: not made (a failure halted the arm, which a failed move's handling resumes)
                    if (e.getCause() instanceof ChangerException) {
                        made = ahead.move.what();   // a failed move's outcome is unknown: the inventory finds out
                        libraries.get(r.library).arm.resume();
                    }
                }
            }
        }
        return made;
    }

    /**
     * Engine lock, at dispatch: plans the moves of a one-side mount now (evict, load) and queues them on the arm, so
     * that the arm goes from the move before them to these without waiting for the robot thread's bookkeeping. Only
     * when no other robot work (an inventory, an eject, a timed dismount) is queued: those plan from the catalog as it
     * is when they run. A slot an eviction will fill is reserved until the move is recorded.
     */
    void plan(LibraryRun run, MountRequest r) {
        lock.assertHeld();
        if (r.plan.size() != 1 || run.otherTasks > 0 || run.inventoryNeeded != null || r.plan.get(0).reuse()) {
            return;
        }
        MountRequest.Step step = r.plan.get(0);
        Drive d = state.get(step.drive(), Drive.class);
        if (step.evict() != null) {
            Medium out = state.occupant(d.id);
            SlotId slot = out == null ? null : engine.robot.homeOrFreeSlot(run, out, d.library);
            if (slot == null) {
                return;   // planned when the robot gets to it, which says why it cannot be done
            }
            run.reserved.add(slot);
            Robot.Move evict = new Robot.Move(engine.element(d.id), engine.element(slot),
                    out.label() + " from " + d.name + " to " + engine.describe(slot));
            r.aheadEvict = new Ahead(evict, slot, run.arm.submitAhead(evict, r.aheadGivenUp));
            run.movesPlannedAhead.incrementAndGet();
        }
        Medium in = engine.medium(state.get(step.side(), Side.class));
        Robot.Move load = new Robot.Move(engine.element(in.location), engine.element(d.id),
                in.label() + " from " + engine.describe(in.location) + " to " + engine.describe(d.id));
        r.aheadLoad = new Ahead(load, null, run.arm.submitAhead(load, r.aheadGivenUp));
        run.movesPlannedAhead.incrementAndGet();
    }

    /**
     * Robot thread: waits for a move planned ahead and records it; false if it was dropped (a move before it failed:
     * the caller plans it again now) or not made because the library's contents may have changed (the inventory has
     * corrected the catalog: the caller plans it again now). A failed move is dealt with as in {@link Robot#step}.
     */
    boolean complete(LibraryRun run, Ahead ahead, Robot.Recording recording) throws RsmException {
        ahead.consumed = true;
        try {
            engine.robot.await(run, ahead.move, ahead.done);
        } catch (Arm.Dropped e) {
            run.movesDropped.incrementAndGet();
            return false;
        } catch (Robot.Replan e) {
            return false;   // not made: the library's contents changed and the caller plans it from the catalog now
        }
        engine.robot.record(ahead.move, recording);
        return true;
    }
}
