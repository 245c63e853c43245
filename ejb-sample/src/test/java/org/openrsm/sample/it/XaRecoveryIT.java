package org.openrsm.sample.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openrsm.sample.ArchiveIndex;
import org.openrsm.sample.ArchiveReceipt;
import org.openrsm.sample.ArchiveService;
import org.openrsm.sample.DuplicateDocumentException;

/**
 * The server dies between prepare and commit of a two-phase transaction (tape allocation in OpenRSM, row in the
 * sample's archive index); after a restart Liberty's transaction manager finds OpenRSM's in-doubt branch through
 * {@code XAResource.recover} and commits it: the document is indexed, its tape allocated and readable, no
 * branch stays in doubt and no drive is held. It runs in a failsafe execution of its own after the Arquillian
 * tests: it starts, kills, restarts and stops the server itself, and deploys its application through a
 * configuration drop-in.
 */
class XaRecoveryIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String SAMPLE = "http://localhost:9080/sample/api/";

    private static final Path CONFIG = server("configDropins", "overrides", "tx-crash.xml");

    /** true when this test had to start the server (run alone, without the Arquillian tests before it) */
    private static boolean startedHere;

    private static void serverCommand(String command) throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("wlp.home"), "bin", "server").toString(), command,
                System.getProperty("liberty.server")).redirectErrorStream(true).start();
        p.getInputStream().transferTo(System.out);
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("server " + command + " returns").isTrue();
    }

    @BeforeAll
    static void deploy() throws Exception {
        if (!up()) {
            serverCommand("start");
            startedHere = true;
            await().atMost(Duration.ofSeconds(120)).until(XaRecoveryIT::up);
        }
        Path war = Path.of("target", "tx-crash.war").toAbsolutePath();
        ShrinkWrap.create(WebArchive.class, "tx-crash.war")
                .addClasses(CrashServlet.class, CrashBean.class, ArchiveService.class, ArchiveIndex.class, ArchiveIndex.Entry.class,
                        ArchiveReceipt.class, DuplicateDocumentException.class)
                .as(ZipExporter.class).exportTo(war.toFile(), true);
        Files.createDirectories(CONFIG.getParent());
        Files.writeString(CONFIG, "<server><webApplication id=\"tx-crash\" location=\"" + war + "\" contextRoot=\"/tx-crash\">"
                + "<classloader commonLibraryRef=\"openrsmApi\"/></webApplication></server>");
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .until(() -> get("http://localhost:9080/tx-crash/crash").statusCode() == 405);
    }

    @AfterAll
    static void undeploy() throws Exception {
        Files.deleteIfExists(CONFIG);
        if (startedHere) {
            serverCommand("stop");
        }
    }

    private static Path server(String... more) {
        return Path.of(System.getProperty("wlp.home"), "usr", "servers", System.getProperty("liberty.server")).resolve(String.join("/", more));
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static boolean up() {
        try {
            return get(SAMPLE + "drives").statusCode() == 200;
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void aBranchInDoubtAfterACrashIsCommittedByTheTransactionManagerOnRestart() throws Exception {
        String document = "crash-" + System.nanoTime();
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:9080/tx-crash/crash?document=" + document))
                    .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
            throw new AssertionError("the server answered instead of halting: " + r.statusCode() + " " + r.body());
        } catch (IOException expected) {
            // the connection died with the server
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> !up());

        serverCommand("start");
        await().atMost(Duration.ofSeconds(120)).until(XaRecoveryIT::up);

        // the transaction manager commits the in-doubt branches: the index row and the tape allocation appear
        // (until then the index row is locked by the in-doubt branch of the archive index: reads wait)
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                .until(() -> get(SAMPLE + "index/" + document).statusCode() == 200);
        HttpResponse<String> indexed = get(SAMPLE + "index/" + document);
        Matcher medium = Pattern.compile("\"medium\":\"([^\"]+)\"").matcher(indexed.body());
        assertThat(medium.find()).as(indexed.body()).isTrue();
        HttpResponse<String> read = get(SAMPLE + "archive/" + medium.group(1));
        assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
        assertThat(read.body()).isEqualTo("survives the crash: " + document);

        Path address = server("logs", "state", "com.ibm.ws.jmx.local.address");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(address));
        try (JMXConnector jmx = JMXConnectorFactory.connect(new JMXServiceURL(Files.readString(address, StandardCharsets.UTF_8).trim()))) {
            var mbeans = jmx.getMBeanServerConnection();
            ObjectName transactions = new ObjectName("org.openrsm:type=Transactions");
            assertThat((String[]) mbeans.getAttribute(transactions, "InDoubt")).isEmpty();
            List<String> recent = List.of((String[]) mbeans.getAttribute(transactions, "Recent"));
            assertThat(recent).anySatisfy(b -> assertThat(b).endsWith("in doubt after a restart, commit"));
        }
        assertThat(get(SAMPLE + "drives").body()).doesNotContain("\"session\":\"OpenRSM\"");
    }
}
