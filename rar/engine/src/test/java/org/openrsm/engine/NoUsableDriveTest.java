package org.openrsm.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openrsm.api.DriveId;
import org.openrsm.api.DriveInfo;
import org.openrsm.api.LogicalMediaId;
import org.openrsm.api.MediaSession;
import org.openrsm.api.MountOptions;
import org.openrsm.api.ObjectType;
import org.openrsm.api.OperatorRequestInfo;
import org.openrsm.api.OperatorRequestState;
import org.openrsm.api.OperatorRequestType;
import org.openrsm.api.PendingMount;
import org.openrsm.api.RsmError;

/**
 * A mount while no drive of the library can be used at all (issue "The sample as a service people can trust",
 * defect 4): it used to wait unseen, with no operator request and no log line.
 */
class NoUsableDriveTest extends EngineTestBase {

    private static List<OperatorRequestInfo> deviceService(MediaSession s) throws Exception {
        return s.enumerate(null, ObjectType.OPREQUEST).stream().map(o -> (OperatorRequestInfo) o)
                .filter(r -> r.request() == OperatorRequestType.DEVICESERVICE && r.state() == OperatorRequestState.SUBMITTED)
                .toList();
    }

    @Test
    void aMountIsRefusedAtOnceOrAsksTheOperatorAndIsServedWhenADriveIsBack() throws Exception {
        start(2, 6);
        MediaSession s = session("app");
        LogicalMediaId m = allocate(s);
        for (DriveInfo d : drives(s)) {
            s.disable(d.id());
        }
        assertThatThrownBy(() -> s.mount(List.of(m), MountOptions.builder().write().errorIfUnavailable().build()))
                .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.DEVICE_NOT_AVAILABLE))
                .hasMessageContaining("no drive of library lib1 can be used").hasMessageContaining("drive1 disabled");
        assertThat(deviceService(s)).isEmpty();

        PendingMount pending = s.mountNoWait(List.of(m), MountOptions.write());
        await().atMost(Duration.ofSeconds(10)).until(() -> !deviceService(s).isEmpty());
        OperatorRequestInfo ask = deviceService(s).get(0);
        assertThat(ask.arg1()).isEqualTo(library(s).id());
        assertThat(ask.message()).contains("no drive can be used").contains("drive2 disabled");
        assertThat(pending.isDone()).isFalse();

        DriveId back = drives(s).get(1).id();
        s.enable(back);
        assertThat(pending.await(Duration.ofSeconds(10))).containsExactly(back);
    }
}
