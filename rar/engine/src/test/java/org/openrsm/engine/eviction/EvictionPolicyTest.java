package org.openrsm.engine.eviction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/**
 * The eviction policies (issue "A scheduler close to the physical limits", 2) on their own and in the offline
 * simulator against Belady's optimum. The traces are seeded: the figures are the same on every run.
 */
class EvictionPolicyTest {
    @Test
    void leastRecentlyUsedEvictsTheTapeMountedLongestAgo() {
        EvictionPolicy<String> lru = EvictionPolicy.leastRecentlyUsed();
        for (String t : List.of("A", "B", "A", "A", "C")) {
            lru.mounted(t);
        }
        assertThat(lru.victim(List.of("A", "B", "C"))).isEqualTo("B");
        assertThat(lru.victim(List.of("X", "A"))).as("a tape never mounted goes first").isEqualTo("X");
    }

    @Test
    void theAdaptivePolicyValuesTheTapesALibraryRunByItWouldHoldInItsDrives() {
        EvictionPolicy<String> adaptive = EvictionPolicy.adaptive(2);
        adaptive.mounted("A");
        adaptive.mounted("B");
        assertThat(adaptive.values("A")).isTrue();
        assertThat(adaptive.values("B")).isTrue();
        adaptive.mounted("C");
        assertThat(adaptive.values("A")).as("two other tapes mounted since: its drive went to one of them").isFalse();
        assertThat(adaptive.values("C")).isTrue();
        assertThat(adaptive.values("never mounted")).isFalse();
        adaptive.forget("C");
        assertThat(adaptive.values("C")).isFalse();
        EvictionPolicy<String> lru = EvictionPolicy.leastRecentlyUsed();
        lru.mounted("A");
        assertThat(lru.values("A")).as("a plain ranking knows no library's worth of drives").isFalse();
    }

    @Test
    void decayedFrequencyKeepsAFrequentTapeOverARecentOneOffAndForgetsOldFame() {
        EvictionPolicy<String> policy = EvictionPolicy.decayedFrequency(10);
        for (int i = 0; i < 5; i++) {
            policy.mounted("HOT");
        }
        policy.mounted("ONCE");
        assertThat(policy.victim(List.of("HOT", "ONCE"))).isEqualTo("ONCE");
        // 200 mounts later (20 half-lives) three recent mounts outweigh five old ones
        for (int i = 0; i < 200; i++) {
            policy.mounted("OTHER" + i);
        }
        for (int i = 0; i < 3; i++) {
            policy.mounted("NEW");
        }
        assertThat(policy.victim(List.of("HOT", "NEW"))).isEqualTo("HOT");
        policy.forget("NEW");
        assertThat(policy.victim(List.of("HOT", "NEW"))).as("forgotten: as if never mounted").isEqualTo("NEW");
        assertThatThrownBy(() -> EvictionPolicy.decayedFrequency(0)).hasMessageContaining("half-life");
        assertThatThrownBy(() -> policy.victim(List.of())).hasMessageContaining("no candidate");
    }

    @Test
    void theDecayedCountsOfTapesNoLongerMountedAreDropped() {
        Ranking.DecayedFrequency<Integer> ranking = new Ranking.DecayedFrequency<>(10);
        for (int i = 0; i < 100_000; i++) {
            ranking.mounted(i);   // every tape once: nothing worth remembering for long
        }
        assertThat(ranking.remembered()).as("only the last few hundred mounts' tapes").isLessThan(3_000);
    }

    @Property(tries = 300)
    void beladyIsTheOptimum(@ForAll @Size(min = 1, max = 11) List<@IntRange(min = 0, max = 4) Integer> trace,
                            @ForAll @IntRange(min = 1, max = 3) int drives) {
        long optimum = Simulator.optimum(trace, drives);
        assertThat(optimum).isEqualTo(Simulator.bruteForce(trace, drives));
        assertThat(Simulator.loads(trace, drives, EvictionPolicy.leastRecentlyUsed())).isGreaterThanOrEqualTo(optimum);
        assertThat(Simulator.loads(trace, drives, EvictionPolicy.adaptive(drives))).isGreaterThanOrEqualTo(optimum);
    }

    /** The figures: Zipf(1.1), 200 cartridges, 4 drives, 5,000 mounts each followed by a deferred dismount. */
    @Test
    void onAZipfTraceTheAdaptivePolicyLoadsAtMostTenPercentMoreThanTheOptimum() {
        List<Integer> trace = Traces.zipf(5_000, 200, 1.1, 1);
        double optimum = Simulator.optimum(trace, 4);
        double lru = Simulator.loads(trace, 4, EvictionPolicy.leastRecentlyUsed()) / optimum;
        double adaptive = Simulator.loads(trace, 4, EvictionPolicy.adaptive(4)) / optimum;
        assertThat(lru).as("LRU, the engine's choice before").isGreaterThan(1.25);
        assertThat(adaptive).isLessThanOrEqualTo(1.10);
    }

    @Test
    void underShiftingPopularityAndScansItStaysWithinTwentyPercentAndNeverLosesToLru() {
        Map<String, List<Integer>> traces = Map.of(
                "shifting popularity with scans of 20", Traces.shifting(5_000, 200, 1.1, 5, 20, 700, 2),
                "shifting popularity, fast", Traces.shifting(5_000, 200, 1.1, 20, 20, 400, 3),
                "Zipf with scans of 20", Traces.zipfWithScans(5_000, 200, 1.1, 20, 500, 4),
                "working sets of 3 changing every 100 mounts", Traces.workingSets(5_000, 200, 3, 100, 5),
                "working sets of 6 changing every 300 mounts", Traces.workingSets(5_000, 200, 6, 300, 6));
        traces.forEach((name, trace) -> {
            double optimum = Simulator.optimum(trace, 4);
            long lru = Simulator.loads(trace, 4, EvictionPolicy.leastRecentlyUsed());
            long adaptive = Simulator.loads(trace, 4, EvictionPolicy.adaptive(4));
            assertThat(adaptive).as(name + ": never worse than LRU").isLessThanOrEqualTo(lru);
            if (name.startsWith("shifting") || name.startsWith("Zipf")) {
                assertThat(adaptive / optimum).as(name).isLessThanOrEqualTo(1.20);
            }
        });
    }

    @Test
    void theAdaptivePolicyFollowsFrequencyOnAStablePopularityAndRecencyOnMovingWorkingSets() {
        Adaptive<Integer> zipf = new Adaptive<>(4);
        Traces.zipf(3_000, 200, 1.1, 7).forEach(zipf::mounted);
        assertThat(zipf.following()).startsWith("decayed frequency");
        Adaptive<Integer> sets = new Adaptive<>(4);
        Traces.workingSets(3_000, 200, 3, 50, 8).forEach(sets::mounted);
        assertThat(sets.following()).isEqualTo("LRU");
        assertThatThrownBy(() -> new Adaptive<Integer>(0)).hasMessageContaining("at least 1");
    }
}
