package org.openrsm.engine;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.openrsm.api.AccessMode;
import org.openrsm.api.AllocateOptions;
import org.openrsm.api.CreateDisposition;
import org.openrsm.api.DismountMode;
import org.openrsm.api.DriveId;
import org.openrsm.api.LogicalMediaId;
import org.openrsm.api.MediaPoolId;
import org.openrsm.api.MediaPoolPolicy;
import org.openrsm.api.MediaSession;
import org.openrsm.api.MountOptions;
import org.openrsm.api.SessionSpec;
import org.openrsm.benchmark.Results;
import org.openrsm.changer.sim.SimulatedLibrary;
import org.openrsm.store.PostgresLab;

/**
 * Mounts per second of the server that drives a library of 16 drives (issue "Several servers, one library", figures),
 * its catalog in embedded Derby or in a PostgreSQL that servers standing by share (where every store transaction also
 * checks the owner's fencing token): 48 sessions, each mounting its own 4 cartridges in turn, so that every mount is a
 * load. At the physical limit the robot is busy all the time, whatever the database. Side by side in one run, on the
 * tests' own PostgreSQL (tools/pg-lab). Then the same on PostgreSQL with the sessions spread over 1, 2 and 4 servers (the
 * owner and servers standing by, whose calls the owner serves), and the latency a remote owner adds to a mount without
 * a robot move. Not a test: {@code mvn -pl rar/engine -Pbenchmark verify}.
 */
public final class SharedCatalogBenchmark {
    private SharedCatalogBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int drives = Integer.getInteger("drives", 16);
        int sessions = drives * 3;
        Duration measured = Duration.ofSeconds(Integer.getInteger("seconds", 20));
        System.out.printf("OpenRSM shared-catalog benchmark: one owner, %d drives, %d sessions, every mount a load; %s, %d cores%n",
                drives, sessions, System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors());
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("drives", drives);
        for (String moves : System.getProperty("moves", "10,40").split(",")) {
            int moveMillis = Integer.parseInt(moves.trim());
            for (String store : new String[] {"derby", "postgresql"}) {
                Path dir = Files.createTempDirectory("openrsm-shared");
                HikariDataSource catalog = store.equals("derby") ? null
                        : PostgresLab.shared().dataSource(PostgresLab.shared().newDatabase(), 8);
                try {
                    System.out.print(store + ", ");
                    double[] r = RobotBenchmark.run(dir, moveMillis, measured, drives, sessions, catalog);
                    figures.put(store + ".share." + moveMillis, r[0]);
                    figures.put(store + ".mounts." + moveMillis, r[2]);
                } finally {
                    if (catalog != null) {
                        catalog.close();
                    }
                    delete(dir);
                }
            }
        }
        int moveMillis = Integer.getInteger("servers.move", 40);
        for (String count : System.getProperty("servers", "1,2,4").split(",")) {
            int servers = Integer.parseInt(count.trim());
            Path dir = Files.createTempDirectory("openrsm-shared");
            try (HikariDataSource catalog = PostgresLab.shared().dataSource(PostgresLab.shared().newDatabase(), 8)) {
                System.out.print(servers + " server(s), ");
                double[] r = RobotBenchmark.run(dir, moveMillis, measured, drives, sessions, catalog, servers - 1);
                figures.put("servers.move", moveMillis);
                figures.put("servers.share." + servers, r[0]);
                figures.put("servers.mounts." + servers, r[2]);
            } finally {
                delete(dir);
            }
        }
        remoteCycle(figures, Integer.getInteger("cycles", 2_000));
        Results.save("shared-catalog", figures);
    }

    /**
     * The latency a remote owner adds: the mount of a tape already in its drive and its deferred dismount (no robot
     * move), on a session of the owner and on a session of a server standing by, side by side.
     */
    private static void remoteCycle(Map<String, Object> figures, int cycles) throws Exception {
        Path dir = Files.createTempDirectory("openrsm-shared");
        SimulatedLibrary sim = SimulatedLibrary.named("cycle").drives(2).slots(4).cartridges(2)
                .dataFolder(dir.resolve("tapes"));
        try (HikariDataSource catalog = PostgresLab.shared().dataSource(PostgresLab.shared().newDatabase(), 8);
             RsmServer owner = RsmServer.builder().library(sim).jmx(false).deferDismountDelay(Duration.ofHours(1))
                     .store(catalog).serverName("owner").start();
             StandBySessions standingBy = StandBySessions.on(catalog, "standing-by", Duration.ofSeconds(30), List.of(sim))) {
            for (String where : new String[] {"local", "remote"}) {
                MediaSession session = where.equals("local") ? owner.openSession("cycle-local")
                        : standingBy.openSession(SessionSpec.application("cycle-remote"));
                MediaPoolId pool = session.createMediaPool("\\Cycle-" + where, session.mediaType("LTO_Ultrium"),
                        CreateDisposition.OPEN_ALWAYS);
                session.setMediaPoolPolicy(pool, new MediaPoolPolicy(true, false, 0));
                LogicalMediaId medium = session.allocate(pool, AllocateOptions.errorIfNoneAvailable());
                long[] nanos = new long[cycles];
                for (int i = -cycles / 10; i < cycles; i++) {    // the first tenth warms up (and loads the tape)
                    long t0 = System.nanoTime();
                    session.mount(medium, MountOptions.write());
                    session.dismount(medium, DismountMode.DEFERRED);
                    if (i >= 0) {
                        nanos[i] = System.nanoTime() - t0;
                    }
                }
                Arrays.sort(nanos);
                double p50 = nanos[cycles / 2] / 1e3;
                double p99 = nanos[(int) (cycles * 0.99)] / 1e3;
                System.out.printf("%s session, mount of a tape in its drive + deferred dismount: median %.0f µs, p99 %.0f µs%n",
                        where, p50, p99);
                figures.put("cycle." + where + ".p50.us", p50);
                figures.put("cycle." + where + ".p99.us", p99);
                openCycle(figures, where, session, medium, cycles / 4);
                session.close();
            }
        } finally {
            delete(dir);
        }
    }

    /**
     * What the data path costs on a server standing by: the mount of a tape in its drive, an open for writing, one
     * 256 KiB block written, the close and a deferred dismount. On a server standing by the open is granted by the owner
     * (one call), the first write of the side is recorded there, and the close tells it (one call each).
     */
    private static void openCycle(Map<String, Object> figures, String where, MediaSession session, LogicalMediaId medium,
                                  int cycles) throws Exception {
        java.nio.ByteBuffer block = java.nio.ByteBuffer.allocate(256 * 1024);
        long[] nanos = new long[cycles];
        for (int i = -cycles / 10; i < cycles; i++) {
            long t0 = System.nanoTime();
            DriveId drive = session.mount(medium, MountOptions.write());
            try (java.nio.channels.SeekableByteChannel tape = session.open(drive, AccessMode.WRITE)) {
                tape.write(block.clear());
            }
            session.dismount(medium, DismountMode.DEFERRED);
            if (i >= 0) {
                nanos[i] = System.nanoTime() - t0;
            }
        }
        Arrays.sort(nanos);
        double p50 = nanos[cycles / 2] / 1e3;
        double p99 = nanos[(int) (cycles * 0.99)] / 1e3;
        System.out.printf("%s session, mount + open + 256 KiB written + close + deferred dismount: median %.0f µs, p99 %.0f µs%n",
                where, p50, p99);
        figures.put("open." + where + ".p50.us", p50);
        figures.put("open." + where + ".p99.us", p99);
    }

    private static void delete(Path dir) throws java.io.IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
