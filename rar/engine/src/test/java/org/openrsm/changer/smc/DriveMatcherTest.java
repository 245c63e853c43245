package org.openrsm.changer.smc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Drives tied to tape devices by serial number, also when the library cut an identifier short. */
class DriveMatcherTest {
    private static final DriveMatcher.Candidate LUN1 = new DriveMatcher.Candidate("lun1", "HP", "Ultrium 4-SCSI", "DRV0000001");
    private static final DriveMatcher.Candidate LUN2 = new DriveMatcher.Candidate("lun2", "HP", "Ultrium 4-SCSI", "DRV0000002");

    @Test
    void fullIdentifiersMatchTheirSerialsInAnyOrder() {
        assertThat(DriveMatcher.match(List.of("HP      Ultrium 4-SCSI  DRV0000002", "HP      Ultrium 4-SCSI  DRV0000001"),
                List.of(LUN1, LUN2))).containsExactly("lun2", "lun1");
    }

    @Test
    void anIdentifierCutShortMatchesTheOnlyCandidateLeft() {
        assertThat(DriveMatcher.match(List.of("HP      Ultrium 4-SCSI  DRV0000001", "HP      Ultrium 4-SCSI  DR"),
                List.of(LUN2, LUN1))).containsExactly("lun1", "lun2");
    }

    @Test
    void ambiguousMissingOrUnknownIdentifiersAskForConfiguration() {
        assertThatThrownBy(() -> DriveMatcher.match(List.of("HP      Ultrium 4-SCSI  DR", "HP      Ultrium"),
                List.of(LUN1, LUN2))).hasMessageContaining("drive 1").hasMessageContaining("matches 2 tape devices");
        assertThatThrownBy(() -> DriveMatcher.match(Arrays.asList("HP      Ultrium 4-SCSI  DRV0000001", null),
                List.of(LUN1, LUN2))).hasMessageContaining("drive 2 has no device identifier");
        assertThatThrownBy(() -> DriveMatcher.match(List.of("IBM     ULT3580-TD8     1013000123"), List.of(LUN1)))
                .hasMessageContaining("matches no tape device").hasMessageContaining("configure the drive devices");
    }
}
