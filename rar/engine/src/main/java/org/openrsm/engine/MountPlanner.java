package org.openrsm.engine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.openrsm.api.DriveId;
import org.openrsm.api.DriveState;
import org.openrsm.api.LibraryId;
import org.openrsm.api.ObjectType;
import org.openrsm.api.OperationalState;
import org.openrsm.api.PhysicalMediaId;
import org.openrsm.api.SideId;
import org.openrsm.engine.catalog.Model.Drive;
import org.openrsm.engine.catalog.Model.Library;
import org.openrsm.engine.catalog.Model.Medium;
import org.openrsm.engine.catalog.Model.Side;

/**
 * Chooses drives for a mount (DESIGN.md §4) and checks a plan as a whole before the robot moves.
 */
final class MountPlanner extends EnginePart {
    MountPlanner(Engine engine) {
        super(engine);
    }

    /**
     * Chooses a drive for every side (DESIGN.md §4) among {@code free} (the library's free drives, {@link #freeDrives}),
     * or returns null and says in the request why not.
     */
    List<MountRequest.Step> plan(MountRequest r, boolean noNewDrives, List<Drive> free) {
        lock.assertHeld();
        List<MountRequest.Step> plan = new ArrayList<>();
        Set<DriveId> chosen = new HashSet<>();
        // a drive holding a cartridge of this mount is kept for that cartridge: evicting it for another side
        // would hand the same drive out twice
        Map<DriveId, PhysicalMediaId> kept = new HashMap<>();
        for (SideId id : r.sides) {
            Medium m = engine.medium(state.get(id, Side.class));
            if (m.location instanceof DriveId in) {
                kept.put(in, m.id);
            }
        }
        String inventory = libraries.get(r.library).inventoryNeeded;
        if (inventory != null) {
            // the catalog may be behind the changer: no drive is handed out on its word
            r.waitFor("an inventory: " + inventory);
            return null;
        }
        for (int i = 0; i < r.sides.size(); i++) {
            Side side = state.get(r.sides.get(i), Side.class);
            Medium m = engine.medium(side);
            EngineSession holder = holders.get(side.id);
            if (holder != null) {
                r.waitFor("side " + engine.label(side) + ", mounted by session " + holder.application());
                return null;
            }
            if (busyMedia.contains(m.id)) {
                r.waitFor(m.label() + ", which the robot is moving");
                return null;
            }
            if (!r.library.equals(m.library)) {
                r.waitFor("the operator to insert " + m.label() + " into " + engine.libraryName(r.library)
                        + (r.operatorRequests.isEmpty() ? "" : " (operator request " + r.operatorRequests.get(0).id + ")"));
                return null;
            }
            DriveId wanted = r.specificDrives == null ? null : r.specificDrives.get(i);
            Drive holding = engine.driveHolding(side);
            if (holding != null && (wanted == null || wanted.equals(holding.id))) {
                // deferred dismount pays off: the side waits in a DISMOUNTABLE drive, no robot move
                plan.add(new MountRequest.Step(side.id, holding.id, true, null));
                chosen.add(holding.id);
                continue;
            }
            if (m.locationType == ObjectType.DRIVE) {
                Drive in = state.get(m.location, Drive.class);
                if (in != null && holders.containsKey(in.side)) {
                    r.waitFor(m.label() + ", whose other side is mounted in " + in.name);
                    return null;
                }
            }
            if (noNewDrives) {
                r.waitForDrive("a drive (an earlier request waits for one first)");
                return null;
            }
            if (state.get(r.library, Library.class).doorOpen) {
                r.waitFor("an inventory: the door of " + engine.libraryName(r.library) + " was opened");
                return null;
            }

            Drive drive = wanted != null ? state.get(wanted, Drive.class) : null;
            if (drive != null) {
                if (!free(drive) || chosen.contains(drive.id)) {
                    r.waitForDrive("a drive: " + drive.name + " is " + use(drive));
                    return null;
                }
                if (kept.containsKey(drive.id) && !kept.get(drive.id).equals(m.id)) {
                    r.waitForDrive("a drive: " + drive.name + " holds another medium of the same mount");
                    return null;
                }
            } else {
                drive = chooseDrive(r, m, chosen, kept, free);
                if (drive == null) {
                    r.waitForAnyDrive();   // spelled out by engine.mounts.waitingFor(r) only when someone asks
                    return null;
                }
            }
            chosen.add(drive.id);
            PhysicalMediaId evict = null;
            if (drive.state == DriveState.DISMOUNTABLE) {
                Medium other = state.occupant(drive.id);
                evict = other == null ? null : other.id;
            }
            plan.add(new MountRequest.Step(side.id, drive.id, false, evict));
        }
        return plan;
    }

    /**
     * What is wrong with a plan as a whole, or null: every side gets its own drive and every drive one side,
     * no step evicts a cartridge the same mount loads, a reused drive holds its side now, and a drive to load
     * is empty or holds exactly the cartridge the step evicts.
     */
    String flawIn(List<MountRequest.Step> plan) {
        lock.assertHeld();
        Set<DriveId> drives = new HashSet<>();
        Set<PhysicalMediaId> loaded = new HashSet<>();
        for (MountRequest.Step step : plan) {
            Side side = state.get(step.side(), Side.class);
            Drive d = state.get(step.drive(), Drive.class);
            if (!drives.add(d.id)) {
                return d.name + " is given to two sides";
            }
            if (!loaded.add(side.medium)) {
                return engine.medium(side).label() + " is planned into two drives";
            }
            Medium occupant = state.occupant(d.id);
            if (step.reuse() ? occupant == null || !side.id.equals(d.side) || !occupant.id.equals(side.medium)
                    : !Objects.equals(occupant == null ? null : occupant.id, step.evict())) {
                return d.name + " holds " + (occupant == null ? "nothing" : occupant.label()) + ", not what the plan expects for "
                        + engine.label(side);
            }
        }
        for (MountRequest.Step step : plan) {
            PhysicalMediaId own = state.get(step.side(), Side.class).medium;
            if (step.evict() != null && !step.evict().equals(own) && loaded.contains(step.evict())) {
                return "the plan evicts " + state.get(step.evict(), Medium.class).label() + ", which it also mounts";
            }
        }
        return null;
    }

    /**
     * The queued mounts whose sides all wait in DISMOUNTABLE drives among {@code free} (served without a robot move),
     * in RSM's order; found from the drives, not by a walk of the queue.
     */
    List<MountRequest> hits(LibraryId library, List<Drive> free) {
        LibraryRun run = libraries.get(library);
        Set<MountRequest> seen = new HashSet<>();
        List<MountRequest> hits = new ArrayList<>();
        for (Drive d : free) {
            if (d.state == DriveState.DISMOUNTABLE) {
                PhysicalMediaId occupant = occupantId(d);
                for (MountRequest r : occupant == null ? List.<MountRequest>of() : run.wanting(occupant)) {
                    if (seen.add(r) && inDrives(r)) {
                        hits.add(r);
                    }
                }
            }
        }
        hits.sort(MountRequest::order);
        return hits;
    }

    /**
     * The library's drives free for a new medium ({@link #free}), in number order. Only the drives nobody holds and
     * the robot does not work on can be free, and the library keeps those apart ({@link LibraryRun#idle}): with
     * 1,000 drives held, finding none free looks at none of them.
     */
    List<Drive> freeDrives(LibraryId library) {
        lock.assertHeld();
        List<Drive> free = new ArrayList<>();
        for (DriveId id : libraries.get(library).idle) {
            Drive d = state.get(id, Drive.class);
            if (d != null && free(d)) {
                free.add(d);
            }
        }
        free.sort(Comparator.comparingInt(d -> d.number));
        return free;
    }

    /** Whether every side of the mount waits in a DISMOUNTABLE drive: it can be served without a robot move. */
    boolean inDrives(MountRequest r) {
        for (SideId id : r.sides) {
            Drive d = engine.driveHolding(state.get(id, Side.class));
            if (d == null || d.state != DriveState.DISMOUNTABLE || holders.containsKey(id)) {
                return false;
            }
        }
        return true;
    }

    /** Whether any drive of the library could serve a mount at all: enabled and ready, in an enabled library. */
    boolean anyDriveUsable(LibraryId library) {
        lock.assertHeld();
        if (!state.get(library, Library.class).enabled) {
            return false;
        }
        for (Drive d : state.drivesView(library)) {
            if (d.enabled && d.operationalState == OperationalState.READY) {
                return true;
            }
        }
        return false;
    }

    boolean anyDriveFree(LibraryId library) {
        return !freeDrives(library).isEmpty();
    }

    /** Free for a new medium: enabled, ready, no robot work, empty or holding a medium nobody has mounted. */
    private boolean free(Drive d) {
        DriveRun run = driveRuns.get(d.id);
        Library library = state.get(d.library, Library.class);
        return d.enabled && library.enabled && d.operationalState == OperationalState.READY && !run.busy() && run.owner() == null
                && (d.state == DriveState.DISMOUNTED || d.state == DriveState.DISMOUNTABLE)
                && (d.state != DriveState.DISMOUNTABLE || !busyMedia.contains(occupantId(d)));
    }

    PhysicalMediaId occupantId(Drive d) {
        Medium m = state.occupant(d.id);
        return m == null ? null : m.id;
    }

    /**
     * An empty drive (the least recently used), else a DISMOUNTABLE drive whose cartridge the library's eviction
     * policy values least among those no queued mount wants (among all, if queued mounts want every one of them),
     * else null; never a drive already chosen, nor one {@code kept} for another cartridge of the same mount.
     */
    Drive chooseDrive(MountRequest r, Medium m, Set<DriveId> chosen, Map<DriveId, PhysicalMediaId> kept, List<Drive> free) {
        LibraryRun run = libraries.get(r.library);
        Drive empty = null;
        Map<PhysicalMediaId, Drive> unwanted = new LinkedHashMap<>();
        Map<PhysicalMediaId, Drive> wanted = new LinkedHashMap<>();
        for (Drive listed : free) {
            Drive d = state.get(listed.id, Drive.class);   // as it is now, not as it was when the list was made
            if (chosen.contains(d.id) || !free(d) || kept.containsKey(d.id) && !kept.get(d.id).equals(m.id)) {
                continue;
            }
            PhysicalMediaId occupant = d.state == DriveState.DISMOUNTED ? null : occupantId(d);
            if (occupant == null) {
                if (empty == null || driveRuns.get(d.id).lastUsed < driveRuns.get(empty.id).lastUsed) {
                    empty = d;
                }
                continue;
            }
            boolean own = r.media.contains(occupant);
            (run.wanted(occupant) && !own ? wanted : unwanted).put(occupant, d);
        }
        if (empty != null) {
            return empty;
        }
        Map<PhysicalMediaId, Drive> candidates = unwanted.isEmpty() ? wanted : unwanted;
        return candidates.isEmpty() ? null : candidates.get(run.eviction.victim(candidates.keySet()));
    }

    String use(Drive d) {
        DriveRun run = driveRuns.get(d.id);
        if (!d.enabled) {
            return "disabled";
        }
        if (run.owner() != null) {
            return "held by session " + run.owner().application();
        }
        if (run.busy()) {
            return "busy with a robot move";
        }
        if (d.operationalState != OperationalState.READY) {
            return d.operationalState.name();
        }
        return d.state.name();
    }

    String drivesInUse(LibraryId library) {
        List<String> uses = new ArrayList<>();
        for (Drive d : state.drivesView(library)) {
            uses.add(d.name + " " + use(d));
        }
        return String.join(", ", uses);
    }
}
