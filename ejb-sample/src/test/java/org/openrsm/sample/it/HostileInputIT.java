package org.openrsm.sample.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openrsm.sample.it.LibertyServer.ARCHIVIST;
import static org.openrsm.sample.it.LibertyServer.AUDITOR;
import static org.openrsm.sample.it.LibertyServer.HTTP;
import static org.openrsm.sample.it.LibertyServer.SAMPLE;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.openmbean.CompositeData;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The sample's REST API under hostile input (issue "The sample as a service people can trust"): malformed ids, bodies,
 * names, methods, content types, credentials and roles, a race of same-name archives, running out of tapes. Each
 * answer has its status and the one JSON error shape; at the end every archive that succeeded reads back
 * byte-identical, no drive is held, and the server log holds no stack trace.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileInputIT {
    /** the sample's upload limit in server.xml (jndiEntry sample/maxUploadBytes) */
    private static final int LIMIT = 64 << 20;
    /** every archive that answered 201: medium → the bytes sent */
    private static final Map<String, byte[]> ARCHIVED = new LinkedHashMap<>();
    private static long logLengthAtStart;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return ShrinkWrap.create(WebArchive.class, "hostile-input-it.war").addClass(HostileInputIT.class)
                .addAsWebResource(new StringAsset("hostile input IT"), "index.txt");
    }

    @BeforeAll
    static void markTheLog() throws Exception {
        logLengthAtStart = Files.size(messagesLog());
    }

    private static Path messagesLog() {
        return LibertyServer.server("logs", "messages.log");
    }

    private static HttpResponse<String> send(String method, String path, byte[] body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(SAMPLE + path)).timeout(Duration.ofSeconds(90))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        boolean signed = false;
        for (int i = 0; i < headers.length; i += 2) {
            signed |= headers[i].equals("Authorization");
            if (!headers[i + 1].isEmpty()) {   // an empty Authorization: none at all
                b.header(headers[i], headers[i + 1]);
            }
        }
        if (!signed) {
            b.header("Authorization", ARCHIVIST);
        }
        if (body != null) {
            b.header("Content-Type", "application/octet-stream");
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> send(String method, String path) throws Exception {
        return send(method, path, null);
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"?([^\",}]*)\"?").matcher(json);
        assertThat(m.find()).as(name + " in " + json).isTrue();
        return m.group(1);
    }

    private static void assertError(HttpResponse<String> r, int status, String error) {
        assertThat(r.statusCode()).as(r.request().method() + " " + r.uri() + ": " + r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).as(r.uri().toString()).startsWith("application/json");
        assertThat(field(r.body(), "error")).as(r.body()).isEqualTo(error);
        assertThat(r.body()).contains("\"code\":").contains("\"message\":").doesNotContain("Exception").doesNotContain("at org.");
    }

    private static String archive(String document, byte[] payload) throws Exception {
        HttpResponse<String> r = send("POST", document == null ? "archive" : "archive?document=" + document, payload);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        String medium = field(r.body(), "medium");
        synchronized (ARCHIVED) {
            ARCHIVED.put(medium, payload);
        }
        return medium;
    }

    private static long mountsSoFar() throws Exception {
        HttpResponse<String> drives = send("GET", "drives");
        long total = 0;
        for (Matcher m = Pattern.compile("\"mountCount\":(\\d+)").matcher(drives.body()); m.find(); ) {
            total += Long.parseLong(m.group(1));
        }
        return total;
    }

    /** Issue 13, 12: openrsm.rar made Liberty warn 31 times per start (SRVE9967W, Derby's manifest Class-Path). */
    @Test
    @Order(0)
    void aCleanStartLogsNoWarning() throws Exception {
        List<String> start = new ArrayList<>();
        for (String line : Files.readAllLines(messagesLog(), StandardCharsets.UTF_8)) {
            start.add(line);
            if (line.contains("CWWKF0011I")) {   // the server is ready
                break;
            }
        }
        assertThat(start).as("messages.log up to 'server is ready'").anyMatch(l -> l.contains("CWWKF0011I"))
                .noneMatch(l -> l.matches("^\\[[^\\]]+\\] \\S+ \\S+\\s+[WE] .*"));
    }

    @Test
    @Order(1)
    void withoutTheRightCredentialsOrRoleNothingHappens() throws Exception {
        String medium = archive(null, "kept safe".getBytes(StandardCharsets.UTF_8));
        assertError(send("GET", "drives", null, "Authorization", ""), 401, "UNAUTHORIZED");
        assertError(send("GET", "drives", null, "Authorization", LibertyServer.basic("archivist", "wrong")), 401, "UNAUTHORIZED");
        assertError(send("GET", "drives", null, "Authorization", "Bearer nonsense"), 401, "UNAUTHORIZED");
        assertThat(send("GET", "drives", null, "Authorization", AUDITOR).statusCode()).isEqualTo(200);
        assertThat(send("GET", "archive/" + medium, null, "Authorization", AUDITOR).body()).isEqualTo("kept safe");
        assertError(send("POST", "archive", "x".getBytes(), "Authorization", AUDITOR), 403, "FORBIDDEN");
        assertError(send("DELETE", "archive/" + medium, null, "Authorization", AUDITOR), 403, "FORBIDDEN");
        assertError(send("POST", "media/" + medium + "/dismount", new byte[0], "Authorization", AUDITOR), 403, "FORBIDDEN");
        assertThat(send("GET", "archive/" + medium).body()).as("the auditor changed nothing").isEqualTo("kept safe");
    }

    @Test
    @Order(2)
    void malformedIdsAreRefusedWith400WhateverTheMethod() throws Exception {
        List<String> ids = List.of("%20", "not-a-uuid", "1-1-1-1-1", "00000000-0000-4000-8000-00000000000",
                "00000000-0000-4000-8000-0000000000000", "00000000-0000-4000-8000-00000000000g", "x".repeat(2000), "%E2%80%8B",
                "00000000000040008000000000000000", "%7B00000000-0000-4000-8000-000000000000%7D",
                "00000000-0000-4000-8000-000000000000%20", "+00000000-0000-4000-8000-000000000000");
        for (String id : ids) {
            assertError(send("GET", "archive/" + id), 400, "INVALID_PARAMETER");
            assertError(send("DELETE", "archive/" + id), 400, "INVALID_PARAMETER");
            assertError(send("POST", "media/" + id + "/dismount", new byte[0]), 400, "INVALID_PARAMETER");
        }
        assertError(send("GET", "archive/00000000-0000-4000-8000-000000000000"), 404, "INVALID_MEDIA");
    }

    @Test
    @Order(3)
    void badNamesMethodsAndContentTypesAreTheClientsAndAnsweredInTheOneShape() throws Exception {
        for (String name : List.of("", "%00", "a%0Db", "%2F", "..", "%20x", "x%09", "%7F", "x".repeat(201), "a%5Cb")) {
            assertError(send("POST", "archive?document=" + name, "payload".getBytes()), 400, "INVALID_NAME");
        }
        assertError(send("POST", "archive", new byte[0]), 400, "INVALID_PARAMETER");
        assertError(send("PUT", "archive", "x".getBytes()), 405, "METHOD_NOT_ALLOWED");
        assertError(send("PATCH", "archive/00000000-0000-4000-8000-000000000000", "x".getBytes()), 405, "METHOD_NOT_ALLOWED");
        assertError(send("DELETE", "drives"), 405, "METHOD_NOT_ALLOWED");
        assertError(send("GET", "drives", null, "Accept", "application/xml"), 406, "NOT_ACCEPTABLE");
        assertError(send("GET", "archive/00000000-0000-4000-8000-000000000000", null, "Accept", "text/html"), 406, "NOT_ACCEPTABLE");
        assertError(send("GET", "no/such/thing"), 404, "NOT_FOUND");
        assertError(send("GET", "index/never-archived-" + System.nanoTime()), 404, "NOT_INDEXED");
        assertError(send("POST", "media/00000000-0000-4000-8000-000000000000/dismount?mode=LATER", new byte[0]), 400,
                "INVALID_PARAMETER");
    }

    @Test
    @Order(4)
    void anUploadOverTheLimitIsRefusedWith413WithOrWithoutADeclaredLength() throws Exception {
        long mounts = mountsSoFar();
        // declared too large, as curl sends a large file (Expect: 100-continue): refused before the body is sent
        try (Socket s = new Socket("localhost", 9080)) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /sample/api/archive HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/octet-stream\r\n"
                    + "Authorization: " + ARCHIVIST + "\r\nContent-Length: " + (LIMIT + 1L) + "\r\nExpect: 100-continue\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String response = finalResponse(s.getInputStream());
            assertThat(response).startsWith("HTTP/1.1 413").contains("\"error\":\"PAYLOAD_TOO_LARGE\"").doesNotContain("Exception");
        }
        assertThat(mountsSoFar()).as("no tape mounted for a declared oversize upload").isEqualTo(mounts);
        // streamed without a length (chunked): refused when it passes the limit, and its tape's allocation rolls back
        HttpRequest chunked = HttpRequest.newBuilder(URI.create(SAMPLE + "archive")).timeout(Duration.ofSeconds(120))
                .header("Authorization", ARCHIVIST).header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> zeros(LIMIT + 1L))).build();
        HttpResponse<String> r;
        try {
            r = HTTP.send(chunked, HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            // the server may answer and close before the client finished sending: not a failure of the server
            r = null;
        }
        if (r != null) {
            assertError(r, 413, "PAYLOAD_TOO_LARGE");
        }
        // just under the limit goes through
        byte[] big = new byte[LIMIT - 1];
        new java.util.Random(42).nextBytes(big);
        archive(null, big);
    }

    /** The first final (not 1xx) response on the connection, read up to the end of its JSON body. */
    private static String finalResponse(InputStream in) throws java.io.IOException {
        StringBuilder got = new StringBuilder();
        Pattern complete = Pattern.compile("(?s)(HTTP/1\\.1 [2-5]\\d\\d.*?\r\n\r\n\\{.*\\})");
        byte[] buffer = new byte[4096];
        while (true) {
            Matcher m = complete.matcher(got);
            if (m.find()) {
                return m.group(1);
            }
            int n = in.read(buffer);
            if (n < 0) {
                return got.toString();
            }
            got.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
        }
    }

    private static InputStream zeros(long n) {
        return new InputStream() {
            private long left = n;

            @Override
            public int read() {
                return left-- > 0 ? 0 : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                int k = (int) Math.min(len, left);
                java.util.Arrays.fill(b, off, off + k, (byte) 0);
                left -= k;
                return k;
            }
        };
    }

    @Test
    @Order(5)
    void twentyConcurrentArchivesOfOneNameWriteOneTapeAndRefuseNineteenBeforeAnyTapeIsTouched() throws Exception {
        String document = "race-" + System.nanoTime();
        long mounts = mountsSoFar();
        ExecutorService pool = Executors.newFixedThreadPool(20);
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                byte[] payload = ("racer " + i).getBytes(StandardCharsets.UTF_8);
                answers.add(pool.submit((Callable<HttpResponse<String>>) () -> send("POST", "archive?document=" + document, payload)));
            }
            int created = 0;
            String winner = null;
            for (Future<HttpResponse<String>> f : answers) {
                HttpResponse<String> r = f.get();
                if (r.statusCode() == 201) {
                    created++;
                    winner = field(r.body(), "medium");
                } else {
                    assertError(r, 409, "DUPLICATE_DOCUMENT");
                }
            }
            assertThat(created).isEqualTo(1);
            assertThat(mountsSoFar()).as("only the winner mounted a tape").isEqualTo(mounts + 1);
            assertThat(send("GET", "index/" + document).body()).contains(winner);
            String read = send("GET", "archive/" + winner).body();
            assertThat(read).matches("racer \\d+");
            synchronized (ARCHIVED) {
                ARCHIVED.put(winner, read.getBytes(StandardCharsets.UTF_8));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @Order(6)
    void runningOutOfTapesAnswers503WithRetryAfterAndAsksTheOperatorOnce() throws Exception {
        List<String> filled = new ArrayList<>();
        HttpResponse<String> dry = null;
        for (int i = 0; i < 200 && dry == null; i++) {
            byte[] payload = ("filler " + i).getBytes(StandardCharsets.UTF_8);
            HttpResponse<String> r = send("POST", "archive", payload);
            if (r.statusCode() == 201) {
                filled.add(field(r.body(), "medium"));
            } else {
                dry = r;
            }
        }
        assertThat(dry).as("the library ran out of tapes").isNotNull();
        assertError(dry, 503, "MEDIA_UNAVAILABLE");
        assertThat(dry.headers().firstValue("Retry-After")).hasValue("60");
        assertError(send("POST", "archive", "once more".getBytes()), 503, "MEDIA_UNAVAILABLE");
        assertThat(newMediaRequests()).as("one NEWMEDIA request for the operator, however often the pool was asked")
                .hasSize(1).first().asString().contains("\\Archive");
        String log = Files.readString(messagesLog(), StandardCharsets.UTF_8);
        assertThat(Pattern.compile("has no LTO_Ultrium media left").matcher(log).results().count())
                .as("running out of tapes is logged once").isEqualTo(1);

        // deleting the fillers gives their tapes back to Free: archiving works again and the request is fulfilled
        for (String medium : filled) {
            assertThat(send("DELETE", "archive/" + medium).statusCode()).isEqualTo(204);
        }
        archive(null, "after the drought".getBytes(StandardCharsets.UTF_8));
        assertThat(newMediaRequests()).isEmpty();
    }

    private static List<String> newMediaRequests() throws Exception {
        List<String> open = new ArrayList<>();
        for (CompositeData r : (CompositeData[]) LibertyServer.attribute("org.openrsm:type=OperatorRequests", "Open")) {
            if ("NEWMEDIA".equals(r.get("type"))) {
                open.add((String) r.get("message"));
            }
        }
        return open;
    }

    @AfterAll
    static void everyArchiveReadsBackNoDriveIsHeldAndTheLogHasNoStackTrace() throws Exception {
        for (Map.Entry<String, byte[]> a : ARCHIVED.entrySet()) {
            HttpResponse<byte[]> r = HTTP.send(LibertyServer.request(SAMPLE + "archive/" + a.getKey()).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).as("archive " + a.getKey()).isEqualTo(a.getValue());
        }
        assertThat(send("GET", "drives").body()).as("no drive held by a session").doesNotContain("\"session\":\"");
        String log;
        try (InputStream in = Files.newInputStream(messagesLog())) {
            in.skipNBytes(logLengthAtStart);
            log = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(log).as("stack traces in messages.log during the hostile suite").doesNotContainPattern("(?m)^\\s+at [a-z]");
        for (String medium : ARCHIVED.keySet()) {
            send("DELETE", "archive/" + medium);
        }
    }
}
