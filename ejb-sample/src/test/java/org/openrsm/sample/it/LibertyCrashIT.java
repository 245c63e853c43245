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
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The crash campaign, Liberty: clients archive documents through the sample, each in a two-phase transaction (the
 * tape's allocation in OpenRSM, the row in the sample's archive index), while the server's JVM is killed with
 * SIGKILL at a random moment. After every restart, once the transaction manager has recovered: every document whose
 * archive was acknowledged is indexed and readable from its tape, no tape was allocated for a document the index
 * does not know, nothing is in doubt and no drive is held. Short run in the build (3 kills); the long one is
 * {@code -Dopenrsm.liberty.kills=50} (src/docs/reliability.md).
 */
class LibertyCrashIT {
    private static final int KILLS = Integer.getInteger("openrsm.liberty.kills", 3);
    private static final int CLIENTS = 3;
    private static Path config;
    private static boolean startedHere;

    @BeforeAll
    static void deploy() throws Exception {
        startedHere = LibertyServer.ensureUp();
        config = LibertyServer.deploy(ShrinkWrap.create(WebArchive.class, "crash-audit.war").addClass(AuditServlet.class),
                "crash-audit");
        await().atMost(Duration.ofSeconds(180)).ignoreExceptions()
                .until(() -> get("http://localhost:9080/crash-audit/audit").statusCode() == 200);
    }

    @AfterAll
    static void undeploy() throws Exception {
        Files.deleteIfExists(config);
        if (startedHere) {
            LibertyServer.command("stop");
        }
    }

    /** What the audit servlet reports. */
    record Audit(Map<String, String> index, Set<String> tapes, List<String> drives) {
        static Audit read() throws Exception {
            HttpResponse<String> r = get("http://localhost:9080/crash-audit/audit");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            Map<String, String> index = new HashMap<>();
            Set<String> tapes = new HashSet<>();
            List<String> drives = new ArrayList<>();
            for (String line : r.body().split("\n")) {
                String[] f = line.split(" ", 3);
                switch (f[0]) {
                    case "index" -> index.put(f[1], f[2]);
                    case "tape" -> tapes.add(f[1]);
                    case "drive" -> drives.add(f[1] + " " + f[2]);
                    default -> { }
                }
            }
            return new Audit(index, tapes, drives);
        }
    }

    @Test
    void killedWhileArchivingTheIndexAndTheTapesAgreeAfterRecovery() throws Exception {
        Random random = new Random(Long.getLong("openrsm.liberty.seed", 20261202L));
        Set<String> before = Audit.read().tapes();
        Set<String> retired = new HashSet<>();
        int acknowledged = 0;
        int inFlight = 0;
        for (int kill = 1; kill <= KILLS; kill++) {
            List<String> done = Collections.synchronizedList(new ArrayList<>());
            List<String> cut = Collections.synchronizedList(new ArrayList<>());
            AtomicBoolean alive = new AtomicBoolean(true);
            List<Thread> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                String prefix = "lc-" + System.nanoTime() + "-" + kill + "-" + c + "-";
                Thread t = new Thread(() -> archiveUntilTheServerDies(prefix, done, cut, alive, new Random(random.nextLong())));
                t.start();
                clients.add(t);
            }
            Thread.sleep(300 + random.nextInt(2_000));
            LibertyServer.kill();
            for (Thread t : clients) {
                t.join(60_000);
            }
            alive.set(false);
            LibertyServer.command("start");
            await().atMost(Duration.ofSeconds(120)).until(LibertyServer::up);
            // the transaction manager recovers the in-doubt branches of both resources; until then index rows are locked
            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().until(() ->
                    ((String[]) LibertyServer.attribute("org.openrsm:type=Transactions", "InDoubt")).length == 0
                            && get("http://localhost:9080/crash-audit/audit").statusCode() == 200);
            Audit audit = Audit.read();
            String context = "after kill " + kill + " (" + done.size() + " archives acknowledged, " + cut.size() + " cut)";
            for (String document : done) {
                assertThat(audit.index()).as(context + ": acknowledged %s is indexed", document).containsKey(document);
                HttpResponse<String> read = get(SAMPLE + "archive/" + audit.index().get(document));
                assertThat(read.statusCode()).as(context + ": " + read.body()).isEqualTo(200);
                assertThat(read.body()).as(context).isEqualTo(content(document));
            }
            Set<String> indexed = new HashSet<>(audit.index().values());
            for (String tape : audit.tapes()) {
                if (!before.contains(tape) && !retired.contains(tape)) {
                    assertThat(indexed).as(context + ": tape %s was allocated for a document the index knows", tape).contains(tape);
                }
            }
            for (String document : cut) {
                // cut by the kill: committed on both sides or on neither
                if (audit.index().containsKey(document)) {
                    assertThat(get(SAMPLE + "archive/" + audit.index().get(document)).body()).as(context).isEqualTo(content(document));
                }
            }
            assertThat(audit.drives()).as(context + ": no drive held").noneMatch(d -> d.endsWith(" LOADED"));
            acknowledged += done.size();
            inFlight += cut.size();
            // the campaign's tapes go back, so that a long run does not fill the library
            for (Map.Entry<String, String> e : audit.index().entrySet()) {
                if (e.getKey().startsWith("lc-") && retired.add(e.getValue())) {
                    HTTP.send(LibertyServer.request(SAMPLE + "archive/" + e.getValue()).DELETE().build(),
                            HttpResponse.BodyHandlers.discarding());
                }
            }
        }
        System.out.println("Liberty crash campaign: " + KILLS + " kill -9 of the server, " + acknowledged
                + " acknowledged two-phase archives, " + inFlight + " cut by a kill: index and tapes agree");
        assertThat(acknowledged).as("the clients really archived between kills").isPositive();
    }

    private static String content(String document) {
        return "content of " + document;
    }

    /** One client: archives documents one after another until the connection dies with the server. */
    private static void archiveUntilTheServerDies(String prefix, List<String> done, List<String> cut, AtomicBoolean alive,
                                                  Random random) {
        for (int i = 0; alive.get(); i++) {
            String document = prefix + i;
            try {
                HttpResponse<String> r = HTTP.send(LibertyServer.request(SAMPLE + "archive?document=" + document)
                        .header("Content-Type", "application/octet-stream").timeout(Duration.ofSeconds(30))
                        .POST(HttpRequest.BodyPublishers.ofString(content(document))).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() / 100 == 2) {
                    done.add(document);
                } else {
                    cut.add(document);
                }
                Thread.sleep(random.nextInt(150));
            } catch (IOException dead) {
                cut.add(document);
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
