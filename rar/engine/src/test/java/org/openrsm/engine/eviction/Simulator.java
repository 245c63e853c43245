package org.openrsm.engine.eviction;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The offline trace simulator: a library of {@code drives} drives serves a trace of mounts, each followed by a
 * deferred dismount (the cartridge waits in its drive until a mount needs the drive). It counts cartridge loads: a
 * mount of a cartridge already in a drive costs none, any other one load, and when every drive is full a policy
 * chooses the cartridge that goes home. Belady's rule (evict the cartridge needed again farthest in the future)
 * gives the fewest loads any policy can reach on the trace.
 */
final class Simulator {
    private Simulator() {
    }

    /** Loads under {@code policy}. */
    static long loads(List<Integer> trace, int drives, EvictionPolicy<Integer> policy) {
        Set<Integer> loaded = new HashSet<>();
        long loads = 0;
        for (Integer cartridge : trace) {
            if (!loaded.contains(cartridge)) {
                loads++;
                if (loaded.size() >= drives) {
                    Integer victim = policy.victim(List.copyOf(loaded));
                    if (!loaded.remove(victim)) {
                        throw new AssertionError(policy.name() + " chose " + victim + ", not a candidate");
                    }
                }
                loaded.add(cartridge);
            }
            policy.mounted(cartridge);
        }
        return loads;
    }

    /** Loads under Belady's offline optimum. */
    static long optimum(List<Integer> trace, int drives) {
        int[] next = new int[trace.size()];
        Map<Integer, Integer> seen = new HashMap<>();
        for (int i = trace.size() - 1; i >= 0; i--) {
            next[i] = seen.getOrDefault(trace.get(i), Integer.MAX_VALUE);
            seen.put(trace.get(i), i);
        }
        // the loaded cartridges by their next use, farthest last
        TreeSet<long[]> byNextUse = new TreeSet<>((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        Map<Integer, long[]> loaded = new HashMap<>();
        long loads = 0;
        for (int i = 0; i < trace.size(); i++) {
            int cartridge = trace.get(i);
            long[] entry = loaded.remove(cartridge);
            if (entry != null) {
                byNextUse.remove(entry);
            } else {
                loads++;
                if (loaded.size() >= drives) {
                    loaded.remove((int) byNextUse.pollLast()[1]);
                }
            }
            long[] e = {next[i], cartridge};
            byNextUse.add(e);
            loaded.put(cartridge, e);
        }
        return loads;
    }

    /** The fewest loads of any eviction choices, by trying them all (tiny traces only: checks {@link #optimum}). */
    static long bruteForce(List<Integer> trace, int drives) {
        return bruteForce(trace, 0, drives, new ArrayList<>());
    }

    private static long bruteForce(List<Integer> trace, int at, int drives, List<Integer> loaded) {
        if (at == trace.size()) {
            return 0;
        }
        Integer cartridge = trace.get(at);
        if (loaded.contains(cartridge)) {
            return bruteForce(trace, at + 1, drives, loaded);
        }
        if (loaded.size() < drives) {
            List<Integer> next = new ArrayList<>(loaded);
            next.add(cartridge);
            return 1 + bruteForce(trace, at + 1, drives, next);
        }
        long best = Long.MAX_VALUE;
        for (int i = 0; i < loaded.size(); i++) {
            List<Integer> next = new ArrayList<>(loaded);
            next.set(i, cartridge);
            best = Math.min(best, 1 + bruteForce(trace, at + 1, drives, next));
        }
        return best;
    }
}
