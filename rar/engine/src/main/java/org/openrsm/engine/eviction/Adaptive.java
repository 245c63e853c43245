package org.openrsm.engine.eviction;

import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Follows the best of several rankings: recency (LRU) and decayed frequency with half-lives of 10, 50, 200 and
 * 1,000 mounts. Each ranking drives a shadow library of as many drives as the real one, fed the same mounts; the
 * loads each shadow needed are counted with a decay of {@value #WINDOW} mounts, and the real victim is chosen by the
 * ranking whose shadow needed the fewest, if it needed at least 10 % fewer than recency's ({@link #LEAD}); else by
 * recency. A skewed, stable popularity favours long half-lives, shifting popularity and passing scans favour short
 * ones, and a workload that moves from one small set of tapes to the next favours recency, which is also where an
 * empty history starts. A mount costs O(log drives) per ranking.
 */
final class Adaptive<K> implements EvictionPolicy<K> {
    /** how many mounts the load counts of the shadows remember (their half-life) */
    static final int WINDOW = 500;
    /** how much fewer loads another ranking's shadow must have needed than recency's for the policy to follow it */
    static final double LEAD = 0.10;
    private static final double FADE = Math.pow(2, -1.0 / WINDOW);

    private record Entry<K>(double rank, long seq, K cartridge) {
    }

    private final class Shadow {
        final Ranking<K> ranking;
        final TreeSet<Entry<K>> byRank = new TreeSet<>(Comparator.comparingDouble((Entry<K> e) -> e.rank)
                .thenComparingLong(e -> e.seq));
        final Map<K, Entry<K>> members = new HashMap<>();
        /** loads this shadow needed, decayed */
        double loads;
        long totalLoads;

        Shadow(Ranking<K> ranking) {
            this.ranking = ranking;
        }

        void mounted(K cartridge) {
            Entry<K> old = members.get(cartridge);
            if (old != null) {
                byRank.remove(old);
            }
            ranking.mounted(cartridge);
            loads *= FADE;
            if (old == null) {
                loads++;
                totalLoads++;
                if (members.size() >= drives) {
                    members.remove(byRank.pollFirst().cartridge);
                }
            }
            Entry<K> e = new Entry<>(ranking.rank(cartridge), ++seq, cartridge);
            byRank.add(e);
            members.put(cartridge, e);
        }

        void forget(K cartridge) {
            Entry<K> e = members.remove(cartridge);
            if (e != null) {
                byRank.remove(e);
            }
            ranking.forget(cartridge);
        }
    }

    private final int drives;
    private final List<Shadow> shadows;
    private long seq;
    private Shadow best;

    Adaptive(int drives) {
        if (drives < 1) {
            throw new IllegalArgumentException("a library of " + drives + " drives: give at least 1");
        }
        this.drives = drives;
        this.shadows = List.of(new Shadow(new Ranking.Recency<>()), new Shadow(new Ranking.DecayedFrequency<>(10)),
                new Shadow(new Ranking.DecayedFrequency<>(50)), new Shadow(new Ranking.DecayedFrequency<>(200)),
                new Shadow(new Ranking.DecayedFrequency<>(1000)));
        this.best = shadows.get(0);
    }

    @Override
    public void mounted(K cartridge) {
        Shadow recency = shadows.get(0);
        Shadow leader = recency;
        for (Shadow s : shadows) {
            s.mounted(cartridge);
            if (s.loads < leader.loads) {
                leader = s;
            }
        }
        // recency unless another ranking is clearly better: following a ranking that leads by a hair, then loses,
        // is what made the policy load more than plain LRU on moving working sets
        best = leader.loads < recency.loads * (1 - LEAD) ? leader : recency;
    }

    @Override
    public K victim(Collection<K> candidates) {
        return Ranked.lowest(best.ranking, candidates);
    }

    /** A shadow library run by the ranking followed now holds it in a drive. */
    @Override
    public boolean values(K cartridge) {
        return best.members.containsKey(cartridge);
    }

    @Override
    public void forget(K cartridge) {
        for (Shadow s : shadows) {
            s.forget(cartridge);
        }
    }

    @Override
    public String name() {
        return "adaptive (now following " + best.ranking.name() + ")";
    }

    /** The ranking followed now (for tests and reports). */
    String following() {
        return best.ranking.name();
    }
}
