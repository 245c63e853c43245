package org.openrsm.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openrsm.api.DriveInfo;
import org.openrsm.api.DriveState;
import org.openrsm.api.LogicalMediaId;
import org.openrsm.api.LogicalMediaInfo;
import org.openrsm.api.MediaSession;
import org.openrsm.api.ObjectInfo;
import org.openrsm.api.ObjectType;
import org.openrsm.api.PhysicalMediaInfo;
import org.openrsm.api.PortInfo;
import org.openrsm.api.RsmException;
import org.openrsm.api.RsmId;
import org.openrsm.api.SideInfo;
import org.openrsm.api.SlotInfo;
import org.openrsm.changer.ElementStatus;
import org.openrsm.changer.sim.SimulatedLibrary;

/**
 * The crash campaign, engine: a worker JVM ({@link CrashWorker}) is killed with SIGKILL at random points, start-up
 * included, and restarted on the same folder, again and again. After every kill an engine starts on what is left
 * and the checker asks: DESIGN.md §5's invariants hold, the catalog agrees with the changer, no drive is held, every
 * acknowledged allocation and deallocation stands, and every acknowledged write is on the right cartridge.
 * <p>
 * Short run in the build (about 2 minutes); the long one is {@code -Dopenrsm.crash.kills=500
 * -Dopenrsm.crash.seconds=7200} (README, src/docs/reliability.md).
 */
class CrashCampaignTest {
    private static final int KILLS = Integer.getInteger("openrsm.crash.kills", 1_000);
    /** the longest a worker runs before its kill */
    private static final int MAX_DELAY_MS = Integer.getInteger("openrsm.crash.maxDelayMs", 2_500);
    private static final Duration BUDGET = Duration.ofSeconds(Integer.getInteger("openrsm.crash.seconds", 100));

    @TempDir
    Path folder;

    private int kills;
    private int duringStartUp;
    private long cycles;
    private long allocations;
    private long checks;

    @Test
    void killedAtRandomNothingAcknowledgedIsLostAndNothingIsMisplaced() throws Exception {
        long began = System.nanoTime();
        Random random = new Random(Long.getLong("openrsm.crash.seed", 20261202L));
        long deadline = System.nanoTime() + BUDGET.toNanos();
        while (kills < KILLS && System.nanoTime() < deadline) {
            Process worker = new ProcessBuilder(javaCommand(), "-cp", System.getProperty("java.class.path"),
                    "-Xmx256m", "-Dderby.stream.error.file=" + folder.resolve("derby.log"), CrashWorker.class.getName(), folder.toString(), Long.toString(random.nextLong()))
                    .redirectErrorStream(true).redirectOutput(folder.resolve("worker.log").toFile()).start();
            // the worker needs about 1 s to start, so some kills land in its start-up
            long wait = random.nextInt(MAX_DELAY_MS);
            boolean exitedByItself = worker.waitFor(wait, TimeUnit.MILLISECONDS);
            assertThat(exitedByItself).as("the worker ran until killed; its log: %s", log()).isFalse();
            if (!journal().contains("START")) {
                duringStartUp++;
            }
            worker.destroyForcibly();   // SIGKILL
            assertThat(worker.waitFor(30, TimeUnit.SECONDS)).isTrue();
            kills++;
            check();
        }
        String figures = kills + " SIGKILLs in " + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - began) + " s ("
                + duringStartUp + " before the worker was started), " + cycles
                + " acknowledged writes, " + allocations + " acknowledged allocations, " + checks + " checks: nothing lost";
        System.out.println("crash campaign: " + figures);
        assertThat(kills).as(figures).isGreaterThanOrEqualTo(Math.min(KILLS, 10));
        assertThat(cycles).as("the worker really worked between kills").isPositive();
    }

    private static String javaCommand() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private String log() throws Exception {
        Path log = folder.resolve("worker.log");
        return Files.exists(log) ? Files.readString(log) : "(none)";
    }

    private String journal() throws Exception {
        Path journal = folder.resolve("journal.log");
        return Files.exists(journal) ? Files.readString(journal, StandardCharsets.US_ASCII) : "";
    }

    /** A start on what the kill left, then every check; the journal of this run is read and kept for the next. */
    private void check() throws Exception {
        SimulatedLibrary library = CrashWorker.library(folder);
        try (RsmServer server = CrashWorker.engine(folder, library).start();
             MediaSession s = server.openSession("checker")) {
            assertThat(server.awaitRobotsIdle(Duration.ofSeconds(30))).isTrue();
            assertThat(server.inDoubtBranches()).isEmpty();
            String context = "after kill " + kills;
            List<PhysicalMediaInfo> media = s.enumerate(null, ObjectType.PHYSICAL_MEDIA).stream()
                    .map(o -> (PhysicalMediaInfo) o).toList();
            // a cartridge is in exactly one place, where the robot has it
            Map<String, String> hardware = new HashMap<>();
            for (ElementStatus es : library.elementStatus()) {
                if (es.full()) {
                    assertThat(hardware.put(es.barCode(), es.element().toString())).as(context).isNull();
                }
            }
            Set<RsmId> places = new HashSet<>();
            for (PhysicalMediaInfo m : media) {
                String where = switch (m.locationType()) {
                    case DRIVE -> "drive " + s.info(m.location(), DriveInfo.class).number();
                    case STORAGESLOT -> "slot " + s.info(m.location(), SlotInfo.class).number();
                    case IEPORT -> "port " + s.info(m.location(), PortInfo.class).number();
                    default -> null;
                };
                assertThat(hardware.get(m.barCode())).as(context + ": where the robot has %s", m.barCode()).isEqualTo(where);
                assertThat(where == null || places.add(m.location())).as(context + ": %s shares its place", m.barCode()).isTrue();
                // and in the state the normal path leaves there: idle at home, or loaded with its side in a drive
                if (m.locationType() == ObjectType.DRIVE) {
                    assertThat(m.mediaState()).as(context + ": %s in a drive", m.barCode()).isEqualTo(org.openrsm.api.MediaState.LOADED);
                    assertThat(s.info(m.location(), DriveInfo.class).mountedSide()).as(context).isEqualTo(m.mountedSide());
                } else {
                    assertThat(m.mediaState()).as(context + ": %s in a slot", m.barCode()).isEqualTo(org.openrsm.api.MediaState.IDLE);
                    assertThat(m.mountedSide()).as(context + ": %s in a slot", m.barCode()).isNull();
                }
                checks += 4;
            }
            // no session survives a restart, so no drive is held
            for (ObjectInfo o : s.enumerate(null, ObjectType.DRIVE)) {
                DriveInfo d = (DriveInfo) o;
                assertThat(d.state()).as(context + ": " + d.name()).isIn(DriveState.DISMOUNTED, DriveState.DISMOUNTABLE);
                assertThat(d.session()).as(context).isNull();
                checks++;
            }
            // sides and logical media agree
            Set<RsmId> sides = new HashSet<>();
            for (ObjectInfo o : s.enumerate(null, ObjectType.LOGICAL_MEDIA)) {
                LogicalMediaInfo l = (LogicalMediaInfo) o;
                assertThat(sides.add(l.side())).as(context + ": side given twice").isTrue();
                assertThat(s.info(l.side(), SideInfo.class).logicalMedia()).as(context).isEqualTo(l.id());
                checks++;
            }
            checkJournal(s, context);
        }
    }

    /** Every acknowledged allocation and deallocation stands; every logical medium holds its last acknowledged write. */
    private void checkJournal(MediaSession s, String context) throws Exception {
        Map<String, Boolean> allocated = new HashMap<>();   // true: acknowledged, false: its deallocation may have happened
        Map<String, String> lastWrite = new HashMap<>();
        Map<String, Set<String>> maybe = new HashMap<>();
        cycles = 0;
        allocations = 0;
        for (String line : journal().split("\n")) {
            String[] f = line.split(" ");
            switch (f[0]) {
                case "ALLOCATED" -> {
                    allocated.put(f[1], true);
                    allocations++;
                }
                case "DEALLOCATE?" -> allocated.put(f[1], false);
                case "KEPT" -> allocated.put(f[1], true);
                case "DEALLOCATED" -> {
                    allocated.remove(f[1]);
                    lastWrite.remove(f[1]);
                    maybe.remove(f[1]);
                    assertThat(exists(s, f[1])).as(context + ": acknowledged deallocation of " + f[1]).isFalse();
                }
                case "WRITE?" -> maybe.computeIfAbsent(f[1], k -> new HashSet<>()).add(f[2]);
                case "WROTE" -> {
                    lastWrite.put(f[1], f[2]);
                    maybe.put(f[1], new HashSet<>());
                    cycles++;
                }
                default -> { }
            }
        }
        for (Map.Entry<String, Boolean> e : allocated.entrySet()) {
            if (e.getValue()) {
                assertThat(exists(s, e.getKey())).as(context + ": acknowledged allocation of " + e.getKey()).isTrue();
                checks++;
            }
        }
        for (Map.Entry<String, String> e : lastWrite.entrySet()) {
            if (!exists(s, e.getKey())) {
                continue;   // its deallocation was under way when the kill came
            }
            LogicalMediaInfo l = s.info(new LogicalMediaId(UUID.fromString(e.getKey())), LogicalMediaInfo.class);
            String barCode = s.info(l.physicalMedia(), PhysicalMediaInfo.class).barCode();
            Path data = folder.resolve("tapes").resolve(barCode + ".data");
            String found = Files.exists(data) ? new String(Files.readAllBytes(data), StandardCharsets.US_ASCII) : "";
            found = found.substring(0, Math.min(20, found.length()));
            Set<String> right = new HashSet<>(maybe.getOrDefault(e.getKey(), Set.of()));
            right.add(e.getValue());
            assertThat(right).as(context + ": what " + barCode + " holds for " + e.getKey()).contains(found);
            checks++;
        }
    }

    private static boolean exists(MediaSession s, String id) {
        try {
            s.info(new LogicalMediaId(UUID.fromString(id)), LogicalMediaInfo.class);
            return true;
        } catch (RsmException e) {
            return false;
        }
    }
}
