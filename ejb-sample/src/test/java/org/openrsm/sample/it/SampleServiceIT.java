package org.openrsm.sample.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openrsm.api.LogicalMediaId;

/**
 * The sample's REST API as a service: defects a new user met (issue "The sample as a service people can trust"),
 * each with the request that showed it. Every error has the one JSON shape {@code {"error", "code", "message"}}.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SampleServiceIT {
    private static final String SAMPLE = "http://localhost:9080/sample/api/";
    private static final HttpClient HTTP = LibertyServer.HTTP;

    /** Only the sample is under test; Arquillian needs an archive to start the server with. */
    @Deployment(testable = false)
    static WebArchive deployment() {
        return ShrinkWrap.create(WebArchive.class, "sample-service-it.war").addClass(SampleServiceIT.class)
                .addAsWebResource(new org.jboss.shrinkwrap.api.asset.StringAsset("sample service IT"), "index.txt");
    }

    private static HttpResponse<String> send(String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = LibertyServer.request(SAMPLE + path).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/octet-stream");
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"?([^\",}]*)\"?").matcher(json);
        assertThat(m.find()).as(name + " in " + json).isTrue();
        return m.group(1);
    }

    /** The one error shape, with the error's name. */
    private static void assertError(HttpResponse<String> r, int status, String error) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThat(field(r.body(), "error")).isEqualTo(error);
        assertThat(r.body()).contains("\"code\":").contains("\"message\":").doesNotContain("Exception");
    }

    private static String query(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String segment(String name) throws Exception {
        // the path segment as a browser would send it: illegal characters percent-encoded in UTF-8
        String uri = new URI("http", null, "localhost", 9080, "/x/" + name, null, null).toASCIIString();
        return uri.substring(uri.indexOf("/x/") + 3);
    }

    @Test
    void deletingAnArchiveForgetsItsIndexEntrySoTheNameCanBeUsedAgain() throws Exception {
        String document = "contract-" + System.nanoTime();
        HttpResponse<String> created = send("POST", "archive?document=" + document, "version 1");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String medium = field(created.body(), "medium");
        assertThat(send("GET", "index/" + document, null).statusCode()).isEqualTo(200);
        assertThat(send("DELETE", "archive/" + medium, null).statusCode()).isEqualTo(204);
        assertError(send("GET", "index/" + document, null), 404, "NOT_INDEXED");
        HttpResponse<String> again = send("POST", "archive?document=" + document, "version 2");
        assertThat(again.statusCode()).as(again.body()).isEqualTo(201);
        assertThat(send("GET", "archive/" + field(again.body(), "medium"), null).body()).isEqualTo("version 2");
        send("DELETE", "archive/" + field(again.body(), "medium"), null);
    }

    @Test
    void malformedMediumIdsAreTheClientsMistakeAndChangeNothing() throws Exception {
        HttpResponse<String> created = send("POST", "archive", "keep me");
        String medium = field(created.body(), "medium");
        assertError(send("DELETE", "archive/" + medium + "%20", null), 400, "INVALID_PARAMETER");
        assertError(send("GET", "archive/1-1-1-1-1", null), 400, "INVALID_PARAMETER");
        assertError(send("GET", "archive/not-an-id", null), 400, "INVALID_PARAMETER");
        assertError(send("GET", "archive/" + LogicalMediaId.random(), null), 404, "INVALID_MEDIA");
        assertThat(send("GET", "archive/" + medium, null).body()).isEqualTo("keep me");
        send("DELETE", "archive/" + medium, null);
    }

    @Test
    void documentNamesThatCouldNotBeLookedUpAreRefusedAndEveryAllowedOneIsFound() throws Exception {
        for (String bad : List.of("a/b", "a\\b", "a#b", "a?b", "50%", "a;b", "tab\tx", "line\nx", "nul\0x", "..", " lead",
                "trail ", "x".repeat(201))) {
            assertError(send("POST", "archive?document=" + query(bad), "payload"), 400, "INVALID_NAME");
        }
        long n = System.nanoTime();
        for (String good : List.of("Report 2026 (final)." + n, "naïve-Ünïcødé_名前-" + n, "a+b=c,d@e!$&'*~" + n)) {
            HttpResponse<String> created = send("POST", "archive?document=" + query(good), good);
            assertThat(created.statusCode()).as(good + ": " + created.body()).isEqualTo(201);
            HttpResponse<String> found = send("GET", "index/" + segment(good), null);
            assertThat(found.statusCode()).as(good + ": " + found.body()).isEqualTo(200);
            assertThat(found.body()).contains(field(created.body(), "medium"));
            send("DELETE", "archive/" + field(created.body(), "medium"), null);
        }
    }

    @Test
    void httpErrorsHaveTheSameJsonShape() throws Exception {
        HttpResponse<String> put = send("PUT", "archive", "x");
        assertError(put, 405, "METHOD_NOT_ALLOWED");
        assertThat(put.headers().firstValue("Allow").orElse("")).contains("POST");
        assertError(send("GET", "drives", null, "Accept", "text/html"), 406, "NOT_ACCEPTABLE");
        assertError(send("GET", "nothing/here", null), 404, "NOT_FOUND");
        assertError(send("POST", "archive", ""), 400, "INVALID_PARAMETER");
    }

    @Test
    void theOpenApiDocumentDescribesThePathsAndTheErrorShape() throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:9080/openapi")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("/archive/{medium}:", "/index/{document}:", "/media/{medium}/dismount:")
                .contains("Error:", "PAYLOAD_TOO_LARGE", "Retry-After", "scheme: basic")
                .containsPattern("required:\\s*- error\\s*- code\\s*- message");
    }

    @Test
    void aBadlyChunkedUploadIsTheClientsMistake() throws Exception {
        try (Socket s = new Socket("localhost", 9080)) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /sample/api/archive HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/octet-stream\r\n"
                    + "Authorization: " + LibertyServer.ARCHIVIST + "\r\n"
                    + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n5\r\nhello\r\nzz\r\nbroken\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            s.shutdownOutput();
            InputStream in = s.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(response).startsWith("HTTP/1.1 400");
            assertThat(response).doesNotContain("Exception");
        }
    }

    @Test
    void theDismountEndpointSendsAnArchivesTapeHome() throws Exception {
        HttpResponse<String> created = send("POST", "archive", "to be sent home");
        String medium = field(created.body(), "medium");
        String barCode = field(created.body(), "barCode");
        HttpResponse<String> home = send("POST", "media/" + medium + "/dismount", "");
        assertThat(home.statusCode()).as(home.body()).isEqualTo(202);
        assertThat(field(home.body(), "drive")).isEqualTo(field(created.body(), "drive"));
        await().atMost(Duration.ofSeconds(30)).until(() -> !send("GET", "drives", null).body().contains(barCode));
        HttpResponse<String> again = send("POST", "media/" + medium + "/dismount", "");
        assertError(again, 409, "INVALID_STATE");
        assertThat(field(again.body(), "message")).contains("home already");
        assertError(send("POST", "media/" + medium + "/dismount?mode=DEFERRED", ""), 400, "INVALID_PARAMETER");
        send("DELETE", "archive/" + medium, null);
    }
}
