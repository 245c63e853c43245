package org.openrsm.sample.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.openrsm.sample.it.LibertyServer.HTTP;
import static org.openrsm.sample.it.LibertyServer.SAMPLE;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Library events to a message-driven bean (issue "Operating a library", 5): the sample's LibraryEventRecorder gets
 * the drive, library request and operator request events of an archive, in the engine's order, and nothing else.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class LibraryEventsIT {
    @Deployment(testable = false)
    static WebArchive deployment() {
        return ShrinkWrap.create(WebArchive.class, "library-events-it.war").addClass(LibraryEventsIT.class)
                .addAsWebResource(new StringAsset("library events IT"), "index.txt");
    }

    private record Event(long sequence, String operation, String objectType) {
    }

    private static List<Event> events(long after) throws Exception {
        String body = HTTP.send(LibertyServer.request(SAMPLE + "events?after=" + after).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        List<Event> events = new ArrayList<>();
        Matcher m = Pattern.compile("\"sequence\":(\\d+),\"operation\":\"(\\w+)\",\"objectType\":\"(\\w*)\"").matcher(body);
        while (m.find()) {
            events.add(new Event(Long.parseLong(m.group(1)), m.group(2), m.group(3)));
        }
        return events;
    }

    @Test
    void theMessageDrivenBeanGetsTheArchivesDriveEventsInOrderAndOnlyTheTypesItAskedFor() throws Exception {
        List<Event> before = events(0);
        long after = before.isEmpty() ? 0 : before.get(before.size() - 1).sequence();
        HttpResponse<String> archived = HTTP.send(LibertyServer.request(SAMPLE + "archive").header("Content-Type",
                "application/octet-stream").POST(HttpRequest.BodyPublishers.ofString("an event")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(archived.statusCode()).isEqualTo(201);

        // the mount and the deferred dismount change a drive's state: LOADED, then DISMOUNTABLE
        await().atMost(Duration.ofSeconds(30)).until(() -> events(after).stream()
                .filter(e -> e.objectType().equals("DRIVE") && e.operation().equals("UPDATE")).count() >= 2);
        List<Event> got = events(after);
        assertThat(got).extracting(Event::objectType).as("the activation spec's filter").isSubsetOf("DRIVE", "LIBREQUEST",
                "OPREQUEST");
        assertThat(got).extracting(Event::sequence).as("delivered in the engine's order").isSorted().doesNotHaveDuplicates();
        assertThat(got).extracting(Event::objectType).contains("LIBREQUEST");
    }
}
