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

    public static void main(String[] args) throws java.io.IOException {
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

        Map<String, Map<String, Double>> ratios = new LinkedHashMap<>();
        System.out.println("Cartridge loads / Belady's optimum, " + drives + " drives, every mount followed by a deferred dismount");
        StringBuilder header = new StringBuilder(String.format("| %-48s | %8s |", "trace", "optimum"));
        policies.keySet().forEach(p -> header.append(String.format(" %10s |", p)));
        System.out.println(header);
        for (Map.Entry<String, List<Integer>> t : traces.entrySet()) {
            long optimum = Simulator.optimum(t.getValue(), drives);
            StringBuilder row = new StringBuilder(String.format("| %-48s | %8d |", t.getKey(), optimum));
            for (Map.Entry<String, Supplier<EvictionPolicy<Integer>>> p : policies.entrySet()) {
                double ratio = Simulator.loads(t.getValue(), drives, p.getValue().get()) / (double) optimum;
                ratios.computeIfAbsent(p.getKey(), k -> new LinkedHashMap<>()).put(t.getKey(), ratio);
                row.append(String.format(" %10.3f |", ratio));
            }
            System.out.println(row);
        }
        // the same against the number of drives, on the shifting trace
        List<Integer> shifting = traces.get("shifting popularity (5 phases) + scans of 20");
        int[] driveCounts = {2, 3, 4, 6, 8, 12, 16};
        Map<String, double[]> byDrives = new LinkedHashMap<>();
        for (String p : List.of("LRU", "decay 50", "decay 1000", "adaptive")) {
            double[] r = new double[driveCounts.length];
            for (int i = 0; i < driveCounts.length; i++) {
                int n = driveCounts[i];
                EvictionPolicy<Integer> policy = p.equals("adaptive") ? EvictionPolicy.adaptive(n) : policies.get(p).get();
                r[i] = Simulator.loads(shifting, n, policy) / (double) Simulator.optimum(shifting, n);
            }
            byDrives.put(p, r);
            System.out.printf("%-10s by drives %s: %s%n", p, java.util.Arrays.toString(driveCounts),
                    java.util.Arrays.toString(java.util.Arrays.stream(r).map(x -> Math.round(x * 1000) / 1000.0).toArray()));
        }
        Map<String, Object> figures = new LinkedHashMap<>();
        List<String> names = List.copyOf(traces.keySet());
        for (int t = 0; t < names.size(); t++) {
            figures.put("trace." + t, names.get(t));
            for (String p : policies.keySet()) {
                figures.put("ratio." + p.replace(' ', '_') + "." + t, ratios.get(p).get(names.get(t)));
            }
        }
        org.openrsm.benchmark.Results.save("eviction", figures);
        String plots = System.getProperty("openrsm.plots");
        if (plots != null) {
            Plots.policies(ratios, java.nio.file.Path.of(plots, "eviction-policies.png"));
            Plots.byDrives(driveCounts, byDrives, java.nio.file.Path.of(plots, "eviction-drives.png"));
            System.out.println("plots written to " + plots);
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
