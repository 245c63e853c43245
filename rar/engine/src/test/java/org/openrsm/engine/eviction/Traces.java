package org.openrsm.engine.eviction;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Mount traces for the offline simulator: the cartridges (numbers) that mounts ask for, in order. Seeded, so every
 * run sees the same traces.
 */
final class Traces {
    private Traces() {
    }

    /** {@code n} mounts of {@code media} cartridges whose popularity follows Zipf's law with exponent {@code s}. */
    static List<Integer> zipf(int n, int media, double s, long seed) {
        return zipf(n, identity(media), s, new Random(seed));
    }

    /** Zipf over {@code ranked}: the first is the most popular. */
    private static List<Integer> zipf(int n, List<Integer> ranked, double s, Random random) {
        double[] cumulative = new double[ranked.size()];
        double total = 0;
        for (int i = 0; i < cumulative.length; i++) {
            total += 1 / Math.pow(i + 1, s);
            cumulative[i] = total;
        }
        List<Integer> trace = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int at = java.util.Arrays.binarySearch(cumulative, random.nextDouble() * total);
            trace.add(ranked.get(at < 0 ? Math.min(-at - 1, ranked.size() - 1) : at));
        }
        return trace;
    }

    /**
     * Popularity that shifts: {@code phases} phases of Zipf(s) mounts, each with the cartridges' popularity shuffled
     * anew, and a backup-style scan of {@code scan} consecutive cartridges every {@code scanEvery} mounts.
     */
    static List<Integer> shifting(int n, int media, double s, int phases, int scan, int scanEvery, long seed) {
        Random random = new Random(seed);
        List<Integer> base = new ArrayList<>();
        for (int p = 0; p < phases; p++) {
            List<Integer> ranked = identity(media);
            Collections.shuffle(ranked, random);
            base.addAll(zipf(n / phases, ranked, s, random));
        }
        return withScans(base, media, scan, scanEvery, random);
    }

    /** A stable Zipf(s) popularity with a scan of {@code scan} cartridges every {@code scanEvery} mounts. */
    static List<Integer> zipfWithScans(int n, int media, double s, int scan, int scanEvery, long seed) {
        Random random = new Random(seed);
        return withScans(zipf(n, identity(media), s, random), media, scan, scanEvery, random);
    }

    /** Work on a small set of {@code set} cartridges that changes every {@code length} mounts: recency's home ground. */
    static List<Integer> workingSets(int n, int media, int set, int length, long seed) {
        Random random = new Random(seed);
        List<Integer> trace = new ArrayList<>(n);
        List<Integer> current = List.of();
        for (int i = 0; i < n; i++) {
            if (i % length == 0) {
                List<Integer> all = identity(media);
                Collections.shuffle(all, random);
                current = all.subList(0, set);
            }
            trace.add(current.get(random.nextInt(set)));
        }
        return trace;
    }

    private static List<Integer> withScans(List<Integer> base, int media, int scan, int scanEvery, Random random) {
        List<Integer> trace = new ArrayList<>();
        for (int i = 0; i < base.size(); i++) {
            trace.add(base.get(i));
            if (i % scanEvery == scanEvery / 2) {
                int start = random.nextInt(media - scan);
                for (int j = 0; j < scan; j++) {
                    trace.add(start + j);
                }
            }
        }
        return trace;
    }

    private static List<Integer> identity(int media) {
        List<Integer> all = new ArrayList<>(media);
        for (int i = 0; i < media; i++) {
            all.add(i);
        }
        return all;
    }
}
