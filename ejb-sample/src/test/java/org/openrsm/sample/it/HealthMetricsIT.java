package org.openrsm.sample.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.openrsm.sample.it.LibertyServer.HTTP;
import static org.openrsm.sample.it.LibertyServer.SAMPLE;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
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
 * Monitoring as a Prometheus scrape and a Kubernetes probe see OpenRSM (issue "Operating a library", 4): readiness
 * follows the engine, its store and its libraries; the metrics count what the library did.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class HealthMetricsIT {
    private static final String SERVER = "http://localhost:9080/";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return ShrinkWrap.create(WebArchive.class, "health-metrics-it.war").addClass(HealthMetricsIT.class)
                .addAsWebResource(new StringAsset("health and metrics IT"), "index.txt");
    }

    private static HttpResponse<String> get(String path) throws Exception {
        // no credentials: probes and scrapes have none
        return HTTP.send(HttpRequest.newBuilder(URI.create(SERVER + path)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static double metric(String body, String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{[^}]*library=\"lib1\"[^}]*\\} ([0-9.eE+-]+)$").matcher(body);
        assertThat(m.find()).as(name + " in\n" + body).isTrue();
        return Double.parseDouble(m.group(1));
    }

    @Test
    void readinessFollowsTheLibrariesAndLivenessTheEngine() throws Exception {
        HttpResponse<String> ready = get("health/ready");
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        assertThat(ready.body()).contains("\"name\":\"openrsm\"").contains("\"status\":\"UP\"").contains("answers: embedded Derby");
        assertThat(get("health/live").statusCode()).isEqualTo(200);

        LibertyServer.invokeNoArgs("org.openrsm:type=Library,name=lib1", "disable");
        try {
            HttpResponse<String> down = get("health/ready");
            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(down.body()).contains("lib1: disabled").contains("\"status\":\"DOWN\"");
            assertThat(get("health/live").statusCode()).as("not ready, but alive").isEqualTo(200);
        } finally {
            LibertyServer.invokeNoArgs("org.openrsm:type=Library,name=lib1", "enable");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> get("health/ready").statusCode() == 200);
    }

    @Test
    void theMetricsCountMountsRobotMovesAndMountWaits() throws Exception {
        String before = get("metrics?scope=application").body();
        double mounts = metric(before, "openrsm_mounts");
        HttpResponse<String> archived = HTTP.send(LibertyServer.request(SAMPLE + "archive").header("Content-Type",
                "application/octet-stream").POST(HttpRequest.BodyPublishers.ofString("counted")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(archived.statusCode()).isEqualTo(201);
        String medium = archived.body().replaceAll(".*\"medium\":\"([^\"]+)\".*", "$1");
        assertThat(HTTP.send(LibertyServer.request(SAMPLE + "archive/" + medium).build(), HttpResponse.BodyHandlers.ofString())
                .body()).isEqualTo("counted");

        String after = get("metrics?scope=application").body();
        assertThat(metric(after, "openrsm_mounts")).isEqualTo(mounts + 2);
        assertThat(metric(after, "openrsm_mounts_without_robot_move")).isGreaterThanOrEqualTo(1);
        assertThat(metric(after, "openrsm_robot_busy_share")).isBetween(0.0, 1.0);
        assertThat(metric(after, "openrsm_queue_depth")).isZero();
        assertThat(metric(after, "openrsm_mount_wait_milliseconds_count")).isGreaterThanOrEqualTo(2);
        assertThat(after).contains("# TYPE openrsm_mount_wait_milliseconds summary").contains("openrsm_store_commits");
        HTTP.send(LibertyServer.request(SAMPLE + "archive/" + medium).DELETE().build(), HttpResponse.BodyHandlers.ofString());
    }
}
