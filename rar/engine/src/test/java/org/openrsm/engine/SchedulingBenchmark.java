package org.openrsm.engine;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
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
    /**
     * The simulated robot's move time while hand-overs are measured: a real robot takes seconds (100 moves a second is
     * still more than any real library makes), and a robot that takes no time at all puts its work for the earlier
     * hand-overs (a status file forced to disk, the move records' commits) on the 2 cores while the next is measured.
     */
    private static final Duration HANDOVER_MOVE = Duration.ofMillis(Long.getLong("handoverMoveMs", 10));

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
            driveChoice(server, engine, sim);
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

    private static void driveChoice(RsmServer server, Engine engine, SimulatedLibrary sim) throws Exception {
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
            sim.robotMoveTime(HANDOVER_MOVE);
            FIGURES.put("handover.move.ms", HANDOVER_MOVE.toMillis());
            FIGURES.put("handover.samples", SAMPLES);
            // the hand-over at growing queue lengths: each deferred dismount hands its drive to the best queued mount,
            // and one more mount is queued after each so that the queue keeps its length. A served mount holds its
            // drive and is dismounted in turn by a later sample, so the samples are not limited by the drives.
            Deque<Mounted> mounted = new ArrayDeque<>();
            held.forEach(side -> mounted.add(new Mounted(holder, side)));
            Queue queue = new Queue(waiter, sides, DRIVES);
            int[] lengths = {10, 100, 1_000, QUEUED};
            // warm-up (not measured): hand-overs with a short queue, so that the first level does not pay for the JIT
            for (int i = 0; i < SAMPLES; i++) {
                queue.add();
                mounted.remove().dismount();
            }
            server.awaitRobotsIdle(Duration.ofMinutes(5));
            queue.collectServed(mounted);
            for (int length : lengths) {
                long[] queueing = new long[Math.max(0, length - queue.size())];
                for (int i = 0; queue.size() < length; i++) {
                    long a = System.nanoTime();
                    queue.add();
                    queueing[i] = System.nanoTime() - a;
                }
                if (length == QUEUED) {
                    print("queueing a mount (validation + one dispatch over the queue so far)", queueing, "queue");
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
                // where the robot works on the earlier hand-overs meanwhile
                long[] served = new long[SAMPLES];
                long[] inLock = new long[SAMPLES];
                for (int i = 0; i < SAMPLES; i++) {
                    server.awaitRobotsIdle(Duration.ofMinutes(1));
                    engine.commits.moves.awaitWritten();   // and their records written: nothing runs meanwhile
                    queue.collectServed(mounted);
                    Mounted next = mounted.remove();
                    long a = System.nanoTime();
                    engine.lock.lock();
                    long b;
                    try {
                        b = System.nanoTime();
                        next.dismount();
                        inLock[i] = System.nanoTime() - b;
                    } finally {
                        engine.lock.unlock();
                    }
                    served[i] = System.nanoTime() - a;
                    queue.add();
                }
                print("drive choice: deferred dismount + dispatch that hands the drive to the best of " + length, served,
                        "handover." + length);
                print("  the engine's part of it (under its lock)", inLock, "handover.engine." + length);
                if (length == QUEUED) {
                    server.awaitRobotsIdle(Duration.ofMinutes(1));
                    queue.collectServed(mounted);
                    long[] burst = backToBack(mounted, queue);
                    print("the same, back to back (the robot's work for earlier hand-overs runs meanwhile)", burst,
                            "handover.burst");
                    // for comparison: a robot that takes no time, whose work saturates the 2 cores meanwhile
                    server.awaitRobotsIdle(Duration.ofMinutes(5));
                    sim.robotMoveTime(Duration.ZERO);
                    queue.collectServed(mounted);
                    long[] saturated = backToBack(mounted, queue);
                    print("the same, back to back, with a robot that takes no time (the 2 cores saturated)", saturated,
                            "handover.burst.zero");
                }
                server.awaitRobotsIdle(Duration.ofMinutes(5));
                queue.collectServed(mounted);
            }
        }
    }

    /** Hand-overs one right after the other, each followed by one more queued mount; their times. */
    private static long[] backToBack(Deque<Mounted> mounted, Queue queue) throws Exception {
        long[] times = new long[Math.min(SAMPLES, mounted.size())];
        for (int i = 0; i < times.length; i++) {
            Mounted next = mounted.remove();
            long a = System.nanoTime();
            next.dismount();
            times[i] = System.nanoTime() - a;
            queue.add();
        }
        return times;
    }

    /** A side a session holds mounted: the next hand-over's source. */
    private record Mounted(MediaSession session, SideId side) {
        void dismount() throws Exception {
            session.dismount(side, DismountMode.DEFERRED);
        }
    }

    /** The waiter's queued mounts, each for a side nobody holds, at priorities spread over RSM's range. */
    private static final class Queue {
        private final MediaSession waiter;
        private final List<SideId> sides;
        private int nextSide;
        private final Map<PendingMount, SideId> pending = new LinkedHashMap<>();

        Queue(MediaSession waiter, List<SideId> sides, int nextSide) {
            this.waiter = waiter;
            this.sides = sides;
            this.nextSide = nextSide;
        }

        void add() throws Exception {
            SideId side = sides.get(nextSide);
            pending.put(waiter.mountNoWait(List.of(side), MountOptions.builder().priority(nextSide++ % 31 - 15).build()),
                    side);
        }

        int size() {
            return pending.size();
        }

        /** Moves the mounts served so far to {@code mounted}. */
        void collectServed(Deque<Mounted> mounted) throws Exception {
            for (var it = pending.entrySet().iterator(); it.hasNext();) {
                var e = it.next();
                if (e.getKey().isDone()) {
                    e.getKey().await(Duration.ZERO);   // fails if the mount failed: the benchmark must not go on
                    mounted.add(new Mounted(waiter, e.getValue()));
                    it.remove();
                }
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
