package org.openrsm.sample.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openrsm.cli.OpenRsm;

/**
 * The {@code openrsm} command line against the running server (issue "Operating a library", 2): tables, JSON, the exit
 * codes scripts rely on.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class OperatorCliIT {
    @Deployment(testable = false)
    static WebArchive deployment() {
        return ShrinkWrap.create(WebArchive.class, "operator-cli-it.war").addClass(OperatorCliIT.class)
                .addAsWebResource(new StringAsset("operator CLI IT"), "index.txt");
    }

    private record Result(int code, String out, String err) {
    }

    private static Result openrsm(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 2];
        all[0] = "--user-dir";
        all[1] = Path.of(System.getProperty("wlp.home"), "usr").toString();
        System.arraycopy(args, 0, all, 2, args.length);
        int code = OpenRsm.run(new PrintWriter(out), new PrintWriter(err), all);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void anOperatorViewsEjectsInjectsMountsAndAllocatesFromTheCommandLine() throws Exception {
        Result libraries = openrsm("view", "libraries");
        assertThat(libraries.code()).as(libraries.err()).isZero();
        assertThat(libraries.out()).startsWith("library").contains("lib1").contains("READY");

        Result drives = openrsm("--json", "view", "drives");
        assertThat(drives.code()).isZero();
        assertThat(drives.out().trim()).startsWith("[{\"drive\":\"drive1\"").contains("\"drive\":\"drive4\"").endsWith("}]");

        Result slots = openrsm("--json", "view", "slots");
        String barCode = slots.out().replaceAll("(?s).*\"cartridge\":\"(A\\d+L8)\"}]\\s*$", "$1");
        assertThat(barCode).matches("A\\d+L8");

        Result eject = openrsm("eject", barCode);
        assertThat(eject.code()).as(eject.err()).isZero();
        assertThat(eject.out()).contains("PASSED");
        assertThat(openrsm("view", "ports").out()).contains("(full)");
        Result inject = openrsm("inject");
        assertThat(inject.code()).as(inject.err()).isZero();
        assertThat(openrsm("--json", "view", "media").out()).contains("{\"barCode\":\"" + barCode + "\",\"library\":\"lib1\","
                + "\"location\":\"slot ");

        Result mount = openrsm("mount", barCode);
        assertThat(mount.code()).as(mount.err()).isZero();
        assertThat(mount.out()).containsPattern(barCode + "\\s+drive\\d");
        assertThat(openrsm("watch", "--count", "1").out()).contains("queued 0").contains(barCode).contains("JMX operator");
        assertThat(openrsm("dismount", barCode).code()).isZero();

        // the sample's pool \Archive exists once it archived something
        assertThat(LibertyServer.HTTP.send(LibertyServer.request(LibertyServer.SAMPLE + "archive").header("Content-Type",
                "application/octet-stream").POST(java.net.http.HttpRequest.BodyPublishers.ofString("x")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(201);
        Result allocated = openrsm("--json", "allocate", "\\Archive");
        assertThat(allocated.code()).as(allocated.err()).isZero();
        String medium = allocated.out().replaceAll("(?s).*\"medium\":\"([^\"]+)\".*", "$1");
        assertThat(openrsm("deallocate", medium).code()).isZero();
        assertThat(openrsm("oprequest", "list").code()).isZero();
        assertThat(openrsm("refresh").code()).isZero();
    }

    @Test
    void exitCodesTellScriptsWhatHappened() {
        Result refused = openrsm("eject", "NO-SUCH-TAPE");
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err()).contains("refused: INVALID_MEDIA").contains("NO-SUCH-TAPE");
        assertThat(openrsm("deallocate", "not-an-id").code()).isEqualTo(1);
        assertThat(openrsm("view", "nonsense").code()).isEqualTo(2);
        assertThat(openrsm("oprequest", "satisfy").code()).isEqualTo(2);
        Result unreachable = openrsm("--server", "no-such-server", "view", "drives");
        assertThat(unreachable.code()).isEqualTo(3);
        assertThat(unreachable.err()).contains("no running Liberty server 'no-such-server'");
    }

    /** The server's own key store as the client's trust store: it holds the self-signed certificate HTTPS shows. */
    private static String[] rest(String user, String password, String... args) throws java.io.IOException {
        Path server = Path.of(System.getProperty("wlp.home"), "usr", "servers", System.getProperty("liberty.server"));
        String storePassword = java.nio.file.Files.readAllLines(server.resolve("server.env")).stream()
                .filter(l -> l.startsWith("keystore_password=")).map(l -> l.substring("keystore_password=".length()))
                .findFirst().orElseThrow();
        List<String> all = new ArrayList<>(List.of("--url", "https://localhost:9443", "--user", user, "--password", password,
                "--trust-store", server.resolve("resources/security/key.p12").toString(), "--trust-store-password",
                storePassword));
        all.addAll(List.of(args));
        return all.toArray(String[]::new);
    }

    @Test
    void anOperatorElsewhereGoesThroughLibertysRestConnectorWithCredentials() throws Exception {
        Result libraries = openrsm(rest("operator", "operator-password", "view", "libraries"));
        assertThat(libraries.code()).as(libraries.err()).isZero();
        assertThat(libraries.out()).contains("lib1").contains("READY");
        Result refresh = openrsm(rest("operator", "operator-password", "refresh"));
        assertThat(refresh.code()).as(refresh.err()).isZero();
        assertThat(refresh.out()).contains("PASSED");

        Result looks = openrsm(rest("monitor", "monitor-password", "--json", "view", "drives"));
        assertThat(looks.code()).as(looks.err()).isZero();
        assertThat(looks.out()).contains("\"drive\":\"drive1\"");
        Result acts = openrsm(rest("monitor", "monitor-password", "refresh"));
        assertThat(acts.code()).as("a monitor may only look").isEqualTo(4);
        assertThat(acts.err()).contains("may not do this").contains("reader-role");

        Result wrong = openrsm(rest("operator", "not-the-password", "view", "libraries"));
        assertThat(wrong.code()).isEqualTo(4);
        assertThat(wrong.err()).contains("did not accept the credentials");
        Result untrusted = openrsm("--url", "https://localhost:9443", "--user", "operator", "--password",
                "operator-password", "view", "libraries");
        assertThat(untrusted.code()).as("a self-signed certificate that nobody trusts").isEqualTo(3);
        assertThat(untrusted.err()).contains("localhost:9443");
        Result noUser = openrsm("--url", "https://localhost:9443", "view", "libraries");
        assertThat(noUser.code()).isEqualTo(3);
        assertThat(noUser.err()).contains("needs a user");
    }
}
