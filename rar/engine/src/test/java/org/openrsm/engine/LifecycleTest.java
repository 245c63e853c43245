package org.openrsm.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.openrsm.api.AllocateOptions;
import org.openrsm.api.CreateDisposition;
import org.openrsm.api.LogicalMediaId;
import org.openrsm.api.LogicalMediaInfo;
import org.openrsm.api.MediaPoolId;
import org.openrsm.api.MediaSession;
import org.openrsm.api.MountOptions;
import org.openrsm.api.ObjectInfo;
import org.openrsm.api.ObjectType;
import org.openrsm.api.OperatorRequestInfo;
import org.openrsm.api.OperatorRequestState;
import org.openrsm.api.OperatorRequestType;
import org.openrsm.api.PhysicalMediaInfo;
import org.openrsm.api.RsmError;
import org.openrsm.api.SideId;
import org.openrsm.api.SideInfo;
import org.openrsm.api.SideState;

/** Media life cycle (RSM.md §2.4, §3.3): waits for new media, NEW/NEXT on two-sided media, sides by id, swap, pool moves. */
class LifecycleTest extends EngineTestBase {

    private static OperatorRequestInfo newMediaRequest(MediaSession s) throws Exception {
        for (ObjectInfo o : s.enumerate(null, ObjectType.OPREQUEST)) {
            OperatorRequestInfo r = (OperatorRequestInfo) o;
            if (r.request() == OperatorRequestType.NEWMEDIA && r.state() == OperatorRequestState.SUBMITTED) {
                return r;
            }
        }
        return null;
    }

    private CompletableFuture<LogicalMediaId> allocateLater(MediaSession s, MediaPoolId pool, AllocateOptions options) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return s.allocate(pool, options);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void allocationWithNothingAvailableWaitsForTheOperatorsNewMedia() throws Exception {
        start(2, 4);
        MediaSession app = session("app");
        MediaPoolId pool = app.createMediaPool("\\Backup", app.mediaType("LTO_Ultrium"), CreateDisposition.CREATE_NEW);
        CompletableFuture<LogicalMediaId> waiting = allocateLater(app, pool, AllocateOptions.builder().build());
        await().atMost(Duration.ofSeconds(5)).until(() -> newMediaRequest(app) != null);
        OperatorRequestInfo request = newMediaRequest(app);
        assertThat(request.arg1()).isEqualTo(pool);
        assertThat(waiting).isNotDone();

        // the operator moves a blank tape into the pool and says so
        app.moveToMediaPool(media(app).get(0).id(), pool);
        LogicalMediaId got = waiting.get(5, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(app.info(got, LogicalMediaInfo.class).physicalMedia()).isEqualTo(media(app).get(0).id());
        assertThat(app.info(request.id(), OperatorRequestInfo.class).state()).isEqualTo(OperatorRequestState.COMPLETE);
    }

    @Test
    void aPoolThatRunsDryRaisesOneNewMediaRequestEvenForCallersThatDoNotWaitAndTheNextAllocationFulfilsIt() throws Exception {
        start(2, 4);
        MediaSession app = session("app");
        MediaPoolId pool = app.createMediaPool("\\Backup", app.mediaType("LTO_Ultrium"), CreateDisposition.CREATE_NEW);
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> app.allocate(pool, AllocateOptions.errorIfNoneAvailable()))
                    .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.MEDIA_UNAVAILABLE));
        }
        List<OperatorRequestInfo> raised = app.enumerate(null, ObjectType.OPREQUEST).stream()
                .map(o -> (OperatorRequestInfo) o).filter(r -> r.request() == OperatorRequestType.NEWMEDIA).toList();
        assertThat(raised).as("one request, however often the pool is asked").hasSize(1);
        assertThat(raised.get(0).arg1()).isEqualTo(pool);
        assertThat(raised.get(0).message()).contains("\\Backup").contains("LTO_Ultrium");

        app.moveToMediaPool(media(app).get(0).id(), pool);
        app.allocate(pool, AllocateOptions.errorIfNoneAvailable());
        assertThat(app.info(raised.get(0).id(), OperatorRequestInfo.class).state()).isEqualTo(OperatorRequestState.COMPLETE);
    }

    @Test
    void refusedNewMediaCancelsTheAllocationAndATimeoutWithdrawsTheRequest() throws Exception {
        start(2, 4);
        MediaSession app = session("app");
        MediaPoolId pool = app.createMediaPool("\\Backup", app.mediaType("LTO_Ultrium"), CreateDisposition.CREATE_NEW);
        CompletableFuture<LogicalMediaId> waiting = allocateLater(app, pool, AllocateOptions.builder().build());
        await().atMost(Duration.ofSeconds(5)).until(() -> newMediaRequest(app) != null);
        app.cancelOperatorRequest(newMediaRequest(app).id());
        assertThatThrownBy(() -> waiting.join()).hasRootCauseInstanceOf(org.openrsm.api.RsmException.class)
                .rootCause().satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.CANCELLED));

        assertThatThrownBy(() -> app.allocate(pool, AllocateOptions.builder().timeout(Duration.ofMillis(200)).build()))
                .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.TIMEOUT))
                .hasMessageContaining("withdrawn");
        assertThat(newMediaRequest(app)).isNull();
        assertThatThrownBy(() -> app.allocate(pool, AllocateOptions.builder().timeout(Duration.ZERO).build()))
                .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.MEDIA_UNAVAILABLE));
        // a caller that does not wait leaves the pool's standing request for the operator (issue 13: out of tapes)
        assertThat(newMediaRequest(app)).isNotNull().satisfies(r -> assertThat(r.message()).contains("has no"));
    }

    @Test
    void newReservesTheOtherSideAndNextAllocatesIt() throws Exception {
        start(l -> l.drives(2).slots(4).mediaType("MO_5_RW"));
        MediaSession app = session("app");
        MediaSession other = session("other");
        MediaPoolId pool = app.createMediaPool("\\Optical", app.mediaType("MO_5_RW"), CreateDisposition.CREATE_NEW);
        app.setMediaPoolPolicy(pool, new org.openrsm.api.MediaPoolPolicy(true, false, 0));
        PhysicalMediaInfo platter = media(app).get(0);
        assertThat(platter.sides()).hasSize(2);

        LogicalMediaId first = app.allocate(pool, AllocateOptions.builder().newSide().errorIfUnavailable().build());
        SideId firstSide = app.info(first, LogicalMediaInfo.class).side();
        SideId secondSide = platter.sides().get(1);
        assertThat(firstSide).isEqualTo(platter.sides().get(0));
        assertThat(app.info(secondSide, SideInfo.class).state()).isEqualTo(SideState.RESERVED);

        // another application gets a side of another platter, never the reserved one
        LogicalMediaId others = other.allocate(pool, AllocateOptions.errorIfNoneAvailable());
        assertThat(other.info(others, LogicalMediaInfo.class).physicalMedia()).isNotEqualTo(platter.id());

        LogicalMediaId next = app.allocate(pool, AllocateOptions.builder().nextSide(first).build());
        assertThat(app.info(next, LogicalMediaInfo.class).side()).isEqualTo(secondSide);
        assertThat(app.info(secondSide, SideInfo.class).state()).isEqualTo(SideState.ALLOCATED);
        assertThatThrownBy(() -> app.allocate(pool, AllocateOptions.builder().nextSide(first).build()))
                .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.MEDIA_UNAVAILABLE));
        assertThatThrownBy(() -> app.allocate(pool, AllocateOptions.builder().nextSide(LogicalMediaId.random()).build()))
                .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.INVALID_MEDIA));

        // the two sides of one platter: mounting the second waits while the first is mounted
        app.mount(first, MountOptions.read());
        assertThatThrownBy(() -> app.mount(next, MountOptions.builder().errorIfUnavailable().build()))
                .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.BUSY));

        app.dismount(first, org.openrsm.api.DismountMode.DEFERRED);
        app.deallocate(next);
        assertThat(app.info(secondSide, SideInfo.class).state()).isEqualTo(SideState.RESERVED);
        app.deallocate(first);
        assertThat(app.info(firstSide, SideInfo.class).state()).isEqualTo(SideState.AVAILABLE);
        assertThat(app.info(secondSide, SideInfo.class).state()).isEqualTo(SideState.AVAILABLE);
    }

    @Test
    void aSideGivenByIdIsAllocatedAndItsCartridgeMovesIntoThePool() throws Exception {
        start(2, 4);
        MediaSession app = session("app");
        MediaPoolId pool = app.createMediaPool("\\Backup", app.mediaType("LTO_Ultrium"), CreateDisposition.CREATE_NEW);
        PhysicalMediaInfo third = media(app).get(2);
        LogicalMediaId m = app.allocate(pool, AllocateOptions.builder().side(third.sides().get(0)).build());
        assertThat(app.info(third.id(), PhysicalMediaInfo.class).mediaPool()).isEqualTo(pool);
        assertThatThrownBy(() -> app.allocate(pool, AllocateOptions.builder().side(third.sides().get(0)).build()))
                .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.INVALID_STATE))
                .hasMessageContaining("ALLOCATED");
        assertThat(app.info(m, LogicalMediaInfo.class).side()).isEqualTo(third.sides().get(0));
    }

    @Test
    void swapExchangesTheSidesBehindTwoLogicalMedia() throws Exception {
        start(2, 4);
        MediaSession app = session("app");
        LogicalMediaId a = allocate(app);
        LogicalMediaId b = allocate(app);
        SideId sa = app.info(a, LogicalMediaInfo.class).side();
        SideId sb = app.info(b, LogicalMediaInfo.class).side();
        app.swap(a, b);
        assertThat(app.info(a, LogicalMediaInfo.class).side()).isEqualTo(sb);
        assertThat(app.info(b, LogicalMediaInfo.class).side()).isEqualTo(sa);
        assertThat(app.info(sa, SideInfo.class).logicalMedia()).isEqualTo(b);
        app.mount(a, MountOptions.read());
        assertThatThrownBy(() -> app.swap(a, b)).satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.INVALID_MEDIA))
                .hasMessageContaining("in use");
        assertThat(app.info(a, LogicalMediaInfo.class).side()).isEqualTo(sb);
    }

    @Test
    void poolMovesFollowRsmsRules() throws Exception {
        start(2, 6);
        MediaSession app = session("app");
        MediaPoolId free = app.mediaPool("\\Free\\LTO_Ultrium");
        MediaPoolId dltPool = app.createMediaPool("\\Dlt", app.mediaType("DLT"), CreateDisposition.CREATE_NEW);
        LogicalMediaId allocated = allocate(app);
        var medium = app.info(allocated, LogicalMediaInfo.class).physicalMedia();
        List<PhysicalMediaInfo> before = media(app);

        assertThatThrownBy(() -> app.moveToMediaPool(medium, free))
                .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.INVALID_MEDIA_POOL)).hasMessageContaining("deallocate");
        assertThatThrownBy(() -> app.moveToMediaPool(medium, dltPool))
                .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.MEDIA_INCOMPATIBLE));
        assertThatThrownBy(() -> app.moveToMediaPool(media(app).get(5).id(), app.mediaPool("\\Unrecognized\\LTO_Ultrium")))
                .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.INVALID_MEDIA_POOL));
        assertThatThrownBy(() -> app.moveToMediaPool(medium, org.openrsm.api.MediaPoolId.random()))
                .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.INVALID_MEDIA_POOL));
        assertThat(media(app)).usingRecursiveComparison().isEqualTo(before);
        MediaPoolId other = app.createMediaPool("\\Other", app.mediaType("LTO_Ultrium"), CreateDisposition.CREATE_NEW);
        app.mount(allocated, MountOptions.read());
        assertThatThrownBy(() -> app.moveToMediaPool(medium, other))
                .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.BUSY));

        app.dismount(allocated, org.openrsm.api.DismountMode.DEFERRED);
        app.moveToMediaPool(medium, other);
        assertThat(app.info(allocated, LogicalMediaInfo.class).mediaPool()).isEqualTo(other);
        app.deallocate(allocated);
        app.moveToMediaPool(medium, free);
        assertThat(app.info(medium, PhysicalMediaInfo.class).mediaPool()).isEqualTo(free);
    }

    @Test
    void decommissionRetiresOnlyAvailableSides() throws Exception {
        start(2, 4);
        MediaSession app = session("app");
        SideId side = media(app).get(3).sides().get(0);
        app.decommission(side);
        assertThat(app.info(side, SideInfo.class).state()).isEqualTo(SideState.DECOMMISSIONED);
        assertThatThrownBy(() -> app.decommission(side)).satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.INVALID_STATE));
        assertThatThrownBy(() -> app.allocate(archivePool(app), AllocateOptions.builder().side(side).build()))
                .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.INVALID_STATE));
    }
}
