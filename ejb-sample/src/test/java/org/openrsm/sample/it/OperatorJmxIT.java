package org.openrsm.sample.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.management.JMX;
import javax.management.MBeanServerConnection;
import javax.management.NotificationListener;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openrsm.jmx.DriveMXBean;
import org.openrsm.jmx.LibraryMXBean;
import org.openrsm.jmx.MediaMXBean;
import org.openrsm.jmx.MediumData;

/**
 * An operator at a JMX console (another process, through Liberty's local connector, as jconsole attaches): eject and
 * inject through the IE ports, mount and dismount by bar code, find a cartridge — with notifications, and every
 * change in messages.log (issue "Operating a library", 1).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class OperatorJmxIT {
    @Deployment(testable = false)
    static WebArchive deployment() {
        return ShrinkWrap.create(WebArchive.class, "operator-jmx-it.war").addClass(OperatorJmxIT.class)
                .addAsWebResource(new StringAsset("operator JMX IT"), "index.txt");
    }

    private static JMXConnector connect() throws Exception {
        Path address = LibertyServer.server("logs", "state", "com.ibm.ws.jmx.local.address");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(address));
        return JMXConnectorFactory.connect(new JMXServiceURL(Files.readString(address, StandardCharsets.UTF_8).trim()));
    }

    @Test
    void anOperatorEjectsInjectsMountsAndDismountsByBarCodeThroughJmx() throws Exception {
        try (JMXConnector connector = connect()) {
            MBeanServerConnection jmx = connector.getMBeanServerConnection();
            ObjectName libraryName = new ObjectName("org.openrsm:type=Library,name=lib1");
            LibraryMXBean library = JMX.newMXBeanProxy(jmx, libraryName, LibraryMXBean.class, true);
            MediaMXBean media = JMX.newMXBeanProxy(jmx, new ObjectName("org.openrsm:type=Media"), MediaMXBean.class);
            List<String> notes = new CopyOnWriteArrayList<>();
            NotificationListener listener = (n, h) -> notes.add(n.getType() + " " + n.getMessage());
            jmx.addNotificationListener(libraryName, listener, null, null);

            // a cartridge that sits in its slot, not waiting in a drive
            Map<Integer, String> slots = library.getSlots();
            String barCode = slots.values().stream().filter(b -> !b.isEmpty()).reduce((a, b) -> b).orElseThrow();
            MediumData before = media.find(barCode);
            assertThat(before.getLocation()).startsWith("slot ");

            String eject = library.ejectToAnyPort(barCode);
            assertThat(library.awaitRequest(eject, 30)).isEqualTo("PASSED");
            assertThat(media.find(barCode).getLocation()).isEqualTo("shelf");
            int port = library.getPorts().entrySet().stream().filter(e -> e.getValue().equals("(full)")).findFirst()
                    .orElseThrow().getKey();
            assertThat(library.awaitRequest(library.inject(port), 30)).isEqualTo("PASSED");
            assertThat(media.find(barCode).getLocation()).startsWith("slot ");
            await().atMost(Duration.ofSeconds(10)).until(() -> notes.stream().filter(n -> n.startsWith("openrsm.inventory")).count() >= 2);

            String drive = library.mount(barCode, false, 60);
            DriveMXBean d = JMX.newMXBeanProxy(jmx, new ObjectName("org.openrsm:type=Drive,library=lib1,name=" + drive),
                    DriveMXBean.class);
            assertThat(d.getMediumBarCode()).isEqualTo(barCode);
            assertThat(d.getState()).isEqualTo("LOADED");
            assertThat(d.getSession()).isEqualTo("JMX operator");
            library.dismount(barCode, true);
            await().atMost(Duration.ofSeconds(30)).until(() -> media.find(barCode).getLocation().startsWith("slot "));
            assertThatThrownBy(() -> library.eject("NO-SUCH-TAPE", port)).hasMessageContaining("NO-SUCH-TAPE");
            assertThat(library.getRobotBusyShare()).isBetween(0.0, 1.0);
            jmx.removeNotificationListener(libraryName, listener);
        }
        String log = Files.readString(LibertyServer.server("logs", "messages.log"), StandardCharsets.UTF_8);
        assertThat(log).contains("JMX as admin: eject ").contains("JMX as admin: inject from IE port")
                .contains("JMX as admin: mount ").contains("refused: INVALID_MEDIA");
    }
}
