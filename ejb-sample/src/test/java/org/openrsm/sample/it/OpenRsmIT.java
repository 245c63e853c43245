package org.openrsm.sample.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.AttributeChangeNotification;
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
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openrsm.api.DismountMode;
import org.openrsm.api.LogicalMediaId;
import org.openrsm.api.MediaSession;
import org.openrsm.api.MediaSessionFactory;
import org.openrsm.api.MountOptions;
import org.openrsm.api.RsmError;
import org.openrsm.api.RsmException;
import org.openrsm.api.SideId;

/**
 * OpenRSM in a real Open Liberty: the RAR from the build with its Derby store and simulated library, the
 * sample application from server.xml, and a test application deployed here. In-container tests go through
 * the connector; client tests go through the sample's REST API and a JMX client on the local connector.
 */
@ExtendWith(ArquillianExtension.class)
class OpenRsmIT {
    private static final String SAMPLE = "http://localhost:9080/sample/api/";

    @Deployment
    static WebArchive deployment() {
        return ShrinkWrap.create(WebArchive.class, "connector-it.war")
                .addClasses(OpenRsmIT.class, ItBean.class, ItBean.RoundTrip.class, ItBean.Refusal.class);
    }

    @EJB
    private ItBean bean;

    @Resource(lookup = "eis/openrsm")
    private MediaSessionFactory sessions;

    @Test
    void mountWriteDeferredDismountThenRemountWithoutRobotMoveAndReadBack() throws Exception {
        ItBean.RoundTrip r = bean.roundTrip("document 42 of the archive");
        assertEquals("LOADED", r.stateWhileMounted());
        assertEquals("DISMOUNTABLE", r.stateAfterDeferred());
        assertEquals("true", r.sameDriveOnRemount());
        assertEquals(r.movesBeforeRemount(), r.movesAfterRemount(), "a remount from a DISMOUNTABLE drive moves no robot");
        assertEquals(1, r.mountsWithoutMoveDelta());
        assertEquals("document 42 of the archive", r.readBack());
    }

    @Test
    void timedMountWhileEveryDriveIsHeldTimesOutAndChangesNothing() throws Exception {
        ItBean.Refusal r = bean.timedMountWhileAllDrivesAreHeld(Duration.ofMillis(500));
        assertEquals("TIMEOUT", r.error(), r.message());
        assertTrue(r.message().contains("held by session"), r.message());
        assertEquals(4, r.drivesBefore().size());
        assertEquals(r.drivesBefore(), r.drivesAfter());
        assertEquals(0, r.queuedAfter());
    }

    @Test
    void badInputThroughTheConnectorGetsRsmErrors() throws Exception {
        try (MediaSession s = sessions.getSession()) {
            SideId unknown = SideId.random();
            RsmException e = assertThrows(RsmException.class, () -> s.mount(unknown, MountOptions.read()));
            assertEquals(RsmError.INVALID_MEDIA, e.error());
            assertTrue(e.getMessage().contains(unknown.toString()), e.getMessage());

            LogicalMediaId logical = LogicalMediaId.random();
            e = assertThrows(RsmException.class, () -> s.dismount(logical, DismountMode.IMMEDIATE));
            assertEquals(RsmError.INVALID_MEDIA, e.error());
        }
        MediaSession closed = sessions.getSession();
        closed.close();
        RsmException e = assertThrows(RsmException.class, closed::libraries);
        assertEquals(RsmError.INVALID_HANDLE, e.error());
    }

    // ---------------------------------------------------------------- as a client

    // runs in the server too (a testable deployment): nothing of LibertyServer here
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** A request to the sample as its archivist (server.xml's demo user). */
    private static HttpRequest.Builder request(String url) {
        return HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Basic " + java.util.Base64.getEncoder()
                .encodeToString("archivist:archivist-password".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(request(SAMPLE + path).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String body) throws Exception {
        return HTTP.send(request(SAMPLE + path)
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(json);
        assertTrue(m.find(), name + " in " + json);
        return m.group(1);
    }

    @Test
    @RunAsClient
    void sampleRestApiShowsFourDrivesArchivesAndReadsBack() throws Exception {
        HttpResponse<String> drives = get("drives");
        assertEquals(200, drives.statusCode(), drives.body());
        assertEquals(4, drives.body().split("\"state\":").length - 1, drives.body());
        for (String name : List.of("drive1", "drive2", "drive3", "drive4")) {
            assertTrue(drives.body().contains("\"name\":\"" + name + "\""), drives.body());
        }

        String payload = "invoice 2026-11-24 #" + System.nanoTime();
        HttpResponse<String> created = post("archive", payload);
        assertEquals(201, created.statusCode(), created.body());
        String medium = field(created.body(), "medium");
        assertTrue(field(created.body(), "barCode").matches("A\\d{5}L8"), created.body());

        HttpResponse<String> back = get("archive/" + medium);
        assertEquals(200, back.statusCode(), back.body());
        assertEquals(payload, back.body());

        HttpResponse<String> deleted = HTTP.send(request(SAMPLE + "archive/" + medium).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(204, deleted.statusCode(), deleted.body());
    }

    @Test
    @RunAsClient
    void sampleRestApiGivesRsmErrorsAndLeavesTheLibraryAsItWas() throws Exception {
        String before = get("drives").body();
        HttpResponse<String> unknown = get("archive/" + LogicalMediaId.random());
        assertEquals(404, unknown.statusCode());
        assertEquals("INVALID_MEDIA", field(unknown.body(), "error"));

        HttpResponse<String> created = post("archive", "a payload");
        String medium = field(created.body(), "medium");
        String afterArchive = get("drives").body();
        // a session of the engine cannot dismount what another one mounted: the endpoint sends the waiting tape home
        HttpResponse<String> sentHome = post("media/" + medium + "/dismount?mode=IMMEDIATE", "");
        assertEquals(202, sentHome.statusCode(), sentHome.body());
        String barCode = field(created.body(), "barCode");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !get("drives").body().contains(barCode));
        afterArchive = get("drives").body();

        HttpResponse<String> badMode = post("media/" + medium + "/dismount?mode=SOMETIME", "");
        assertEquals(400, badMode.statusCode());
        assertEquals("INVALID_PARAMETER", field(badMode.body(), "error"));
        assertEquals(afterArchive, get("drives").body());
        assertNotEquals("", before);
        HTTP.send(request(SAMPLE + "archive/" + medium).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @RunAsClient
    void aJmxClientSeesTheDriveMBeansAndTheirStateNotifications() throws Exception {
        Path address = Path.of(System.getProperty("wlp.home"), "usr", "servers", System.getProperty("liberty.server"),
                "logs", "state", "com.ibm.ws.jmx.local.address");
        try (JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(Files.readString(address, StandardCharsets.UTF_8).trim()))) {
            MBeanServerConnection jmx = connector.getMBeanServerConnection();
            Set<ObjectName> drives = jmx.queryNames(new ObjectName("org.openrsm:type=Drive,library=lib1,*"), null);
            assertEquals(4, drives.size(), drives.toString());
            assertEquals(4, jmx.getAttribute(new ObjectName("org.openrsm:type=Library,name=lib1"), "DriveCount"));

            List<String> changes = new CopyOnWriteArrayList<>();
            NotificationListener listener = (n, handback) -> {
                AttributeChangeNotification c = (AttributeChangeNotification) n;
                changes.add(((ObjectName) c.getSource()).getKeyProperty("name") + ":" + c.getOldValue() + "->" + c.getNewValue());
            };
            for (ObjectName drive : drives) {
                jmx.addNotificationListener(drive, listener, null, null);
            }
            HttpResponse<String> created = post("archive", "seen from jconsole");
            assertEquals(201, created.statusCode(), created.body());
            String drive = field(created.body(), "drive");
            ObjectName name = new ObjectName("org.openrsm:type=Drive,library=lib1,name=" + drive);
            assertEquals("DISMOUNTABLE", jmx.getAttribute(name, "State"));
            assertTrue(((String) jmx.getAttribute(name, "MediumBarCode")).matches("A\\d{5}L8"));
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> changes.contains(drive + ":LOADED->DISMOUNTABLE"));
            HTTP.send(request(SAMPLE + "archive/" + field(created.body(), "medium")).DELETE().build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }
}
