package org.openrsm.changer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.openrsm.api.InventoryMethod;
import org.openrsm.api.LibraryInfo;
import org.openrsm.api.LibraryType;
import org.openrsm.api.MediaSession;
import org.openrsm.changer.sim.SimulatedLibrary;
import org.openrsm.engine.RsmServer;

/**
 * What the changer drivers cost on tgt's emulated library (a program that prints figures, not a test): a status
 * call, robot moves per second (slot to slot, and a load plus an unload), the engine's start with its first
 * inventory, and a full inventory request. The simulated library is measured the same way for comparison.
 * {@code mvn -B -pl rar/engine -Pbenchmark verify -DskipTests}.
 */
public final class ChangerBenchmark {
    private static final int STATUS_CALLS = 200;
    private static final int MOVES = 100;
    private static final int INVENTORIES = 20;

    public static void main(String[] args) throws Exception {
        TgtLab lab = new TgtLab();
        lab.start();
        try {
            System.out.println("| driver | status call, median | status p90 | slot→slot moves/s | load+unload pairs/s "
                    + "| engine start (first inventory) | inventory request, median |");
            System.out.println("|---|---|---|---|---|---|---|");
            Path sim = Files.createTempDirectory("openrsm-bench-sim");
            measure("simulated", () -> SimulatedLibrary.named("sim").drives(2).slots(8).ioPorts(2).cartridges(6)
                    .barCodes("A", "L4").dataFolder(sim), lab, false);
            measure("mtx on tgt", () -> lab.mtxLibrary("tgt-mtx"), lab, true);
            measure("smc on tgt (iSCSI)", () -> lab.smcLibrary("tgt-smc"), lab, true);
        } finally {
            lab.stop();
        }
    }

    private interface Spec {
        ChangerSpec get() throws Exception;
    }

    private static void measure(String name, Spec spec, TgtLab lab, boolean tgt) throws Exception {
        if (tgt) {
            lab.reset();
        }
        List<Double> status = new ArrayList<>();
        double slotMoves;
        double loadPairs;
        try (Changer c = spec.get().open()) {
            for (int i = 0; i < STATUS_CALLS; i++) {
                long t = System.nanoTime();
                c.elementStatus();
                status.add((System.nanoTime() - t) / 1e6);
            }
            long t = System.nanoTime();
            for (int i = 0; i < MOVES; i++) {
                c.move(Element.slot(i % 2 == 0 ? 1 : 7), Element.slot(i % 2 == 0 ? 7 : 1));
            }
            slotMoves = MOVES / ((System.nanoTime() - t) / 1e9);
            t = System.nanoTime();
            for (int i = 0; i < MOVES / 2; i++) {
                c.move(Element.slot(2), Element.drive(1));
                c.move(Element.drive(1), Element.slot(2));
            }
            loadPairs = (MOVES / 2) / ((System.nanoTime() - t) / 1e9);
        }
        Path db = Files.createTempDirectory("openrsm-bench-db");
        long t = System.nanoTime();
        List<Double> inventories = new ArrayList<>();
        double start;
        try (RsmServer server = RsmServer.builder().store(db.resolve("db")).library(spec.get()).jmx(false).start()) {
            start = (System.nanoTime() - t) / 1e6;
            MediaSession s = server.openSession("benchmark");
            LibraryInfo library = s.libraries().stream().filter(l -> l.libraryType() == LibraryType.ONLINE).findFirst()
                    .orElseThrow();
            for (int i = 0; i < INVENTORIES; i++) {
                long u = System.nanoTime();
                s.awaitLibraryRequest(s.inventory(library.id(), InventoryMethod.DEFAULT), Duration.ofMinutes(1));
                inventories.add((System.nanoTime() - u) / 1e6);
            }
        }
        System.out.printf("| %s | %.2f ms | %.2f ms | %.1f | %.1f | %.0f ms | %.1f ms |%n", name, percentile(status, 50),
                percentile(status, 90), slotMoves, loadPairs, start, percentile(inventories, 50));
    }

    private static double percentile(List<Double> values, int p) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, sorted.size() * p / 100));
    }
}
