package org.openrsm.engine;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.openrsm.api.AllocateOptions;
import org.openrsm.api.CreateDisposition;
import org.openrsm.api.DismountMode;
import org.openrsm.api.DriveId;
import org.openrsm.api.LibraryId;
import org.openrsm.api.MediaPoolId;
import org.openrsm.api.MediaPoolPolicy;
import org.openrsm.api.MediaSession;
import org.openrsm.api.MountOptions;
import org.openrsm.api.ObjectType;
import org.openrsm.api.PendingMount;
import org.openrsm.api.PhysicalMediaId;
import org.openrsm.api.SideId;
import org.openrsm.benchmark.Results;
import org.openrsm.changer.sim.SimulatedLibrary;
import org.openrsm.engine.catalog.Model;

/**
 * Drive choice and allocation cost at scale (issue 3): 100,000 cartridges, 1,000 drives, 10,000 queued
 * mounts. Prints median and p99 per decision and the heap per cartridge. Not a test: run it with
 * {@code mvn -pl rar/engine -Pbenchmark verify} (after {@code mvn install -DskipTests}).
 */
public final class SchedulingBenchmark {
    private static final int CARTRIDGES = Integer.getInteger("cartridges", 100_000);
    private static final int DRIVES = Integer.getInteger("drives", 1_000);
    private static final int QUEUED = Integer.getInteger("queued", 10_000);
    private static final int SAMPLES = Integer.getInteger("samples", 1_000);

    /** the figures for the performance report */
    private static final Map<String, Object> FIGURES = new LinkedHashMap<>();

    private SchedulingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("openrsm-bench");
        try {
            run(dir);
            Results.save("scheduling", FIGURES);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static long usedHeap() {
        for (int i = 0; i < 5; i++) {
            System.gc();
        }
        var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        return heap.getUsed();
    }

    private static void run(Path dir) throws Exception {
        System.out.printf("OpenRSM scheduling benchmark: %,d cartridges, %,d drives, %,d queued mounts, %,d samples; %s, %d cores%n",
                CARTRIDGES, DRIVES, QUEUED, SAMPLES, System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors());
        long heapBefore = usedHeap();
        long t0 = System.nanoTime();
        SimulatedLibrary sim = SimulatedLibrary.named("bench").drives(DRIVES).slots(CARTRIDGES + 10).cartridges(CARTRIDGES)
                .ioPorts(1).dataFolder(dir.resolve("tapes"));
        try (RsmServer server = RsmServer.builder().store(dir.resolve("db")).library(sim).jmx(false)
                .deferDismountDelay(Duration.ofHours(1)).start()) {
            System.out.printf("start-up (catalog of %,d cartridges created in Derby): %.1f s%n", CARTRIDGES,
                    (System.nanoTime() - t0) / 1e9);
            FIGURES.put("startup.create.s", (System.nanoTime() - t0) / 1e9);
            long heapAfter = usedHeap();
            System.out.printf("heap: %,d bytes per cartridge (with its side, slot and index entries)%n",
                    (heapAfter - heapBefore) / CARTRIDGES);
            Engine engine = server.engine();
            allocation(server, engine);
            driveChoice(server, engine);
        }
        // a restart: the catalog exists, the changer's element status is read back, the inventory finds no change
        long t1 = System.nanoTime();
        try (RsmServer again = RsmServer.builder().store(dir.resolve("db")).library(SimulatedLibrary.named("bench")
                .drives(DRIVES).slots(CARTRIDGES + 10).cartridges(CARTRIDGES).ioPorts(1).dataFolder(dir.resolve("tapes")))
                .jmx(false).deferDismountDelay(Duration.ofHours(1)).start()) {
            System.out.printf("start-up of the existing catalog (%,d cartridges, every drive loaded): %.1f s%n", CARTRIDGES,
                    (System.nanoTime() - t1) / 1e9);
            FIGURES.put("startup.existing.s", (System.nanoTime() - t1) / 1e9);
        }
    }

    private static void allocation(RsmServer server, Engine engine) throws Exception {
        try (MediaSession s = server.openSession("bench")) {
            MediaPoolId pool = s.createMediaPool("\\Bench", s.mediaType("LTO_Ultrium"), CreateDisposition.CREATE_NEW);
            s.setMediaPoolPolicy(pool, new MediaPoolPolicy(true, false, 0));
            MediaPoolId free = s.mediaPool("\\Free\\LTO_Ultrium");
            Allocations allocations = engine.allocations;
            long[] decide = new long[SAMPLES];
            long[] call = new long[SAMPLES];
            for (int i = 0; i < SAMPLES; i++) {
                engine.lock.lock();
                try {
                    long a = System.nanoTime();
                    allocations.availableSide(free, false);
                    decide[i] = System.nanoTime() - a;
                } finally {
                    engine.lock.unlock();
                }
                long b = System.nanoTime();
                s.allocate(pool, AllocateOptions.errorIfNoneAvailable());
                call[i] = System.nanoTime() - b;
            }
            print("allocation: choosing a side among " + CARTRIDGES + " Free cartridges", decide, "allocation.choice");
            print("allocation: whole allocate call (choice + one Derby commit)", call, "allocation.call");
        }
    }

    private static void driveChoice(RsmServer server, Engine engine) throws Exception {
        LibraryId library;
        List<SideId> sides = new ArrayList<>();
        engine.lock.lock();
        try {
            library = engine.libraries.keySet().iterator().next();
            for (PhysicalMediaId id : engine.state.mediaInLibrary(library)) {
                sides.add(engine.state.get(id, Model.Medium.class).sides.get(0));
            }
        } finally {
            engine.lock.unlock();
        }
        try (MediaSession holder = server.openSession("holder"); MediaSession waiter = server.openSession("waiter")) {
            long t = System.nanoTime();
            List<SideId> held = new ArrayList<>(sides.subList(0, DRIVES));
            for (int i = 0; i < DRIVES; i += 100) {
                holder.mount(held.subList(i, Math.min(DRIVES, i + 100)), MountOptions.read());
            }
            System.out.printf("holding all %,d drives took %.1f s%n", DRIVES, (System.nanoTime() - t) / 1e9);
            FIGURES.put("holding.s", (System.nanoTime() - t) / 1e9);
            server.awaitRobotsIdle(Duration.ofMinutes(5));
            // the hand-over at growing queue lengths: each deferred dismount hands its drive to the best queued mount,
            // one more mount is queued after each so that the queue keeps its length
            int[] lengths = {10, 100, 1_000, QUEUED};
            int warmUp = DRIVES / 10;
            int perLevel = Math.min(SAMPLES, (DRIVES - warmUp) / (lengths.length + 1));
            int nextSide = DRIVES;
            int nextHeld = 0;
            List<PendingMount> pending = new ArrayList<>();
            // warm-up (not measured): hand-overs with a short queue, so that the first level does not pay for the JIT
            for (int i = 0; i < warmUp; i++) {
                pending.add(waiter.mountNoWait(List.of(sides.get(nextSide)), MountOptions.builder()
                        .priority(nextSide++ % 31 - 15).build()));
                holder.dismount(held.get(nextHeld++), DismountMode.DEFERRED);
            }
            server.awaitRobotsIdle(Duration.ofMinutes(5));
            pending.removeIf(PendingMount::isDone);
            for (int length : lengths) {
                long[] queue = new long[Math.max(0, length - pending.size())];
                for (int i = 0; pending.size() < length; i++) {
                    long a = System.nanoTime();
                    pending.add(waiter.mountNoWait(List.of(sides.get(nextSide)), MountOptions.builder()
                            .priority(nextSide++ % 31 - 15).build()));
                    queue[i] = System.nanoTime() - a;
                }
                if (length == QUEUED) {
                    print("queueing a mount (validation + one dispatch over the queue so far)", queue, "queue");
                    long[] dispatch = new long[SAMPLES];
                    for (int i = 0; i < SAMPLES; i++) {
                        engine.lock.lock();
                        try {
                            long a = System.nanoTime();
                            engine.mounts.dispatch(library);
                            dispatch[i] = System.nanoTime() - a;
                        } finally {
                            engine.lock.unlock();
                        }
                    }
                    print("drive choice: dispatch over " + QUEUED + " queued mounts, every drive held", dispatch, "dispatch");
                }
                // paced: the robot makes each hand-over's two moves before the next sample (a real robot takes
                // seconds a move, so the engine is idle between hand-overs); at the longest queue also back to back,
                // where the zero-time simulated robot's work for the earlier hand-overs shares the 2 cores
                long[] served = new long[perLevel];
                long[] inLock = new long[perLevel];
                for (int i = 0; i < perLevel; i++) {
                    server.awaitRobotsIdle(Duration.ofMinutes(1));
                    engine.commits.moves.awaitWritten();   // and their records written: nothing runs meanwhile
                    long a = System.nanoTime();
                    engine.lock.lock();
                    long b;
                    try {
                        b = System.nanoTime();
                        holder.dismount(held.get(nextHeld++), DismountMode.DEFERRED);
                        inLock[i] = System.nanoTime() - b;
                    } finally {
                        engine.lock.unlock();
                    }
                    served[i] = System.nanoTime() - a;
                    pending.add(waiter.mountNoWait(List.of(sides.get(nextSide)), MountOptions.builder()
                            .priority(nextSide++ % 31 - 15).build()));
                }
                print("drive choice: deferred dismount + dispatch that hands the drive to the best of " + length, served,
                        "handover." + length);
                print("  the engine's part of it (under its lock)", inLock, "handover.engine." + length);
                if (length == QUEUED) {
                    long[] burst = new long[Math.min(perLevel, DRIVES - nextHeld)];
                    for (int i = 0; i < burst.length; i++) {
                        long a = System.nanoTime();
                        holder.dismount(held.get(nextHeld++), DismountMode.DEFERRED);
                        burst[i] = System.nanoTime() - a;
                        pending.add(waiter.mountNoWait(List.of(sides.get(nextSide)), MountOptions.builder()
                                .priority(nextSide++ % 31 - 15).build()));
                    }
                    print("the same, back to back (the robot's work for earlier hand-overs runs meanwhile)", burst,
                            "handover.burst");
                }
                server.awaitRobotsIdle(Duration.ofMinutes(5));
                pending.removeIf(PendingMount::isDone);
            }
        }
    }

    private static void print(String what, long[] nanos, String key) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        double median = sorted[sorted.length / 2] / 1e3;
        double p99 = sorted[(int) (sorted.length * 0.99)] / 1e3;
        System.out.printf("%-95s median %9.1f µs   p99 %9.1f µs   (n=%d)%n", what, median, p99, sorted.length);
        FIGURES.put(key + ".p50.us", median);
        FIGURES.put(key + ".p99.us", p99);
    }
}
