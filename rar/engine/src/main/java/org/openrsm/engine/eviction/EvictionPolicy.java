package org.openrsm.engine.eviction;

import java.util.Collection;

/**
 * Which cartridge leaves a drive when a mount needs one and every drive holds a cartridge waiting DISMOUNTABLE
 * (a deferred dismount): the policy is told of every mount, in order, and names the victim among the candidates.
 * Time is the library's count of mounts, not the wall clock: a policy decides the same for the same sequence of
 * mounts, however fast they come. One instance per library; not thread-safe (the engine calls it under its lock).
 *
 * @param <K> what identifies a cartridge
 */
public interface EvictionPolicy<K> {
    /** A mount of {@code cartridge} was served (a load or a tape that was still in its drive). */
    void mounted(K cartridge);

    /** The cartridge to take out of its drive: one of {@code candidates}, which is not empty. */
    K victim(Collection<K> candidates);

    /**
     * Whether the policy would hold {@code cartridge} in one of the library's drives now, were it free to choose
     * which cartridges stay loaded: the deferred-dismount timer may keep such a tape in its drive a while longer
     * (RsmServer.Builder#keepValuedTapes). A plain ranking knows no library's worth of drives and values none.
     */
    default boolean values(K cartridge) {
        return false;
    }

    /** The cartridge left the library or the catalog: nothing more needs to be remembered of it. */
    void forget(K cartridge);

    /** A short name for logs and reports. */
    String name();

    /** Least recently mounted first: the engine's choice before this policy type existed, and the usual baseline. */
    static <K> EvictionPolicy<K> leastRecentlyUsed() {
        return new Ranked<>(new Ranking.Recency<>());
    }

    /** Least decayed mount count first: every mount counts 1 and loses half its weight every {@code halfLife} mounts. */
    static <K> EvictionPolicy<K> decayedFrequency(double halfLife) {
        return new Ranked<>(new Ranking.DecayedFrequency<>(halfLife));
    }

    /**
     * The engine's default: follows whichever of recency and decayed frequency with several half-lives would have
     * needed the fewest loads over the recent mounts, in drives as many as the library has ({@code drives}).
     */
    static <K> EvictionPolicy<K> adaptive(int drives) {
        return new Adaptive<>(drives);
    }
}
