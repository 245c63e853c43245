package org.openrsm.changer.mtx;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openrsm.changer.ChangerFault;
import org.openrsm.changer.Fixtures;
import org.openrsm.changer.scsi.Sense;

/** What went wrong, read from real mtx error outputs: the sense when there is one, else mtx's own words. */
class MtxFailureTest {

    private static MtxFailure failure(String fixture) {
        return MtxFailure.in(Fixtures.mtx(fixture));
    }

    @Test
    void hardwareErrorWithItsSenseReportOnTheLineOfTheProgressText() {
        MtxFailure f = failure("tgt-l700-error-load-media-file-missing.txt");
        assertThat(f.sense()).isEqualTo(new Sense(Sense.HARDWARE_ERROR, 0x15, 0x01));
        assertThat(f.fault()).isEqualTo(ChangerFault.HARDWARE);
        assertThat(f.message()).isEqualTo("MOVE MEDIUM from Element Address 1007 to 501 Failed");
        assertThat(f.toString()).contains("HARDWARE ERROR 15/01 (mechanical positioning error)");
        assertThat(Fixtures.mtxExit("tgt-l700-error-load-media-file-missing.txt")).isEqualTo(1);
    }

    @Test
    void hardwareErrorsOfMhvtlWithTheSenseOnTheNextLineAndAResidual() {
        assertThat(failure("ext-mhvtl-issue115-l700-load-hardware-error.txt").sense())
                .isEqualTo(new Sense(Sense.HARDWARE_ERROR, 0x04, 0x03));
        assertThat(failure("ext-mhvtl-issue14-load-hardware-error.txt").fault()).isEqualTo(ChangerFault.HARDWARE);
    }

    @Test
    void notReadyOfAnIbmLibraryIsTransient() {
        MtxFailure f = failure("ext-dpk-ibm-ts3200-unload-not-ready.txt");
        assertThat(f.sense()).isEqualTo(new Sense(Sense.NOT_READY, 0x04, 0x8E));
        assertThat(f.fault()).isEqualTo(ChangerFault.TRANSIENT);
        assertThat(f.message()).isEqualTo("MOVE MEDIUM from Element Address 256 to 4096 Failed");
    }

    @Test
    void mtxsOwnChecksAreClassifiedByTheirWords() {
        assertThat(failure("tgt-l700-error-transfer-empty-source.txt").fault()).isEqualTo(ChangerFault.SOURCE_EMPTY);
        assertThat(failure("tgt-l700-error-transfer-dest-full.txt").fault()).isEqualTo(ChangerFault.DESTINATION_FULL);
        assertThat(failure("tgt-l700-error-load-into-full-drive.txt").fault()).isEqualTo(ChangerFault.DESTINATION_FULL);
        assertThat(failure("tgt-l700-error-load-bad-slot.txt").fault()).isEqualTo(ChangerFault.NOT_PRESENT);
        assertThat(failure("tgt-l700-error-transfer-empty-source.txt").sense()).isNull();
    }

    @Test
    void unsupportedCommandsAreIllegalRequestsAndAFailureWithExitZeroIsStillOne() {
        assertThat(failure("tgt-l700-error-exchange-unsupported.txt").fault()).isEqualTo(ChangerFault.NOT_PRESENT);
        assertThat(failure("tgt-l700-error-position-unsupported.txt").message()).isEqualTo("Could not position transport");
        MtxFailure eject = failure("tgt-l700-error-eject-exit0.txt");
        assertThat(Fixtures.mtxExit("tgt-l700-error-eject-exit0.txt")).isZero();
        assertThat(eject.sense()).isEqualTo(new Sense(Sense.ILLEGAL_REQUEST, 0x20, 0x00));
        assertThat(eject.message()).isEqualTo("Eject (0x1B) failed (mtx:eject failed)");
    }

    @Test
    void successfulCommandsReportNoSense() {
        assertThat(failure("tgt-l700-load-ok.txt").sense()).isNull();
        assertThat(failure("tgt-l700-unload-transfer-ok.txt").sense()).isNull();
        assertThat(MtxFailure.in("")).isNull();
    }

    @Test
    void unitAttentionAsksForAnInventory() {
        String out = "mtx: Request Sense: Sense Key=Unit Attention\nmtx: Request Sense: Additional Sense Code = 28\n"
                + "mtx: Request Sense: Additional Sense Qualifier = 00\nMode sense (0x1A) for Page 0x1D failed\n";
        MtxFailure f = MtxFailure.in(out);
        assertThat(f.fault()).isEqualTo(ChangerFault.NEEDS_INVENTORY);
        assertThat(f.sense().meaning()).isEqualTo("not ready to ready change, medium may have changed");
    }
}
