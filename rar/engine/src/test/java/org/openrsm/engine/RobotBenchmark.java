package org.openrsm.engine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.openrsm.api.AllocateOptions;
import org.openrsm.api.CreateDisposition;
import org.openrsm.api.DismountMode;
import org.openrsm.api.LogicalMediaId;
import org.openrsm.api.MediaPoolId;
import org.openrsm.api.MediaPoolPolicy;
import org.openrsm.api.MediaSession;
import org.openrsm.api.MountOptions;
import org.openrsm.api.SessionSpec;
import org.openrsm.benchmark.Results;
import org.openrsm.changer.sim.SimulatedLibrary;

/**
 * How busy the robot is under saturation (issue "A scheduler close to the physical limits", 1): 12 sessions,
 * 4 drives, 48 cartridges, each session mounting its own 4 cartridges in turn, so that every mount is a load, with
 * deferred dismounts. The robot's busy share is the time it spent moving over the time measured: at the physical
 * limit it is 1 (the robot never waits for the engine). Not a test: {@code mvn -pl rar/engine -Pbenchmark verify}.
 */
public final class RobotBenchmark {
    private RobotBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        System.out.printf("OpenRSM robot benchmark: 12 sessions, 4 drives, 48 cartridges, every mount a load; %s, %d cores%n",
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors());
        Map<String, Object> figures = new LinkedHashMap<>();
        for (String moves : System.getProperty("moves", "10,20,40,100,200").split(",")) {
            int moveMillis = Integer.parseInt(moves.trim());
            Path dir = Files.createTempDirectory("openrsm-robot");
            try {
                double[] r = run(dir, moveMillis, Duration.ofSeconds(Integer.getInteger("seconds", 20)), 4, 12, null);
                figures.put("share." + moveMillis, r[0]);
                figures.put("gap." + moveMillis, r[1]);
            } finally {
                try (Stream<Path> files = Files.walk(dir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
        Results.save("robot", figures);
    }

    /**
     * {busy share, mean gap between moves (ms), mounts per second} at one move time: {@code drives} drives, three
     * sessions per drive each mounting its own 4 cartridges in turn; the catalog in Derby in {@code dir}, or in
     * {@code catalog} (a shared PostgreSQL: this server owns it, every store transaction checks its fencing token).
     */
    static double[] run(Path dir, int moveMillis, Duration measured, int drives, int sessionCount,
                        javax.sql.DataSource catalog) throws Exception {
        return run(dir, moveMillis, measured, drives, sessionCount, catalog, 0);
    }

    /**
     * As {@link #run(Path, int, Duration, int, int, javax.sql.DataSource)}, the sessions spread evenly over the owner
     * and {@code standBys} servers standing by on the shared {@code catalog}, whose calls the owner serves.
     */
    static double[] run(Path dir, int moveMillis, Duration measured, int drives, int sessionCount,
                        javax.sql.DataSource catalog, int standBys) throws Exception {
        SimulatedLibrary sim = SimulatedLibrary.named("robot").drives(drives).slots(sessionCount * 4 + 2)
                .cartridges(sessionCount * 4).robotMoveTime(Duration.ofMillis(moveMillis)).dataFolder(dir.resolve("tapes"));
        RsmServer.Builder builder = RsmServer.builder().library(sim).jmx(false).deferDismountDelay(Duration.ofHours(1));
        builder = catalog == null ? builder.store(dir.resolve("db")) : builder.store(catalog).serverName("benchmark");
        List<StandBySessions> others = new ArrayList<>();
        try (RsmServer server = builder.start()) {
            for (int i = 1; i <= standBys; i++) {
                others.add(StandBySessions.on(catalog, "standby-" + i, Duration.ofSeconds(30)));
            }
            List<List<LogicalMediaId>> media = new ArrayList<>();
            List<MediaSession> sessions = new ArrayList<>();
            for (int s = 0; s < sessionCount; s++) {
                int on = s % (standBys + 1);
                MediaSession session = on == 0 ? server.openSession("session-" + s)
                        : others.get(on - 1).openSession(SessionSpec.application("session-" + s));
                MediaPoolId pool = session.createMediaPool("\\Robot", session.mediaType("LTO_Ultrium"), CreateDisposition.OPEN_ALWAYS);
                session.setMediaPoolPolicy(pool, new MediaPoolPolicy(true, false, 0));
                List<LogicalMediaId> own = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    own.add(session.allocate(pool, AllocateOptions.errorIfNoneAvailable()));
                }
                media.add(own);
                sessions.add(session);
            }
            Engine engine = server.engine();
            LibraryRun run = engine.libraries.values().iterator().next();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong mounts = new AtomicLong();
            ExecutorService pool = Executors.newFixedThreadPool(sessionCount);
            for (int s = 0; s < sessionCount; s++) {
                MediaSession session = sessions.get(s);
                List<LogicalMediaId> own = media.get(s);
                pool.execute(() -> {
                    for (int i = 0; !stop.get(); i++) {
                        LogicalMediaId m = own.get(i % own.size());
                        try {
                            session.mount(m, MountOptions.builder().timeout(Duration.ofMinutes(5)).build());
                            session.dismount(m, DismountMode.DEFERRED);
                            mounts.incrementAndGet();
                        } catch (Exception e) {
                            if (!stop.get()) {
                                System.out.println("session failed: " + e);
                            }
                            return;
                        }
                    }
                });
            }
            Thread.sleep(Math.max(2_000, 20L * moveMillis));   // warm-up: the queue fills
            // measured from the end of one move to the end of another: whole moves only
            long[] start = atMoveEnd(run);
            long moves0 = run.robotMoves.get();
            long mounts0 = mounts.get();
            Thread.sleep(measured.toMillis());
            long[] end = atMoveEnd(run);
            long elapsed = end[0] - start[0];
            long mounted = mounts.get() - mounts0;
            double share = (end[1] - start[1]) / (double) elapsed;
            long moves = run.robotMoves.get() - moves0;
            stop.set(true);
            pool.shutdown();
            pool.awaitTermination(1, TimeUnit.MINUTES);
            System.out.printf("moves of %3d ms: robot busy share %.3f, %d moves (%.2f per second, limit %.2f), %d mounts, "
                    + "mean gap between moves %.2f ms%n", moveMillis, share, moves, moves / (elapsed / 1e9), 1000.0 / moveMillis,
                    mounted, moves == 0 ? 0 : (elapsed - (share * elapsed)) / moves / 1e6);
            return new double[] {share, moves == 0 ? 0 : (elapsed - (share * elapsed)) / moves / 1e6,
                mounted / (elapsed / 1e9)};
        } finally {
            others.forEach(StandBySessions::close);
        }
    }

    /** Waits for the end of the next robot move: {when it ended, the robot's busy time then}. */
    private static long[] atMoveEnd(LibraryRun run) throws InterruptedException {
        long moves = run.robotMoves.get();
        while (run.robotMoves.get() == moves) {
            Thread.sleep(0, 200_000);
        }
        return new long[] {run.lastMoveEnded, run.robotBusyNanos.get()};
    }
}
