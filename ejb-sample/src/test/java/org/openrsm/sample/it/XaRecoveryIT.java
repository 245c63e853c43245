package org.openrsm.sample.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.openrsm.sample.it.LibertyServer.HTTP;
import static org.openrsm.sample.it.LibertyServer.SAMPLE;
import static org.openrsm.sample.it.LibertyServer.get;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The server dies between prepare and commit of a two-phase transaction (tape allocation in OpenRSM, row in the
 * sample's archive index); after a restart Liberty's transaction manager finds OpenRSM's in-doubt branch through
 * {@code XAResource.recover} and commits it: the document is indexed, its tape allocated and readable, no
 * branch stays in doubt and no drive is held. It runs in a failsafe execution of its own after the Arquillian
 * tests: it starts, kills, restarts and stops the server itself, and deploys its application through a
 * configuration drop-in.
 */
class XaRecoveryIT {
    private static Path config;

    /** true when this test had to start the server (run alone, without the Arquillian tests before it) */
    private static boolean startedHere;

    @BeforeAll
    static void deploy() throws Exception {
        startedHere = LibertyServer.ensureUp();
        config = LibertyServer.deploy(ShrinkWrap.create(WebArchive.class, "tx-crash.war")
                .addClasses(CrashServlet.class, CrashBean.class).addClasses(TxDeployments.ARCHIVE_SERVICE), "tx-crash");
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .until(() -> get("http://localhost:9080/tx-crash/crash").statusCode() == 405);
    }

    @AfterAll
    static void undeploy() throws Exception {
        Files.deleteIfExists(config);
        if (startedHere) {
            LibertyServer.command("stop");
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
        await().atMost(Duration.ofSeconds(60)).until(() -> !LibertyServer.up());

        LibertyServer.command("start");
        await().atMost(Duration.ofSeconds(120)).until(LibertyServer::up);

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

        assertThat((String[]) LibertyServer.attribute("org.openrsm:type=Transactions", "InDoubt")).isEmpty();
        List<String> recent = List.of((String[]) LibertyServer.attribute("org.openrsm:type=Transactions", "Recent"));
        assertThat(recent).anySatisfy(b -> assertThat(b).endsWith("in doubt after a restart, commit"));
        assertThat(get(SAMPLE + "drives").body()).doesNotContain("\"session\":\"OpenRSM\"");
    }
}
