package org.openrsm.changer.mtx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openrsm.changer.ChangerException;
import org.openrsm.changer.ChangerFault;
import org.openrsm.changer.Fixtures;

/**
 * What tgt cannot be made to do: a library that is NOT READY for a while, a UNIT ATTENTION after its door was
 * opened, an mtx that hangs. A stand-in mtx (a shell script) replays real outputs of real libraries for these.
 */
class MtxRunnerTest {
    @TempDir
    Path dir;

    /** An mtx that logs its arguments and answers the n-th call with {@code answers[n]} (the last one repeats). */
    private MtxLibrary library(String... answers) throws Exception {
        Path inquiry = dir.resolve("inquiry");
        Files.writeString(inquiry, Fixtures.mtx("tgt-l700-inquiry.txt"));
        StringBuilder script = new StringBuilder("#!/bin/sh\nshift 2\n"
                + "if [ \"$1\" = inquiry ]; then cat '" + inquiry + "'; exit 0; fi\n"
                + "echo \"$*\" >> '" + dir.resolve("calls") + "'\n"
                + "n=$(wc -l < '" + dir.resolve("calls") + "')\n");
        for (int i = 0; i < answers.length; i++) {
            Path out = dir.resolve("answer" + i);
            String[] parts = answers[i].split("\\|", 2);
            Files.writeString(out, parts[1]);
            script.append(i == answers.length - 1 ? "" : "if [ \"$n\" -le " + (i + 1) + " ]; then ")
                    .append(parts[0].equals("sleep") ? "sleep 10; exit 0" : "cat '" + out + "'; exit " + parts[0])
                    .append(i == answers.length - 1 ? "\n" : "; fi\n");
        }
        Path mtx = dir.resolve("mtx");
        Files.writeString(mtx, script);
        Files.setPosixFilePermissions(mtx, PosixFilePermissions.fromString("rwxr-xr-x"));
        return MtxLibrary.named("fake").changerDevice("/dev/sg-fake").command(mtx.toString())
                .firstRetry(Duration.ofMillis(10)).notReadyWait(Duration.ofSeconds(5));
    }

    private List<String> calls() throws Exception {
        return Files.readAllLines(dir.resolve("calls")).stream().map(String::strip).toList();
    }

    private static final String STATUS = "0|" + Fixtures.mtx("tgt-l700-status-initial.txt");
    private static final String NOT_READY = "1|" + Fixtures.mtx("ext-dpk-ibm-ts3200-unload-not-ready.txt");
    private static final String UNIT_ATTENTION = "1|mtx: Request Sense: Long Report=yes\n"
            + "mtx: Request Sense: Sense Key=Unit Attention\nmtx: Request Sense: Additional Sense Code = 28\n"
            + "mtx: Request Sense: Additional Sense Qualifier = 00\nMode sense (0x1A) for Page 0x1D failed\n";

    @Test
    void aLibraryThatIsNotReadyIsAskedAgainWithBackOff() throws Exception {
        try (var changer = library(NOT_READY, NOT_READY, STATUS).open()) {
            assertThat(changer.slotCount()).isEqualTo(8);
        }
        assertThat(calls()).containsExactly("status", "status", "status");
    }

    @Test
    void aLibraryThatStaysNotReadyFailsAsTransientWithItsSense() throws Exception {
        MtxLibrary library = library(NOT_READY).notReadyWait(Duration.ofMillis(100));
        assertThatThrownBy(library::open).isInstanceOf(ChangerException.class)
                .hasMessageContaining("NOT READY 04/8E (library not in random mode)")
                .satisfies(e -> assertThat(((ChangerException) e).fault()).isEqualTo(ChangerFault.TRANSIENT));
        assertThat(calls().size()).isBetween(2, 5);
    }

    @Test
    void aUnitAttentionIsAnsweredByAnInventoryAndTheCommandAgain() throws Exception {
        try (var changer = library(UNIT_ATTENTION, "0|", STATUS).open()) {
            assertThat(changer.elementStatus()).hasSize(12);
        }
        assertThat(calls()).startsWith("status", "inventory", "status");
    }

    @Test
    void aMoveAnsweredByAUnitAttentionIsNotMadeTheLibraryTakesStockAndTheEngineIsTold() throws Exception {
        try (var changer = library(STATUS, UNIT_ATTENTION, "0|").open()) {
            assertThatThrownBy(() -> changer.move(org.openrsm.changer.Element.slot(1), org.openrsm.changer.Element.drive(2)))
                    .hasMessageContaining("contents may have changed").hasMessageContaining("mtx load 1 1 was not run")
                    .satisfies(e -> assertThat(((ChangerException) e).fault()).isEqualTo(ChangerFault.NEEDS_INVENTORY));
        }
        assertThat(calls()).as("the load is not sent again after the inventory")
                .containsExactly("status", "load 1 1", "inventory");
    }

    @Test
    void theFirstMoveAfterAUnitAttentionToAReadIsNotMadeTheNextIs() throws Exception {
        try (var changer = library(STATUS, UNIT_ATTENTION, "0|", STATUS, "0|").open()) {
            assertThat(changer.elementStatus()).hasSize(12);   // the door was closed: status, inventory, status
            assertThatThrownBy(() -> changer.move(org.openrsm.changer.Element.slot(1), org.openrsm.changer.Element.drive(2)))
                    .hasMessageContaining("UNIT ATTENTION 28/00").hasMessageContaining("to an earlier command")
                    .hasMessageContaining("mtx load 1 1 was not run")
                    .satisfies(e -> assertThat(((ChangerException) e).fault()).isEqualTo(ChangerFault.NEEDS_INVENTORY));
            changer.move(org.openrsm.changer.Element.slot(1), org.openrsm.changer.Element.drive(2));   // planned again
        }
        assertThat(calls()).containsExactly("status", "status", "inventory", "status", "load 1 1");
    }

    @Test
    void anMtxThatHangsIsKilledAtItsTimeout() throws Exception {
        MtxLibrary library = library("sleep|").commandTimeout(Duration.ofMillis(300));
        long t = System.nanoTime();
        assertThatThrownBy(library::open).isInstanceOf(ChangerException.class).hasMessageContaining("did not finish within")
                .satisfies(e -> assertThat(((ChangerException) e).fault()).isEqualTo(ChangerFault.TRANSIENT));
        assertThat(Duration.ofNanos(System.nanoTime() - t)).isLessThan(Duration.ofSeconds(8));
    }

    @Test
    void movesIntoAndOutOfAMailSlotCarryTheConfiguredEepos() throws Exception {
        try (var changer = library(STATUS, "0|").eepos(1).open()) {
            changer.move(org.openrsm.changer.Element.slot(2), org.openrsm.changer.Element.port(1));
            changer.move(org.openrsm.changer.Element.slot(2), org.openrsm.changer.Element.slot(7));
        }
        assertThat(calls()).containsExactly("status", "eepos 1 transfer 2 9", "transfer 2 7");
    }

    @Test
    void aDeviceThatIsATapeDriveIsNotTakenForALibrary() throws Exception {
        Path mtx = dir.resolve("tape-mtx");
        Files.writeString(mtx, "#!/bin/sh\nprintf \"Product Type: Tape Drive\\nVendor ID: 'HP      '\\n"
                + "Product ID: 'Ultrium 4-SCSI  '\\nRevision: 'A1B2'\\n\"\n");
        Files.setPosixFilePermissions(mtx, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThatThrownBy(() -> MtxLibrary.named("tape").changerDevice("/dev/sg9").command(mtx.toString()).open())
                .isInstanceOf(ChangerException.class)
                .hasMessageContaining("/dev/sg9 is HP Ultrium 4-SCSI, a Tape Drive, not a medium changer")
                .satisfies(e -> assertThat(((ChangerException) e).fault()).isEqualTo(ChangerFault.NOT_PRESENT));
    }

    @Test
    void aLibraryThatCannotBeOpenedFailsAtOnceAsNotAnswering() throws Exception {
        String gone = "1|sgshim: connect failed: iscsi_service: socket error\n"
                + "cannot open SCSI device '/dev/sg-fake' - No such device or address\n";
        try (var changer = library(STATUS, gone).open()) {
            assertThatThrownBy(changer::elementStatus).hasMessageContaining("cannot open SCSI device")
                    .satisfies(e -> assertThat(((ChangerException) e).fault()).isEqualTo(ChangerFault.TRANSIENT));
        }
        assertThat(calls()).containsExactly("status", "status");
    }

    @Test
    void aHardwareErrorIsNotRetriedAndNamesTheSense() throws Exception {
        String hardware = "1|" + Fixtures.mtx("tgt-l700-error-load-media-file-missing.txt");
        try (var changer = library(STATUS, hardware).open()) {
            assertThatThrownBy(() -> changer.move(org.openrsm.changer.Element.slot(1), org.openrsm.changer.Element.drive(2)))
                    .hasMessageContaining("mtx load 1 1 failed").hasMessageContaining("HARDWARE ERROR 15/01")
                    .satisfies(e -> assertThat(((ChangerException) e).fault()).isEqualTo(ChangerFault.HARDWARE))
                    .satisfies(e -> assertThat(((ChangerException) e).element())
                            .isEqualTo(org.openrsm.changer.Element.drive(2)));
        }
        assertThat(calls()).containsExactly("status", "load 1 1");
    }
}
