package org.openrsm.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.management.AttributeChangeNotification;
import javax.management.NotificationListener;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.openrsm.api.DismountMode;
import org.openrsm.api.LogicalMediaId;
import org.openrsm.api.MediaSession;
import org.openrsm.api.MountOptions;
import org.openrsm.jmx.DriveMXBean;
import org.openrsm.jmx.LibraryMXBean;
import org.openrsm.jmx.MediaPoolMXBean;
import org.openrsm.jmx.OperatorRequestData;
import org.openrsm.jmx.OperatorRequestsMXBean;

class JmxTest extends EngineTestBase {

    @Test
    void driveMXBeanShowsTheMountAndNotifiesEveryStateChange() throws Exception {
        start(1, 10);
        ObjectName name = new ObjectName("org.openrsm:type=Drive,library=" + LIB + ",name=drive1");
        List<String> changes = new CopyOnWriteArrayList<>();
        NotificationListener listener = (n, h) -> {
            AttributeChangeNotification c = (AttributeChangeNotification) n;
            changes.add(c.getAttributeName() + ":" + c.getOldValue() + "->" + c.getNewValue());
        };
        ManagementFactory.getPlatformMBeanServer().addNotificationListener(name, listener, null, null);
        MediaSession s = session("archiver");
        LogicalMediaId m = allocate(s);
        DriveMXBean drive = driveBean("drive1");

        s.mount(m, MountOptions.read());
        assertThat(drive.getState()).isEqualTo("LOADED");
        assertThat(drive.getMediumBarCode()).isEqualTo("A00001L8");
        assertThat(drive.getSession()).isEqualTo("archiver");
        assertThat(drive.getMountedSince()).isNotNull();
        String mountedSince = drive.getMountedSince();
        assertThat(drive.getMountCount()).isEqualTo(1);

        s.dismount(m, DismountMode.DEFERRED);
        assertThat(drive.getState()).isEqualTo("DISMOUNTABLE");
        assertThat(drive.getSession()).isNull();
        // the cartridge still waits in the drive since that mount
        assertThat(drive.getMountedSince()).isEqualTo(mountedSince);
        await().atMost(Duration.ofSeconds(5)).until(() -> changes.contains("State:LOADED->DISMOUNTABLE"));
        assertThat(changes).containsExactly("State:DISMOUNTED->MOUNTED", "State:MOUNTED->LOADED",
                "State:LOADED->DISMOUNTABLE");

        drive.setDeferDismountDelaySeconds(0);
        await().atMost(Duration.ofSeconds(5)).until(() -> drive.getState().equals("DISMOUNTED"));
        assertThat(drive.getMountedSince()).isNull();
        ManagementFactory.getPlatformMBeanServer().removeNotificationListener(name, listener);
    }

    @Test
    void libraryMXBeanCountsAndTheBeansGoAwayWithTheEngine() throws Exception {
        start(l -> l.drives(4).slots(40).cartridges(12));
        LibraryMXBean lib = libraryBean();
        assertThat(lib.getName()).isEqualTo(LIB);
        assertThat(lib.getDriveCount()).isEqualTo(4);
        assertThat(lib.getSlotCount()).isEqualTo(40);
        assertThat(lib.getFullSlots()).isEqualTo(12);
        assertThat(lib.getDrivesByState()).containsEntry("DISMOUNTED", 4);
        MediaSession s = session("app");
        s.mount(allocate(s), MountOptions.read());
        assertThat(lib.getMounts()).isEqualTo(1);
        assertThat(lib.getRobotMoves()).isEqualTo(1);
        assertThat(lib.getFullSlots()).isEqualTo(11);
        assertThat(lib.getDrivesByState()).containsEntry("LOADED", 1).containsEntry("DISMOUNTED", 3);

        server.close();
        assertThat(ManagementFactory.getPlatformMBeanServer().queryNames(new ObjectName("org.openrsm:*"), null)).isEmpty();
    }

    @Test
    void mediaPoolMXBeansFollowThePoolsAndCountTheirSides() throws Exception {
        start(1, 10);
        MediaSession s = session("archiver");
        var server = ManagementFactory.getPlatformMBeanServer();
        MediaPoolMXBean free = javax.management.JMX.newMXBeanProxy(server,
                new ObjectName("org.openrsm:type=MediaPool,name=\\Free\\LTO_Ultrium"), MediaPoolMXBean.class);
        assertThat(free.getPoolType()).isEqualTo("SCRATCH");
        assertThat(free.getMediaType()).isEqualTo("LTO_Ultrium");
        int before = free.getPhysicalMedia();
        assertThat(free.getSidesByState()).containsEntry("AVAILABLE", before);

        LogicalMediaId m = allocate(s);
        ObjectName archiveName = new ObjectName("org.openrsm:type=MediaPool,name=\\Archive");
        MediaPoolMXBean archive = javax.management.JMX.newMXBeanProxy(server, archiveName, MediaPoolMXBean.class);
        assertThat(archive.getLogicalMedia()).isEqualTo(1);
        assertThat(archive.getSidesByState()).containsEntry("ALLOCATED", 1);
        assertThat(free.getPhysicalMedia()).isEqualTo(before - 1);

        // renamed: the MBean follows the new path; deleted: it goes
        var pool = s.mediaPool("\\Archive");
        s.setName(pool, "Records");
        assertThat(server.isRegistered(archiveName)).isFalse();
        ObjectName records = new ObjectName("org.openrsm:type=MediaPool,name=\\Records");
        assertThat(server.getAttribute(records, "LogicalMedia")).isEqualTo(1);
        var medium = s.info(m, org.openrsm.api.LogicalMediaInfo.class).physicalMedia();
        s.deallocate(m);
        s.moveToMediaPool(medium, s.mediaPool("\\Free\\LTO_Ultrium"));
        s.deleteMediaPool(pool);
        assertThat(server.isRegistered(records)).isFalse();
    }

    @Test
    void theOperatorConsoleShowsAcknowledgesAndAnswersOperatorRequests() throws Exception {
        start(1, 10);
        MediaSession s = session("archiver");
        var id = s.submitOperatorRequest(org.openrsm.api.OperatorRequestType.MESSAGE, "load the blue tapes", null, null);
        assertThat(s.info(id, org.openrsm.api.OperatorRequestInfo.class).state())
                .isEqualTo(org.openrsm.api.OperatorRequestState.SUBMITTED);
        OperatorRequestsMXBean console = javax.management.JMX.newMXBeanProxy(ManagementFactory.getPlatformMBeanServer(),
                new ObjectName("org.openrsm:type=OperatorRequests"), OperatorRequestsMXBean.class);
        List<OperatorRequestData> open = console.getOpen();
        assertThat(open).extracting(OperatorRequestData::getMessage).containsExactly("load the blue tapes");
        assertThat(s.info(id, org.openrsm.api.OperatorRequestInfo.class).state())
                .isEqualTo(org.openrsm.api.OperatorRequestState.ACTIVE);
        console.acknowledge(open.get(0).getId());
        assertThat(console.getOpen().get(0).getState()).isEqualTo("INPROGRESS");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> console.satisfy("not-an-id"))
                .hasMessageContaining("not an operator request id");
        console.satisfy(open.get(0).getId());
        assertThat(s.waitForOperatorRequest(id, Duration.ofSeconds(1))).isEqualTo(org.openrsm.api.OperatorRequestState.COMPLETE);
        assertThat(console.getOpen()).isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> console.refuse(open.get(0).getId()))
                .hasMessageContaining("already COMPLETE");
    }
}
