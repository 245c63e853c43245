package org.openrsm.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.openrsm.api.AllocateOptions;
import org.openrsm.api.CreateDisposition;
import org.openrsm.api.LogicalMediaId;
import org.openrsm.api.LogicalMediaInfo;
import org.openrsm.api.MediaPoolId;
import org.openrsm.api.MediaPoolInfo;
import org.openrsm.api.MediaPoolPolicy;
import org.openrsm.api.MediaSession;
import org.openrsm.api.MountOptions;
import org.openrsm.api.PhysicalMediaInfo;
import org.openrsm.api.RsmError;
import org.openrsm.api.RsmException;
import org.openrsm.api.SideInfo;
import org.openrsm.api.SideState;

class AllocationTest extends EngineTestBase {

    @Test
    void allocationDrawsFromFreeWhenThePoolIsEmptyAndMovesTheCartridgeIntoThePool() throws Exception {
        start(2, 5);
        MediaSession s = session("app");
        MediaPoolId pool = archivePool(s);
        LogicalMediaId m = s.allocate(pool, AllocateOptions.errorIfNoneAvailable());
        LogicalMediaInfo info = s.info(m, LogicalMediaInfo.class);
        assertThat(info.mediaPool()).isEqualTo(pool);
        assertThat(s.info(info.physicalMedia(), PhysicalMediaInfo.class).mediaPool()).isEqualTo(pool);
        SideInfo side = s.info(info.side(), SideInfo.class);
        assertThat(side.state()).isEqualTo(SideState.ALLOCATED);
        assertThat(side.logicalMedia()).isEqualTo(m);
        assertThat(side.allocateCount()).isEqualTo(1);
        MediaPoolInfo free = s.info(s.mediaPool("\\Free\\LTO_Ultrium"), MediaPoolInfo.class);
        assertThat(free.numberOfPhysicalMedia()).isEqualTo(4);
        assertThat(s.info(pool, MediaPoolInfo.class).numberOfLogicalMedia()).isEqualTo(1);
    }

    @Test
    void aPoolThatDoesNotDrawFromFreeHasNothingToAllocate() throws Exception {
        start(2, 5);
        MediaSession s = session("app");
        MediaPoolId pool = s.createMediaPool("\\Strict", s.mediaType("LTO_Ultrium"), CreateDisposition.CREATE_NEW);
        assertThatThrownBy(() -> s.allocate(pool, AllocateOptions.errorIfNoneAvailable()))
                .satisfies(e -> assertThat(((RsmException) e).error()).isEqualTo(RsmError.MEDIA_UNAVAILABLE))
                .hasMessageContaining("\\Strict");
        assertThat(s.info(s.mediaPool("\\Free\\LTO_Ultrium"), MediaPoolInfo.class).numberOfPhysicalMedia()).isEqualTo(5);
    }

    @Test
    void everyAllocationGetsADifferentSideUntilNoneIsLeft() throws Exception {
        start(2, 3);
        MediaSession s = session("app");
        MediaPoolId pool = archivePool(s);
        java.util.Set<Object> sides = new java.util.HashSet<>();
        for (int i = 0; i < 3; i++) {
            sides.add(s.info(s.allocate(pool, AllocateOptions.errorIfNoneAvailable()), LogicalMediaInfo.class).side());
        }
        assertThat(sides).hasSize(3);
        assertThatThrownBy(() -> s.allocate(pool, AllocateOptions.errorIfNoneAvailable()))
                .satisfies(e -> assertThat(((RsmException) e).error()).isEqualTo(RsmError.MEDIA_UNAVAILABLE));
    }

    @Test
    void deallocateMakesTheSideAvailableAgainAndForgetsTheLogicalMedium() throws Exception {
        start(2, 5);
        MediaSession s = session("app");
        LogicalMediaId m = allocate(s);
        var side = s.info(m, LogicalMediaInfo.class).side();
        s.deallocate(m);
        assertThat(s.info(side, SideInfo.class).state()).isEqualTo(SideState.AVAILABLE);
        assertThat(s.info(side, SideInfo.class).logicalMedia()).isNull();
        assertThatThrownBy(() -> s.mount(m, MountOptions.read()))
                .satisfies(e -> assertThat(((RsmException) e).error()).isEqualTo(RsmError.INVALID_MEDIA));
    }

    @Test
    void deallocationPolicyReturnsToFreeAndMaxAllocationsDecommissions() throws Exception {
        start(2, 5);
        MediaSession s = session("app");
        MediaPoolId pool = archivePool(s);
        s.setMediaPoolPolicy(pool, new MediaPoolPolicy(true, true, 0));
        LogicalMediaId m = s.allocate(pool, AllocateOptions.errorIfNoneAvailable());
        var medium = s.info(m, LogicalMediaInfo.class).physicalMedia();
        s.deallocate(m);
        assertThat(s.info(medium, PhysicalMediaInfo.class).mediaPool()).isEqualTo(s.mediaPool("\\Free\\LTO_Ultrium"));

        s.setMediaPoolPolicy(pool, new MediaPoolPolicy(true, false, 1));
        LogicalMediaId again = s.allocate(pool, AllocateOptions.errorIfNoneAvailable());
        var side = s.info(again, LogicalMediaInfo.class).side();
        s.deallocate(again);
        assertThat(s.info(side, SideInfo.class).state()).isEqualTo(SideState.DECOMMISSIONED);
    }

    @Test
    void aMountedSideCannotBeDeallocated() throws Exception {
        start(2, 5);
        MediaSession s = session("app");
        LogicalMediaId m = allocate(s);
        s.mount(m, MountOptions.read());
        assertThatThrownBy(() -> s.deallocate(m))
                .satisfies(e -> assertThat(((RsmException) e).error()).isEqualTo(RsmError.INVALID_STATE));
        assertThat(s.info(s.info(m, LogicalMediaInfo.class).side(), SideInfo.class).state()).isEqualTo(SideState.ALLOCATED);
    }

    @Test
    void poolsNestAndOnlyEmptyApplicationPoolsCanBeDeleted() throws Exception {
        start(2, 5);
        MediaSession s = session("app");
        var lto = s.mediaType("LTO_Ultrium");
        MediaPoolId parent = s.createMediaPool("\\Backup", null, CreateDisposition.CREATE_NEW);
        MediaPoolId child = s.createMediaPool("\\Backup\\Daily", lto, CreateDisposition.CREATE_NEW);
        assertThat(s.mediaPool("\\Backup\\Daily")).isEqualTo(child);
        assertThat(s.createMediaPool("\\Backup\\Daily", lto, CreateDisposition.OPEN_ALWAYS)).isEqualTo(child);
        assertThat(s.info(child, MediaPoolInfo.class).parent()).isEqualTo(parent);
        assertThatThrownBy(() -> s.deleteMediaPool(parent))
                .satisfies(e -> assertThat(((RsmException) e).error()).isEqualTo(RsmError.NOT_EMPTY));
        assertThatThrownBy(() -> s.deleteMediaPool(s.mediaPool("\\Free\\LTO_Ultrium")))
                .satisfies(e -> assertThat(((RsmException) e).error()).isEqualTo(RsmError.INVALID_MEDIA_POOL));
        s.deleteMediaPool(child);
        s.deleteMediaPool(parent);
        assertThatThrownBy(() -> s.mediaPool("\\Backup"))
                .satisfies(e -> assertThat(((RsmException) e).error()).isEqualTo(RsmError.OBJECT_NOT_FOUND));
    }
}
