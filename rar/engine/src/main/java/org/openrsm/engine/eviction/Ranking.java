package org.openrsm.engine.eviction;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * How much a policy values each cartridge, as a rank that does not change while the cartridge is not mounted
 * (so that rankings can be kept in sorted sets): the higher, the more it is worth keeping in a drive.
 *
 * @param <K> what identifies a cartridge
 */
abstract class Ranking<K> {
    /** mounts seen so far: the policy's clock */
    long now;

    abstract void mounted(K cartridge);

    /** Its rank; a cartridge never mounted ranks lowest. */
    abstract double rank(K cartridge);

    abstract void forget(K cartridge);

    abstract String name();

    /** Recency: the rank is the time of the last mount (LRU). */
    static final class Recency<K> extends Ranking<K> {
        private final Map<K, Long> last = new HashMap<>();

        @Override
        void mounted(K cartridge) {
            last.put(cartridge, ++now);
        }

        @Override
        double rank(K cartridge) {
            Long t = last.get(cartridge);
            return t == null ? Double.NEGATIVE_INFINITY : t;
        }

        @Override
        void forget(K cartridge) {
            last.remove(cartridge);
        }

        @Override
        String name() {
            return "LRU";
        }
    }

    /**
     * Decayed frequency: a mount adds 1, and the sum halves every {@code halfLife} mounts. Kept as log2(sum) +
     * time / halfLife, which only a mount changes and which orders cartridges as their decayed sums do now. Entries
     * whose sum decayed below 2^-30 are dropped from time to time, so memory follows the cartridges in use.
     */
    static final class DecayedFrequency<K> extends Ranking<K> {
        private static final double NEGLIGIBLE = 30;
        private final double halfLife;
        private final Map<K, Double> ranks = new HashMap<>();
        private long nextSweep = 1024;

        DecayedFrequency(double halfLife) {
            if (!(halfLife > 0)) {
                throw new IllegalArgumentException("half-life " + halfLife + ": give a positive number of mounts");
            }
            this.halfLife = halfLife;
        }

        @Override
        void mounted(K cartridge) {
            double t = ++now / halfLife;
            Double old = ranks.get(cartridge);
            double sum = old == null ? 0 : Math.pow(2, old - t);
            ranks.put(cartridge, log2(sum + 1) + t);
            if (now >= nextSweep) {
                sweep(t);
            }
        }

        private void sweep(double t) {
            for (Iterator<Double> it = ranks.values().iterator(); it.hasNext();) {
                if (it.next() < t - NEGLIGIBLE) {
                    it.remove();
                }
            }
            nextSweep = now + Math.max(1024, 2L * ranks.size());
        }

        @Override
        double rank(K cartridge) {
            Double r = ranks.get(cartridge);
            return r == null ? Double.NEGATIVE_INFINITY : r;
        }

        @Override
        void forget(K cartridge) {
            ranks.remove(cartridge);
        }

        @Override
        String name() {
            return "decayed frequency (half-life " + (halfLife == Math.rint(halfLife) ? String.valueOf((long) halfLife)
                    : String.valueOf(halfLife)) + " mounts)";
        }

        int remembered() {
            return ranks.size();
        }

        private static double log2(double x) {
            return Math.log(x) / Math.log(2);
        }
    }
}
