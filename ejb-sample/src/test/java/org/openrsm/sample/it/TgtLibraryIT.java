package org.openrsm.sample.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.openrsm.sample.it.LibertyServer.HTTP;
import static org.openrsm.sample.it.LibertyServer.SAMPLE;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sample on a real SCSI library: Liberty is configured in server.xml (a configuration drop-in setting the
 * {@code openrsm.libraries} variable) with one library, tgt's emulated changer and LTO drives on a loopback iSCSI
 * port, driven by the native smc driver; the sample archives a document onto an emulated tape and reads it back,
 * and the library itself ({@code mtx status}) shows the cartridge where the catalog has it.
 */
class TgtLibraryIT {
    private static final String TARGET = "iqn.2026-12.org.openrsm:lab";
    private static Path lab;
    private static Path config;
    private static String shim;
    private static int port;
    private static boolean wasUp;

    @BeforeAll
    static void startOnTgt() throws Exception {
        lab = Files.createTempDirectory("openrsm-it-tgt-");
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        tgtLab("start", port);
        shim = tgtLab("shim", -1).strip();
        wasUp = LibertyServer.up();
        if (wasUp) {
            LibertyServer.command("stop");
        }
        config = LibertyServer.server("configDropins", "overrides", "tgt-library.xml");
        Files.createDirectories(config.getParent());
        Files.writeString(config, "<server>\n  <variable name=\"openrsm.libraries\" value=\"tgt: smc device=" + url(3)
                + " drives=auto\"/>\n  <variable name=\"openrsm.store\" value=\"${server.output.dir}/openrsm/db-tgt-it\"/>\n"
                + "</server>\n");
        LibertyServer.command("start");
        await().atMost(Duration.ofSeconds(180)).until(LibertyServer::up);
    }

    @AfterAll
    static void backToTheSimulator() throws Exception {
        try {
            LibertyServer.command("stop");
        } finally {
            Files.deleteIfExists(config);
            tgtLab("stop", -1);
            if (wasUp) {
                LibertyServer.ensureUp();
            }
        }
    }

    private static String url(int lun) {
        return "iscsi://127.0.0.1:" + port + "/" + TARGET + "/" + lun;
    }

    private static String tgtLab(String command, int port) throws Exception {
        Path tool = Path.of(System.getProperty("user.dir")).resolve("../tools/tgt-lab/tgt-lab").normalize();
        List<String> line = new ArrayList<>(List.of(tool.toString(), command, lab.toString()));
        if (port > 0) {
            line.add(String.valueOf(port));
        }
        return run(new ProcessBuilder(line), "tgt-lab " + command);
    }

    private static String run(ProcessBuilder b, String what) throws Exception {
        Process p = b.redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(what + " finishes").isTrue();
        assertThat(p.exitValue()).as(what + ": " + out + " (needs tgt, mtx, libiscsi-dev, gcc: .ci/run installs them)")
                .isZero();
        return out;
    }

    /** Where tgt's changer has the cartridge, as mtx prints it ("Data Transfer Element 0", "Storage Element 3"). */
    private static String whereTheLibraryHas(String barCode) throws Exception {
        ProcessBuilder b = new ProcessBuilder("mtx", "-f", "/dev/sg-openrsm-it", "status");
        b.environment().put("LD_PRELOAD", shim);
        b.environment().put("SGSHIM_PATH", "/dev/sg-openrsm-it");
        b.environment().put("SGSHIM_URL", url(3));
        for (String line : run(b, "mtx status").split("\n")) {
            Matcher m = Pattern.compile("^\\s*(Data Transfer Element \\d+|Storage Element \\d+(?: IMPORT/EXPORT)?):Full.*"
                    + "VolumeTag ?= ?" + barCode + "\\s*$").matcher(line);
            if (m.matches()) {
                return m.group(1);
            }
        }
        return null;
    }

    @Test
    void theSampleArchivesADocumentOnAnEmulatedTapeAndReadsItBack() throws Exception {
        HttpResponse<String> drives = LibertyServer.get(SAMPLE + "drives");
        assertThat(drives.statusCode()).isEqualTo(200);
        assertThat(drives.body()).contains(url(1)).contains(url(2));

        String document = "Kept on a real SCSI library: " + "0123456789".repeat(30_000);
        HttpResponse<String> archived = HTTP.send(LibertyServer.request(SAMPLE + "archive")
                .header("Content-Type", "application/octet-stream").timeout(Duration.ofSeconds(120))
                .POST(HttpRequest.BodyPublishers.ofString(document)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(archived.statusCode()).as(archived.body()).isEqualTo(201);
        String medium = field(archived.body(), "medium");
        String barCode = field(archived.body(), "barCode");
        assertThat(barCode).matches("A0000[1-6]L4");
        // the deferred dismount leaves the tape in its drive: the library says so itself
        assertThat(whereTheLibraryHas(barCode)).startsWith("Data Transfer Element");

        HttpResponse<String> read = HTTP.send(LibertyServer.request(SAMPLE + "archive/" + medium)
                .timeout(Duration.ofSeconds(120)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.body()).isEqualTo(document);
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        assertThat(m.find()).as(name + " in " + json).isTrue();
        return m.group(1);
    }
}
