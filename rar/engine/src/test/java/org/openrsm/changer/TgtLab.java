package org.openrsm.changer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openrsm.changer.mtx.MtxLibrary;
import org.openrsm.changer.mtx.MtxStatus;

/**
 * A real SCSI tape library for the tests: tgtd (Debian package tgt) emulating an STK L700 changer with two tape
 * drives, on a free loopback port, through the project's {@code tools/tgt-lab/tgt-lab}. Started before the test
 * class, stopped after it. A machine without tgt, mtx, libiscsi-dev or gcc fails the test with what is missing;
 * nothing is skipped.
 *
 * <p>Layout: drives 1-2 (element 500-501, LUN 1-2), slots 1-8 (1000-1007), ports 1-2 (10-11); {@link #reset()}
 * puts {@code A00001L4} … {@code A00006L4} into slots 1-6 and empties the rest.
 */
public final class TgtLab implements BeforeAllCallback, AfterAllCallback {
    public static final String TARGET = "iqn.2026-12.org.openrsm:lab";
    public static final List<String> CARTRIDGES = List.of("A00001L4", "A00002L4", "A00003L4", "A00004L4", "A00005L4",
            "A00006L4");
    private static final int SLOTS = 8;
    private static final int PORTS = 2;

    private Path folder;
    private int port;
    private String shim;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
    }

    public void start() throws IOException {
        folder = Files.createTempDirectory("openrsm-tgt-");
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        script("start", String.valueOf(port));
        shim = script("shim").strip();
    }

    public void stop() {
        if (folder != null) {
            script("stop");
            folder = null;
        }
    }

    /** The library goes away (tgtd stops: a power cut, a pulled cable) until {@link #powerOn()}. */
    public void powerOff() {
        script("stop");
    }

    /** The library is back, on the same port, as it starts: {@link #reset()} layout, drives empty. */
    public void powerOn() {
        script("start", String.valueOf(port));
        reset();
    }

    /** The LD_PRELOAD shim that turns SG_IO on {@code SGSHIM_PATH} into iSCSI commands to {@code SGSHIM_URL}. */
    public String shim() {
        return shim;
    }

    /** {@code iscsi://127.0.0.1:PORT/iqn…/lun}: LUN 3 is the changer, 1 and 2 the drives. */
    public String url(int lun) {
        return "iscsi://127.0.0.1:" + port + "/" + TARGET + "/" + lun;
    }

    public List<String> driveUrls() {
        return List.of(url(1), url(2));
    }

    /** The mtx driver on this library: Debian's mtx through the project's SG_IO shim. */
    public MtxLibrary mtxLibrary(String name) {
        return MtxLibrary.named(name).changerDevice("/dev/sg-openrsm-tgt").environment("LD_PRELOAD", shim)
                .environment("SGSHIM_PATH", "/dev/sg-openrsm-tgt").environment("SGSHIM_URL", url(3))
                .driveDevices(driveUrls());
    }

    /** The smc driver on this library over the pure-Java iSCSI initiator, its drives found by serial number. */
    public org.openrsm.changer.smc.SmcLibrary smcLibrary(String name) {
        return org.openrsm.changer.smc.SmcLibrary.named(name).device(url(3)).autoDrives();
    }

    /** Runs mtx on the changer (as an operator would at the console), e.g. {@code status}; returns its output. */
    public String mtx(String... arguments) {
        List<String> line = new ArrayList<>(List.of("mtx", "-f", "/dev/sg-openrsm-tgt"));
        line.addAll(List.of(arguments));
        ProcessBuilder b = new ProcessBuilder(line).redirectErrorStream(true);
        b.environment().put("LD_PRELOAD", shim);
        b.environment().put("SGSHIM_PATH", "/dev/sg-openrsm-tgt");
        b.environment().put("SGSHIM_URL", url(3));
        return run(b, "mtx " + String.join(" ", arguments), false);
    }

    /** Empties the drives and puts the six cartridges back into slots 1-6; the ports are emptied. */
    public void reset() {
        MtxStatus status = MtxStatus.parse(mtx("status"));
        for (MtxStatus.Drive d : status.drives()) {
            if (d.full()) {
                int empty = MtxStatus.parse(mtx("status")).slots().stream().filter(s -> !s.full()).findFirst()
                        .orElseThrow().number();
                mtx("unload", String.valueOf(empty), String.valueOf(d.number()));
            }
        }
        for (int slot = 1; slot <= SLOTS; slot++) {
            if (slot <= CARTRIDGES.size()) {
                setSlot(2, 999 + slot, CARTRIDGES.get(slot - 1));
            } else {
                setSlot(2, 999 + slot, null);
            }
        }
        for (int p = 1; p <= PORTS; p++) {
            setSlot(3, 9 + p, null);
        }
    }

    /** An operator puts a cartridge into mail slot {@code port} (1 or 2). */
    public void putInPort(int port, String barCode) {
        setSlot(3, 9 + port, barCode);
    }

    /** An operator takes the cartridge out of mail slot {@code port}. */
    public void takeFromPort(int port) {
        setSlot(3, 9 + port, null);
    }

    /** An operator with the door open puts a cartridge (or, with null, none) into slot {@code slot}. */
    public void putInSlot(int slot, String barCode) {
        setSlot(2, 999 + slot, barCode);
    }

    private void setSlot(int elementType, int address, String barCode) {
        String params = "element_type=" + elementType + ",address=" + address
                + (barCode == null ? ",clear_slot=1" : ",barcode=" + barCode + ",sides=1");
        script("adm", "--lld", "iscsi", "--mode", "logicalunit", "--op", "update", "--tid", "1", "--lun", "3",
                "--params", params);
    }

    private String script(String... arguments) {
        List<String> line = new ArrayList<>(List.of(tool().toString(), arguments[0], folder.toString()));
        line.addAll(List.of(arguments).subList(1, arguments.length));
        return run(new ProcessBuilder(line).redirectErrorStream(true), "tgt-lab " + String.join(" ", arguments), true);
    }

    private static String run(ProcessBuilder b, String what, boolean mustSucceed) {
        try {
            Process p = b.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(what + " did not finish within 60 s");
            }
            if (mustSucceed && p.exitValue() != 0) {
                throw new IllegalStateException(what + " failed (exit " + p.exitValue() + "): " + out.strip()
                        + (p.exitValue() == 2 ? "\nThe tests of the real SCSI drivers need tgt, mtx, libiscsi-dev and gcc:"
                        + " apt-get install tgt mtx libiscsi-dev gcc (.ci/run does)" : ""));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + " interrupted", e);
        }
    }

    /** tools/tgt-lab/tgt-lab of this project, found from the module's folder upwards. */
    private static Path tool() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("tools/tgt-lab/tgt-lab");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("tools/tgt-lab/tgt-lab not found above " + Path.of("").toAbsolutePath());
    }
}
