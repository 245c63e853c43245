package org.openrsm.engine.eviction;

import java.util.Collection;

/** A policy that evicts the lowest-ranked candidate of one ranking (ties: the first candidate given). */
final class Ranked<K> implements EvictionPolicy<K> {
    private final Ranking<K> ranking;

    Ranked(Ranking<K> ranking) {
        this.ranking = ranking;
    }

    @Override
    public void mounted(K cartridge) {
        ranking.mounted(cartridge);
    }

    @Override
    public K victim(Collection<K> candidates) {
        return lowest(ranking, candidates);
    }

    static <K> K lowest(Ranking<K> ranking, Collection<K> candidates) {
        K victim = null;
        double lowest = Double.POSITIVE_INFINITY;
        for (K k : candidates) {
            double r = ranking.rank(k);
            if (victim == null || r < lowest) {
                victim = k;
                lowest = r;
            }
        }
        if (victim == null) {
            throw new IllegalArgumentException("no candidate to evict");
        }
        return victim;
    }

    @Override
    public void forget(K cartridge) {
        ranking.forget(cartridge);
    }

    @Override
    public String name() {
        return ranking.name();
    }
}
