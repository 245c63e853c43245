package org.openrsm.engine.eviction;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The offline trace simulator as a report (not a test): cartridge loads per policy on each trace, as a ratio to
 * Belady's optimum. Part of {@code mvn -B -pl rar/engine -Pbenchmark verify -DskipTests}.
 */
public final class EvictionBenchmark {
    private EvictionBenchmark() {
    }

    public static void main(String[] args) {
        int drives = 4;
        Map<String, List<Integer>> traces = new LinkedHashMap<>();
        traces.put("Zipf(1.1), 200 cartridges, 5,000 mounts", Traces.zipf(5_000, 200, 1.1, 1));
        traces.put("shifting popularity (5 phases) + scans of 20", Traces.shifting(5_000, 200, 1.1, 5, 20, 700, 2));
        traces.put("shifting popularity (20 phases) + scans of 20", Traces.shifting(5_000, 200, 1.1, 20, 20, 400, 3));
        traces.put("Zipf(1.1) + scans of 20", Traces.zipfWithScans(5_000, 200, 1.1, 20, 500, 4));
        traces.put("working sets of 3, new every 100 mounts", Traces.workingSets(5_000, 200, 3, 100, 5));
        traces.put("working sets of 6, new every 300 mounts", Traces.workingSets(5_000, 200, 6, 300, 6));
        Map<String, Supplier<EvictionPolicy<Integer>>> policies = new LinkedHashMap<>();
        policies.put("LRU", EvictionPolicy::leastRecentlyUsed);
        policies.put("decay 10", () -> EvictionPolicy.decayedFrequency(10));
        policies.put("decay 50", () -> EvictionPolicy.decayedFrequency(50));
        policies.put("decay 200", () -> EvictionPolicy.decayedFrequency(200));
        policies.put("decay 1000", () -> EvictionPolicy.decayedFrequency(1000));
        policies.put("adaptive", () -> EvictionPolicy.adaptive(drives));

        System.out.println("Cartridge loads / Belady's optimum, " + drives + " drives, every mount followed by a deferred dismount");
        StringBuilder header = new StringBuilder(String.format("| %-48s | %8s |", "trace", "optimum"));
        policies.keySet().forEach(p -> header.append(String.format(" %10s |", p)));
        System.out.println(header);
        for (Map.Entry<String, List<Integer>> t : traces.entrySet()) {
            long optimum = Simulator.optimum(t.getValue(), drives);
            StringBuilder row = new StringBuilder(String.format("| %-48s | %8d |", t.getKey(), optimum));
            for (Supplier<EvictionPolicy<Integer>> p : policies.values()) {
                row.append(String.format(" %10.3f |", Simulator.loads(t.getValue(), drives, p.get()) / (double) optimum));
            }
            System.out.println(row);
        }
        // the cost of a decision at scale: 1,000 drives, 100,000 cartridges
        EvictionPolicy<Integer> big = EvictionPolicy.adaptive(1_000);
        List<Integer> trace = Traces.zipf(200_000, 100_000, 1.1, 9);
        long start = System.nanoTime();
        for (Integer c : trace) {
            big.mounted(c);
        }
        System.out.printf("adaptive policy, 1,000 drives, 100,000 cartridges: %.2f µs per mount recorded%n",
                (System.nanoTime() - start) / 1e3 / trace.size());
    }
}
