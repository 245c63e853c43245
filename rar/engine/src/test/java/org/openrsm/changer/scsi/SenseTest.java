package org.openrsm.changer.scsi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openrsm.changer.ChangerFault;

/** Sense decoded once into the fault the engine acts on. */
class SenseTest {

    @Test
    void fixedAndDescriptorFormats() {
        byte[] fixed = new byte[18];
        fixed[0] = 0x70;
        fixed[2] = 0x05;
        fixed[12] = 0x3B;
        fixed[13] = 0x0E;
        assertThat(Sense.parse(fixed, 18)).isEqualTo(new Sense(5, 0x3B, 0x0E));
        assertThat(Sense.parse(new byte[] {0x72, 0x06, 0x29, 0x00, 0, 0, 0, 0}, 8)).isEqualTo(new Sense(6, 0x29, 0));
        assertThat(Sense.parse(new byte[] {0x12, 0, 0}, 3)).isNull();
        assertThat(Sense.parse(new byte[0], 0)).isNull();
    }

    @Test
    void faultsOfTheSensesALibraryReports() {
        assertThat(new Sense(Sense.ILLEGAL_REQUEST, 0x3B, 0x0E).fault()).isEqualTo(ChangerFault.SOURCE_EMPTY);
        assertThat(new Sense(Sense.ILLEGAL_REQUEST, 0x3B, 0x0D).fault()).isEqualTo(ChangerFault.DESTINATION_FULL);
        assertThat(new Sense(Sense.ILLEGAL_REQUEST, 0x53, 0x02).fault()).isEqualTo(ChangerFault.DRIVE_NOT_UNLOADED);
        assertThat(new Sense(Sense.ILLEGAL_REQUEST, 0x21, 0x01).fault()).isEqualTo(ChangerFault.NOT_PRESENT);
        assertThat(new Sense(Sense.ILLEGAL_REQUEST, 0x30, 0x00).fault()).isEqualTo(ChangerFault.FAILED);
        assertThat(new Sense(Sense.NOT_READY, 0x04, 0x01).fault()).isEqualTo(ChangerFault.TRANSIENT);
        assertThat(new Sense(Sense.NOT_READY, 0x3A, 0x00).fault()).isEqualTo(ChangerFault.SOURCE_EMPTY);
        assertThat(new Sense(Sense.UNIT_ATTENTION, 0x28, 0x00).fault()).isEqualTo(ChangerFault.NEEDS_INVENTORY);
        assertThat(new Sense(Sense.HARDWARE_ERROR, 0x15, 0x01).fault()).isEqualTo(ChangerFault.HARDWARE);
        assertThat(new Sense(Sense.ABORTED_COMMAND, 0x47, 0x00).fault()).isEqualTo(ChangerFault.TRANSIENT);
    }

    @Test
    void namesAsMtxPrintsThem() {
        assertThat(Sense.keyNamed("Hardware Error")).isEqualTo(Sense.HARDWARE_ERROR);
        assertThat(Sense.keyNamed("Unit Attention ")).isEqualTo(Sense.UNIT_ATTENTION);
        assertThat(Sense.keyNamed("Nonsense")).isEqualTo(-1);
        assertThat(new Sense(Sense.NOT_READY, 0x04, 0x8E)).hasToString("NOT READY 04/8E (library not in random mode)");
    }
}
