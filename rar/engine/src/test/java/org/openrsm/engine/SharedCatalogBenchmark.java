package org.openrsm.engine;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.openrsm.benchmark.Results;
import org.openrsm.store.PostgresLab;

/**
 * Mounts per second of the server that drives a library of 16 drives (issue "Several servers, one library", figures),
 * its catalog in embedded Derby or in a PostgreSQL that servers standing by share (where every store transaction also
 * checks the owner's fencing token): 48 sessions, each mounting its own 4 cartridges in turn, so that every mount is a
 * load. At the physical limit the robot is busy all the time, whatever the database. Side by side in one run, on the
 * tests' own PostgreSQL (tools/pg-lab). Not a test: {@code mvn -pl rar/engine -Pbenchmark verify}.
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
                    try (Stream<Path> files = Files.walk(dir)) {
                        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                    }
                }
            }
        }
        Results.save("shared-catalog", figures);
    }
}
