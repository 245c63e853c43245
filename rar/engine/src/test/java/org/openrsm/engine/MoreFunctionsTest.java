package org.openrsm.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openrsm.api.DismountMode;
import org.openrsm.api.InventoryMethod;
import org.openrsm.api.LibraryId;
import org.openrsm.api.LibraryRequestId;
import org.openrsm.api.LibraryRequestInfo;
import org.openrsm.api.LibraryRequestState;
import org.openrsm.api.LogicalMediaId;
import org.openrsm.api.LogicalMediaInfo;
import org.openrsm.api.MediaSession;
import org.openrsm.api.MountOptions;
import org.openrsm.api.ObjectType;
import org.openrsm.api.OperatorRequestId;
import org.openrsm.api.OperatorRequestType;
import org.openrsm.api.PendingMount;
import org.openrsm.api.PortId;
import org.openrsm.api.PortInfo;
import org.openrsm.api.RsmError;
import org.openrsm.api.SlotId;
import org.openrsm.api.SlotInfo;
import org.openrsm.api.SlotState;

/** DeleteNtmsMedia, EjectNtmsCleaner, GetNtmsRequestOrder, DeleteNtmsRequests. */
class MoreFunctionsTest extends EngineTestBase {

    private PortId port(MediaSession s) throws Exception {
        return ((PortInfo) s.enumerate(library(s).id(), ObjectType.IEPORT).get(0)).id();
    }

    @Test
    void onlyShelfMediaWithoutAllocatedSidesCanBeDeleted() throws Exception {
        start(l -> l.drives(1).slots(4).cartridges(3).ioPorts(1));
        MediaSession s = session("app");
        LogicalMediaId m = allocate(s);
        var medium = s.info(m, LogicalMediaInfo.class).physicalMedia();
        assertThatThrownBy(() -> s.deleteMedia(medium)).satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.INVALID_STATE))
                .hasMessageContaining("only media on the shelf");
        s.awaitLibraryRequest(s.eject(medium, port(s)), Duration.ofSeconds(5));
        assertThatThrownBy(() -> s.deleteMedia(medium)).satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.INVALID_STATE))
                .hasMessageContaining("ALLOCATED");
        s.deallocate(m);
        s.deleteMedia(medium);
        assertThat(media(s)).hasSize(2);
        assertThatThrownBy(() -> s.deleteMedia(medium)).satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.INVALID_MEDIA));
    }

    @Test
    void theCleanerGoesOutThroughThePort() throws Exception {
        start(l -> l.drives(1).slots(4).cartridges(2).ioPorts(1));
        MediaSession s = session("app");
        LibraryId lib = library(s).id();
        assertThatThrownBy(() -> s.ejectCleaner(lib, port(s))).satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.INVALID_OPERATION));
        SlotId four = ((SlotInfo) s.enumerate(lib, ObjectType.STORAGESLOT).get(3)).id();
        s.reserveCleanerSlot(lib, four);
        sim.putInPort(1, "CLN007L1");
        s.awaitLibraryRequest(s.injectCleaner(lib, port(s), 5), Duration.ofSeconds(5));
        LibraryRequestInfo out = s.awaitLibraryRequest(s.ejectCleaner(lib, port(s)), Duration.ofSeconds(5));
        assertThat(out.state()).isEqualTo(LibraryRequestState.PASSED);
        assertThat(library(s).cleanerBarCode()).isNull();
        assertThat(s.info(four, SlotInfo.class).state()).isEqualTo(SlotState.EMPTY);
        assertThat(sim.takeFromPort(1)).isEqualTo("CLN007L1");
        s.releaseCleanerSlot(lib);
        assertThat(library(s).cleanerSlot()).isNull();
    }

    @Test
    void requestOrderIsThePlaceInTheQueueAndFinishedRequestsCanBeDeleted() throws Exception {
        start(l -> l.drives(1).slots(4).cartridges(4).ioPorts(1));
        MediaSession s = session("app");
        LibraryId lib = library(s).id();
        LogicalMediaId held = allocate(s);
        s.mount(held, MountOptions.read());
        PendingMount low = s.mountNoWait(List.of(allocate(s)), MountOptions.builder().priority(-5).build());
        PendingMount high = s.mountNoWait(List.of(allocate(s)), MountOptions.builder().priority(5).build());
        List<LibraryRequestInfo> requests = s.libraryRequests(lib);
        LibraryRequestId done = requests.get(0).id();
        assertThat(s.requestOrder(done)).isZero();
        assertThat(s.requestOrder(requests.get(1).id())).isEqualTo(2);
        assertThat(s.requestOrder(requests.get(2).id())).isEqualTo(1);

        OperatorRequestId message = s.submitOperatorRequest(OperatorRequestType.MESSAGE, "hi", null, null);
        s.deleteRequests(List.of(done, requests.get(1).id(), message, LibraryRequestId.random()));
        assertThat(s.libraryRequests(lib)).extracting(LibraryRequestInfo::id).doesNotContain(done).contains(requests.get(1).id());
        assertThat(s.enumerate(null, ObjectType.OPREQUEST)).hasSize(1);
        s.satisfyOperatorRequest(message);
        s.deleteRequests(List.of(message));
        assertThat(s.enumerate(null, ObjectType.OPREQUEST)).isEmpty();
        assertThatThrownBy(() -> session("x", "bob").deleteRequests(List.of(done)))
                .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.ACCESS_DENIED));

        s.dismount(held, DismountMode.IMMEDIATE);
        high.await(Duration.ofSeconds(5));
        assertThat(low.isDone()).isFalse();
        s.awaitLibraryRequest(s.inventory(lib, InventoryMethod.NONE), Duration.ofSeconds(1));
    }
}
