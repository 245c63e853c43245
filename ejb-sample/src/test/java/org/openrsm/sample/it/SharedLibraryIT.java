package org.openrsm.sample.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.openrsm.sample.it.LibertyServer.HTTP;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two Liberty servers, one library (issue 14): {@code tools/shared-library} makes the servers openrsm-a and openrsm-b
 * from the built server, with the catalog in a PostgreSQL of their own and the simulated library's tapes in one
 * folder. One drives the library; clients archive through it; its JVM is killed with kill -9 in the middle of their
 * archives; the other takes over within the lease and an inventory. Then every archive the dead server acknowledged
 * reads back through the new owner (its tape is where the catalog says, with its data), no drive is held by a dead
 * session or holds a tape twice, new archives go on, and the round's archives are deleted through the new owner (their
 * tapes return to the free pool). The killed server comes back and stands by; the next round kills the new owner. Two
 * rounds in the build; {@code -Dopenrsm.shared.kills=20} for the closing figures. Then the owner is killed between
 * prepare and commit of an archive: the branch it prepared is finished by its own transaction manager once it is back
 * standing by, through the shared catalog. Then a session outside transactions on the server standing by mounts a tape
 * through the owner and writes it through the drive it was given, and the sample archives there in XA transactions.
 * Last, a clean stop of the owner wakes the server standing by at once.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SharedLibraryIT {
    /** the two servers' PostgreSQL and the library's tapes (tools/shared-library) */
    private static final Path SHARED = Path.of("target", "shared-library-it").toAbsolutePath();
    private static final int KILLS = Integer.getInteger("openrsm.shared.kills", 2);
    private static final int LEASE_SECONDS = 6;
    private static final Pattern MEDIUM = Pattern.compile("\"medium\":\"([^\"]+)\"");
    private static final Pattern DRIVE = Pattern.compile("\\{\"id\":\"[^\"]+\",\"name\":\"([^\"]+)\",\"state\":\"([A-Z]+)\""
            + "[^}]*?\"medium\":(null|\"[^\"]+\"),\"session\":(null|\"[^\"]+\")");
    private static int postgresPort;

    @BeforeAll
    static void start() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            postgresPort = s.getLocalPort();
        }
        script("start", String.valueOf(LEASE_SECONDS));
    }

    @AfterAll
    static void stop() throws Exception {
        script("stop");
    }

    private static String url(String server) {
        return "http://localhost:" + ("a".equals(server) ? 9181 : 9182) + "/sample/api/";
    }

    private static HttpResponse<String> get(String server, String path) throws Exception {
        return HTTP.send(LibertyServer.request(url(server) + path).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Whether {@code server} drives the library and serves: its engine runs (its MBean is registered), and its sample
     * lists the drives (a request in the moment of the takeover may still have gone to the former owner).
     */
    private static boolean drives(String server) {
        return engineRuns(server) && serves(server);
    }

    private static boolean engineRuns(String server) {
        try {
            return LibertyServer.attribute("openrsm-" + server, "org.openrsm:type=Engine", "Started") != null;
        } catch (Exception e) {
            return false;
        }
    }

    private static boolean serves(String server) {
        try {
            return get(server, "drives").statusCode() == 200;
        } catch (Exception e) {
            return false;
        }
    }

    /**
     * Whether {@code server} stands by: its engine does not run, and the sample on it lists the drives, through sessions
     * (in XA transactions) served by the owner.
     */
    private static boolean standsBy(String server) {
        return serves(server) && !engineRuns(server);
    }

    /** The server that drives the library ("a" or "b"), once the other stands by. */
    private static String ownerWithOtherStandingBy() {
        await().atMost(Duration.ofSeconds(180)).until(() -> drives("a") || drives("b"));
        String owner = drives("a") ? "a" : "b";
        await().atMost(Duration.ofSeconds(180)).until(() -> standsBy(owner.equals("a") ? "b" : "a"));
        return owner;
    }

    @Test
    @Order(1)
    void theOwnerKilledInTheMiddleOfArchivesIsTakenOverAndNothingIsLost() throws Exception {
        String owner = ownerWithOtherStandingBy();
        String other = owner.equals("a") ? "b" : "a";
        List<Double> failovers = new ArrayList<>();
        Map<String, String> acknowledged = Collections.synchronizedMap(new LinkedHashMap<>());
        int archivedInAll = 0;
        for (int kill = 1; kill <= KILLS; kill++) {
            String round = "round " + kill + " (" + owner + " killed, " + other + " takes over)";
            // clients archive through the owner until it dies
            AtomicBoolean alive = new AtomicBoolean(true);
            List<Thread> clients = new ArrayList<>();
            int before = acknowledged.size();
            for (int c = 0; c < 2; c++) {
                String prefix = "k" + kill + "c" + c + "-";
                String through = owner;
                Thread t = new Thread(() -> archiveUntilTheServerDies(through, prefix, acknowledged, alive));
                t.start();
                clients.add(t);
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= before + 4);
            script("kill", owner);
            long killed = System.nanoTime();
            alive.set(false);
            for (Thread t : clients) {
                t.join(60_000);
            }
            String next = other;
            await().atMost(Duration.ofSeconds(LEASE_SECONDS * 10L)).pollInterval(Duration.ofMillis(100))
                    .until(() -> drives(next));
            failovers.add((System.nanoTime() - killed) / 1e9);

            // nothing lost: every archive the dead server acknowledged reads back, its tape where the catalog says
            for (Map.Entry<String, String> a : List.copyOf(acknowledged.entrySet())) {
                HttpResponse<String> r = get(other, "archive/" + a.getKey());
                assertThat(r.statusCode()).as(round + ": reading " + a.getKey() + " through " + other + ": " + r.body())
                        .isEqualTo(200);
                assertThat(r.body()).as(round).isEqualTo(a.getValue());
            }
            // no drive is held by a dead session or holds a tape twice, and archives go on
            String drives = get(other, "drives").body();
            Set<String> inDrives = new HashSet<>();
            Matcher m = DRIVE.matcher(drives);
            int seen = 0;
            while (m.find()) {
                seen++;
                assertThat(m.group(4)).as(round + ": " + m.group(1) + " is held by nobody after the reads").isEqualTo("null");
                assertThat(m.group(2)).as(round + ": " + m.group(1)).isIn("DISMOUNTED", "DISMOUNTABLE");
                if (!m.group(3).equals("null")) {
                    assertThat(inDrives.add(m.group(3))).as(round + ": " + m.group(3) + " in one drive only").isTrue();
                }
            }
            assertThat(seen).as(round + ": the drives listed: " + drives).isEqualTo(4);
            archive(other, "after-" + kill, acknowledged);
            // the tapes go back to the free pool through the new owner: rounds do not run out of tapes
            for (String medium : List.copyOf(acknowledged.keySet())) {
                HttpResponse<String> r = HTTP.send(LibertyServer.request(url(other) + "archive/" + medium).DELETE()
                        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(round + ": deleting " + medium + ": " + r.body()).isIn(200, 204);
            }
            archivedInAll += acknowledged.size();
            acknowledged.clear();

            // the killed server comes back and stands by
            script("up", owner);
            String back = owner;
            await().atMost(Duration.ofSeconds(180)).until(() -> standsBy(back));
            owner = other;
            other = back;
        }
        System.out.printf("two Liberty servers, one library: %d kill -9 of the owner, %d archives acknowledged and read "
                + "back through the next owner; failover (kill to the next owner serving) %s s%n", KILLS,
                archivedInAll, failovers.stream().map(f -> String.format("%.1f", f)).toList());
        assertThat(failovers).allSatisfy(f -> assertThat(f).isLessThan(LEASE_SECONDS * 10.0));
        List<Double> sorted = failovers.stream().sorted().toList();
        java.util.Properties figures = new java.util.Properties();
        figures.setProperty("kills", String.valueOf(KILLS));
        figures.setProperty("lease.s", String.valueOf(LEASE_SECONDS));
        figures.setProperty("acknowledged", String.valueOf(archivedInAll));
        figures.setProperty("failover.p50.s", String.format("%.1f", sorted.get(sorted.size() / 2)));
        figures.setProperty("failover.max.s", String.format("%.1f", sorted.get(sorted.size() - 1)));
        figures.setProperty("failover.all.s", failovers.stream().map(f -> String.format("%.1f", f))
                .collect(java.util.stream.Collectors.joining(", ")));
        try (var out = java.nio.file.Files.newBufferedWriter(Path.of("target", "shared-library-figures.properties"))) {
            figures.store(out, "SharedLibraryIT: failover after kill -9 of the owner (src/docs/performance.md)");
        }
    }

    /**
     * The owner dies between prepare and commit of an archive (tape allocation and index row in one two-phase
     * transaction): the server taking over holds OpenRSM's branch in doubt; only the dead server's transaction manager
     * knows the outcome. When the dead server comes back it stands by, and its transaction manager still finishes the
     * branch: through the shared catalog, where the new owner carries the commit out. The document reads back.
     */
    @Test
    @Order(2)
    void aBranchTheKilledOwnerPreparedIsFinishedByItsTransactionManagerWhenItComesBackStandingBy() throws Exception {
        String owner = ownerWithOtherStandingBy();
        String other = owner.equals("a") ? "b" : "a";
        String crashUrl = "http://localhost:" + ("a".equals(owner) ? 9181 : 9182) + "/tx-crash/crash";
        LibertyServer.deploy(ShrinkWrap.create(WebArchive.class, "shared-tx-crash.war")
                .addClasses(CrashServlet.class, CrashBean.class).addClasses(TxDeployments.ARCHIVE_SERVICE), "tx-crash",
                "openrsm-" + owner);
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .until(() -> LibertyServer.get(crashUrl).statusCode() == 405);

        String document = "shared-crash-" + System.nanoTime();
        try {
            HttpResponse<String> r = HTTP.send(LibertyServer.request(crashUrl + "?document=" + document)
                    .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString());
            throw new AssertionError("the server answered instead of halting: " + r.statusCode() + " " + r.body());
        } catch (IOException expected) {
            // the connection died with the server
        }
        await().atMost(Duration.ofSeconds(LEASE_SECONDS * 10L)).pollInterval(Duration.ofMillis(200))
                .until(() -> drives(other));
        String[] inDoubt = (String[]) LibertyServer.attribute("openrsm-" + other, "org.openrsm:type=Transactions", "InDoubt");
        assertThat(inDoubt).as("the branch the dead owner prepared, in doubt on " + other).hasSize(1);

        script("up", owner);
        await().atMost(Duration.ofSeconds(180)).until(() -> standsBy(owner));
        await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofSeconds(1)).until(() -> ((String[]) LibertyServer
                .attribute("openrsm-" + other, "org.openrsm:type=Transactions", "InDoubt")).length == 0);
        List<String> recent = List.of((String[]) LibertyServer.attribute("openrsm-" + other, "org.openrsm:type=Transactions",
                "Recent"));
        assertThat(recent).anySatisfy(b -> assertThat(b).startsWith(inDoubt[0])
                .endsWith("in doubt after a restart, decided by the transaction manager of another server, commit"));

        // the index row (on the server that came back) names the tape; the tape reads back through the new owner
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                .until(() -> get(owner, "index/" + document).statusCode() == 200);
        Matcher medium = MEDIUM.matcher(get(owner, "index/" + document).body());
        assertThat(medium.find()).isTrue();
        HttpResponse<String> read = get(other, "archive/" + medium.group(1));
        assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
        assertThat(read.body()).isEqualTo("survives the crash: " + document);
    }

    /**
     * A session outside transactions on the server standing by: its calls are queued in the catalog and served by the
     * owner, so it allocates and mounts a tape in the owner's library, the owner's own sessions see the drive loaded
     * for it, and its dismount and deallocation leave the drive DISMOUNTABLE and the tape free. Then the sample's own
     * archive (XA transactions, the drive opened and written) runs on the server standing by.
     */
    @Test
    @Order(3)
    void aSessionOnTheServerStandingByIsServedByTheOwner() throws Exception {
        String owner = ownerWithOtherStandingBy();
        String other = owner.equals("a") ? "b" : "a";
        String sessionUrl = "http://localhost:" + ("a".equals(other) ? 9181 : 9182) + "/standby-session/session";
        LibertyServer.deploy(ShrinkWrap.create(WebArchive.class, "standby-session.war")
                .addClasses(StandBySessionServlet.class), "standby-session", "openrsm-" + other);
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .until(() -> LibertyServer.get(sessionUrl).statusCode() == 405);

        HttpResponse<java.util.stream.Stream<String>> holding = HTTP.send(LibertyServer.request(sessionUrl + "?step=mount")
                .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(90)).build(),
                HttpResponse.BodyHandlers.ofLines());
        assertThat(holding.statusCode()).isEqualTo(200);
        java.util.Iterator<String> lines = holding.body().iterator();
        String first = lines.next();
        assertThat(first).as("the mount through the owner").doesNotStartWith("failed");
        String[] seen = first.split(" ", 3);
        assertThat(seen[1]).as("the drive as the remote session sees it").isEqualTo("LOADED");
        assertThat(seen[2]).contains("OpenRSM no tx");
        Matcher drive = driveNamed(owner, seen[0]);
        assertThat(drive.group(2)).as("the drive in the owner's catalog").isEqualTo("LOADED");
        assertThat(drive.group(4)).contains("OpenRSM no tx");
        String[] written = lines.next().split(" ", 2);
        assertThat(written[1]).as("the servlet on " + other + " opened the drive and wrote").startsWith("written on");
        assertThat(Files.readString(SHARED.resolve("tapes").resolve(written[0] + ".data")))
                .as("on the tape, in the data folder both servers reach").isEqualTo(written[1]);

        assertThat(post(sessionUrl + "?step=release").statusCode()).isEqualTo(200);
        assertThat(lines.next()).isEqualTo("released");
        assertThat(driveNamed(owner, seen[0]).group(2)).isEqualTo("DISMOUNTABLE");

        // the sample's archive on the server standing by: a tape allocated and written, an index row, in one XA
        // transaction whose OpenRSM branch lives on the owner; it reads back through the owner
        Map<String, String> archived = new LinkedHashMap<>();
        archive(other, "archived through the server standing by", archived);
        assertThat(archived).as("archived through " + other).hasSize(1);
        String medium = archived.keySet().iterator().next();
        HttpResponse<String> read = get(owner, "archive/" + medium);
        assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
        assertThat(read.body()).isEqualTo("archived through the server standing by");
        assertThat(get(other, "archive/" + medium).body()).as("and through " + other).isEqualTo(read.body());
        assertThat(HTTP.send(LibertyServer.request(url(other) + "archive/" + medium).DELETE()
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isIn(200, 204);
        assertThat(get(owner, "archive/" + medium).statusCode()).as("deleted through " + other).isNotEqualTo(200);
    }

    private static HttpResponse<String> post(String url) throws Exception {
        return HTTP.send(LibertyServer.request(url).POST(HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The drive {@code name} in the catalog of {@code server} (GET drives): group 2 its state, 4 its session. */
    private static Matcher driveNamed(String server, String name) throws Exception {
        Matcher m = DRIVE.matcher(get(server, "drives").body());
        while (m.find()) {
            if (m.group(1).equals(name)) {
                return m;
            }
        }
        throw new AssertionError("no drive " + name + " on " + server);
    }

    /**
     * A clean stop of the owner: the server standing by LISTENs on the catalog's database (the adapter's classloader
     * sees the PostgreSQL driver), is woken by the owner's release and takes over without waiting for its next try.
     */
    @Test
    @Order(4)
    void aCleanStopOfTheOwnerWakesTheServerStandingBy() throws Exception {
        String owner = ownerWithOtherStandingBy();
        String other = owner.equals("a") ? "b" : "a";
        assertThat(script("listening").trim()).as("the server standing by listens for the release").isEqualTo("1");
        long stopping = System.nanoTime();
        var stop = java.util.concurrent.CompletableFuture.runAsync(() -> {
            try {
                script("stop", owner);
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
        await().atMost(Duration.ofSeconds(LEASE_SECONDS * 10L)).pollInterval(Duration.ofMillis(100)).until(() -> drives(other));
        double seconds = (System.nanoTime() - stopping) / 1e9;
        stop.get(5, TimeUnit.MINUTES);
        System.out.printf("SharedLibraryIT: a clean stop of %s, %s serving %.1f s after the stop command%n", owner, other,
                seconds);
        Path figures = Path.of("target", "shared-library-figures.properties");
        java.util.Properties p = new java.util.Properties();
        if (java.nio.file.Files.exists(figures)) {
            try (var in = java.nio.file.Files.newBufferedReader(figures)) {
                p.load(in);
            }
        }
        p.setProperty("cleanstop.s", String.format("%.1f", seconds));
        try (var out = java.nio.file.Files.newBufferedWriter(figures)) {
            p.store(out, "SharedLibraryIT: failover after kill -9 of the owner, and after a clean stop");
        }
    }

    /** One client: archives documents one after another through {@code server} until the server dies. */
    private static void archiveUntilTheServerDies(String server, String prefix, Map<String, String> acknowledged,
                                                  AtomicBoolean alive) {
        for (int i = 0; alive.get(); i++) {
            try {
                archive(server, prefix + i, acknowledged);
            } catch (IOException dead) {
                return;
            } catch (Exception e) {
                return;
            }
        }
    }

    private static void archive(String server, String content, Map<String, String> acknowledged) throws Exception {
        HttpResponse<String> r = HTTP.send(LibertyServer.request(url(server) + "archive")
                .header("Content-Type", "application/octet-stream").timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(content)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 == 2) {
            Matcher m = MEDIUM.matcher(r.body());
            assertThat(m.find()).as("the receipt names the medium: " + r.body()).isTrue();
            acknowledged.put(m.group(1), content);
        }
    }

    private static String script(String... arguments) throws Exception {
        Path tool = Path.of(System.getProperty("user.dir")).resolve("../tools/shared-library").normalize();
        List<String> line = new ArrayList<>(List.of(tool.toString()));
        line.addAll(List.of(arguments));
        ProcessBuilder pb = new ProcessBuilder(line).redirectErrorStream(true);
        pb.environment().put("OPENRSM_WLP", System.getProperty("wlp.home"));
        pb.environment().put("OPENRSM_SHARED_DIR", SHARED.toString());
        pb.environment().put("OPENRSM_PG_PORT", String.valueOf(postgresPort));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        System.out.print(out);
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).as("shared-library " + String.join(" ", arguments) + " returns").isTrue();
        assertThat(p.exitValue()).as("shared-library " + String.join(" ", arguments) + ": " + out).isZero();
        return out;
    }
}
