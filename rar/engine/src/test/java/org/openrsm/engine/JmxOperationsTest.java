package org.openrsm.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.management.JMX;
import javax.management.Notification;
import javax.management.NotificationListener;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openrsm.api.LogicalMediaInfo;
import org.openrsm.api.MediaSession;
import org.openrsm.jmx.DriveMXBean;
import org.openrsm.jmx.LibraryMXBean;
import org.openrsm.jmx.MediaMXBean;
import org.openrsm.jmx.MediaPoolMXBean;
import org.openrsm.jmx.MediumData;

/**
 * What an operator does through JMX (issue "Operating a library", 1): inject, eject, inventory, mount and dismount by
 * bar code, allocate, deallocate, pool moves and policies — each an RSM operation of the administrator, logged.
 */
class JmxOperationsTest extends EngineTestBase {
    private final List<String> logged = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord r) {
            logged.add(r.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    /** held: the log manager keeps loggers only weakly, and a new one would not have the handler */
    private final Logger jmxLog = Logger.getLogger(JmxOperator.class.getName());

    @BeforeEach
    void listen() {
        jmxLog.addHandler(handler);
    }

    @AfterEach
    void stopListening() {
        jmxLog.removeHandler(handler);
    }

    private static MediaMXBean mediaBean() throws Exception {
        return JMX.newMXBeanProxy(ManagementFactory.getPlatformMBeanServer(), new ObjectName("org.openrsm:type=Media"),
                MediaMXBean.class);
    }

    private static MediaPoolMXBean poolBean(String path) throws Exception {
        return JMX.newMXBeanProxy(ManagementFactory.getPlatformMBeanServer(),
                new ObjectName("org.openrsm:type=MediaPool,name=" + path), MediaPoolMXBean.class);
    }

    @Test
    void ejectAndInjectByBarCodeAndPortWithNotificationsAndALogLineEach() throws Exception {
        start(l -> l.drives(2).slots(6).ioPorts(2).cartridges(4));
        LibraryMXBean lib = libraryBean();
        List<String> notes = new CopyOnWriteArrayList<>();
        NotificationListener listener = (Notification n, Object h) -> notes.add(n.getType() + " " + n.getMessage());
        ObjectName name = new ObjectName("org.openrsm:type=Library,name=" + LIB);
        ManagementFactory.getPlatformMBeanServer().addNotificationListener(name, listener, null, null);
        try {
            assertThat(lib.getSlots()).containsEntry(2, "A00002L8").containsEntry(5, "");
            assertThat(lib.getPorts()).containsEntry(1, "").containsEntry(2, "");

            String eject = lib.eject("A00002L8", 2);
            assertThat(lib.awaitRequest(eject, 10)).isEqualTo("PASSED");
            assertThat(lib.getPorts()).containsEntry(2, "(full)");
            assertThat(lib.getSlots()).containsEntry(2, "");
            assertThat(mediaBean().find("A00002L8").getLocation()).isEqualTo("shelf");

            assertThat(lib.awaitRequest(lib.inject(2), 10)).isEqualTo("PASSED");
            assertThat(lib.getPorts()).containsEntry(2, "");
            assertThat(lib.getSlots()).containsValue("A00002L8");
            assertThat(lib.awaitRequest(lib.inventory("full"), 10)).isEqualTo("PASSED");

            await().atMost(Duration.ofSeconds(5)).alias("notifications: " + notes).until(() -> notes.stream().filter(n -> n.startsWith("openrsm.inventory")).count() == 3);
            assertThat(notes).anyMatch(n -> n.startsWith("openrsm.library.request " + LIB + ": EJECT " + eject + " PASSED"));
        } finally {
            ManagementFactory.getPlatformMBeanServer().removeNotificationListener(name, listener);
        }
        assertThat(logged).anyMatch(l -> l.startsWith("JMX as admin: eject A00002L8 to IE port 2 of library " + LIB))
                .anyMatch(l -> l.startsWith("JMX as admin: inject from IE port 2 of library " + LIB))
                .anyMatch(l -> l.startsWith("JMX as admin: inventory (full)"));
    }

    @Test
    void wrongNamesAreRefusedWithRsmsMessageAndChangeNothing() throws Exception {
        start(l -> l.drives(1).slots(4).ioPorts(1).cartridges(2));
        LibraryMXBean lib = libraryBean();
        var before = lib.getSlots();
        assertThatThrownBy(() -> lib.eject("NOSUCH", 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("INVALID_MEDIA").hasMessageContaining("NOSUCH");
        assertThatThrownBy(() -> lib.eject("A00001L8", 7)).hasMessageContaining("no IE port 7").hasMessageContaining("[1]");
        assertThatThrownBy(() -> lib.inventory("sideways")).hasMessageContaining("INVALID_PARAMETER");
        assertThatThrownBy(() -> lib.cleanDrive("drive9")).hasMessageContaining("INVALID_DRIVE");
        assertThatThrownBy(() -> mediaBean().allocate("\\NoSuchPool")).hasMessageContaining("\\NoSuchPool");
        assertThatThrownBy(() -> mediaBean().deallocate("not-an-id")).hasMessageContaining("INVALID_PARAMETER");
        assertThat(lib.getSlots()).isEqualTo(before);
        assertThat(logged).anyMatch(l -> l.contains("eject NOSUCH to IE port 1") && l.contains("refused"));
    }

    @Test
    void mountAndDismountByBarCodeAllocateDeallocateAndPoolPolicies() throws Exception {
        start(l -> l.drives(2).slots(6).cartridges(3));
        LibraryMXBean lib = libraryBean();
        MediaMXBean media = mediaBean();
        assertThat(media.getBarCodes()).containsExactly("A00001L8", "A00002L8", "A00003L8");

        String drive = lib.mount("A00003L8", false, 30);
        DriveMXBean d = driveBean(drive);
        assertThat(d.getState()).isEqualTo("LOADED");
        assertThat(d.getSession()).isEqualTo(JmxOperator.APPLICATION);
        assertThat(d.getMediumBarCode()).isEqualTo("A00003L8");
        assertThat(d.getLibrary()).isEqualTo(LIB);
        assertThat(d.getNumber()).isBetween(1, 2);
        assertThat(d.getDeviceName()).startsWith("sim://");
        assertThat(d.getMountedSide()).isNotNull();
        assertThat(media.find("A00003L8").getLocation()).isEqualTo("drive " + drive);
        assertThat(media.getCartridges()).as("every cartridge in one call, by bar code")
                .extracting(MediumData::getBarCode, MediumData::getLocation)
                .containsExactly(tuple("A00001L8", "slot 1"), tuple("A00002L8", "slot 2"), tuple("A00003L8", "drive " + drive));
        assertThatThrownBy(() -> lib.mount("A00003L8", false, 1)).isInstanceOf(IllegalArgumentException.class);
        lib.dismount("A00003L8", true);
        await().atMost(Duration.ofSeconds(10)).until(() -> d.getState().equals("DISMOUNTED"));
        assertThat(media.find("A00003L8").getLocation()).isEqualTo("slot 3");

        MediaSession app = session("app");
        archivePool(app);
        String logical = media.allocate("\\Archive");
        assertThat(app.info(org.openrsm.api.LogicalMediaId.parse(logical), LogicalMediaInfo.class)).isNotNull();
        MediumData allocated = media.find("A00001L8");
        assertThat(allocated.getPool()).isEqualTo("\\Archive");
        assertThat(allocated.getSides()).singleElement().asString().contains("ALLOCATED").contains(logical);
        media.deallocate(logical);
        assertThat(media.find("A00001L8").getSides()).singleElement().asString().contains("AVAILABLE");

        MediaPoolMXBean archive = poolBean("\\Archive");
        archive.setPolicy(true, true, 5);
        assertThat(archive.isAllocateFromFree()).isTrue();
        assertThat(archive.isDeallocateToFree()).isTrue();
        assertThat(archive.getMaxAllocations()).isEqualTo(5);
        media.moveToPool("A00002L8", "\\Archive");
        assertThat(archive.getBarCodes()).contains("A00002L8");
        assertThat(poolBean("\\Free\\LTO_Ultrium").getBarCodes()).doesNotContain("A00002L8");
        assertThatThrownBy(() -> archive.setPolicy(true, true, -1)).hasMessageContaining("maxAllocations");
        assertThat(logged).anyMatch(l -> l.startsWith("JMX as admin: mount A00003L8 of " + LIB + ": " + drive))
                .anyMatch(l -> l.startsWith("JMX as admin: allocate from \\Archive: " + logical))
                .anyMatch(l -> l.startsWith("JMX as admin: move A00002L8 to \\Archive"));
    }

    @Test
    void theEngineBeanSaysWhetherTheStoreAnswersAndWhichLibrariesAreNotReady() throws Exception {
        start(l -> l.drives(1).slots(4).cartridges(1));
        org.openrsm.jmx.EngineMXBean engineBean = JMX.newMXBeanProxy(ManagementFactory.getPlatformMBeanServer(),
                new ObjectName("org.openrsm:type=Engine"), org.openrsm.jmx.EngineMXBean.class);
        ObjectName transactions = new ObjectName("org.openrsm:type=Transactions");
        Object commits = ManagementFactory.getPlatformMBeanServer().getAttribute(transactions, "StoreCommits");
        assertThat(engineBean.isStoreReachable()).isTrue();
        assertThat(ManagementFactory.getPlatformMBeanServer().getAttribute(transactions, "StoreCommits"))
                .as("a health probe is no store commit").isEqualTo(commits);
        assertThat(engineBean.getLibraries()).containsExactly(LIB);
        assertThat(engineBean.getLibrariesNotReady()).isEmpty();
        libraryBean().disable();
        assertThat(engineBean.getLibrariesNotReady()).containsExactly(LIB + ": disabled");
        libraryBean().enable();
        assertThat(engineBean.getLibrariesNotReady()).isEmpty();
        stop();
        assertThat(ManagementFactory.getPlatformMBeanServer().isRegistered(new ObjectName("org.openrsm:type=Engine")))
                .as("unregistered with the engine").isFalse();
    }

    @Test
    void theRobotsBusyShareCountsTheTimeOfItsMoves() throws Exception {
        start(l -> l.drives(1).slots(4).cartridges(2).robotMoveTime(Duration.ofMillis(200)));
        LibraryMXBean lib = libraryBean();
        List<Object> waits = new CopyOnWriteArrayList<>();
        ObjectName name = new ObjectName("org.openrsm:type=Library,name=" + LIB);
        NotificationListener listener = (n, h) -> {
            if (n.getType().equals("openrsm.mount")) {
                waits.add(n.getUserData());
            }
        };
        ManagementFactory.getPlatformMBeanServer().addNotificationListener(name, listener, null, null);
        assertThat(lib.getRobotBusyShare()).isZero();
        String drive = lib.mount("A00001L8", false, 30);
        assertThat(drive).isEqualTo("drive1");
        assertThat(lib.getRobotBusyShare()).isGreaterThan(0.0).isLessThanOrEqualTo(1.0);
        // the mount waited for the robot's 200 ms move, and says so
        await().atMost(Duration.ofSeconds(5)).until(() -> waits.size() == 1);
        assertThat((Long) waits.get(0)).isGreaterThanOrEqualTo(150L);
        ManagementFactory.getPlatformMBeanServer().removeNotificationListener(name, listener);
    }
}
