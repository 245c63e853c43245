package org.openrsm.changer.scsi;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openrsm.changer.TgtLab;
import org.openrsm.changer.smc.ElementDescriptors;

/**
 * SG_IO through JNA end to end: this machine has no /dev/sg, so the transport calls open/ioctl of the project's
 * shim, which hands each sg_io_hdr to tgt over iSCSI exactly as the kernel would hand it to a library.
 */
class SgTransportTest {
    @RegisterExtension
    static final TgtLab LAB = new TgtLab();

    interface Environment extends Library {
        int setenv(String name, String value, int overwrite);
    }

    @Test
    void inquiryReadElementStatusAndSenseOfAFailedMoveTravelThroughTheSgIoHeader() throws Exception {
        LAB.reset();
        Environment env = Native.load("c", Environment.class);
        env.setenv("SGSHIM_PATH", "/dev/sg-openrsm-test", 1);
        env.setenv("SGSHIM_URL", LAB.url(3), 1);
        try (SgTransport sg = new SgTransport("/dev/sg-openrsm-test", LAB.shim())) {
            ScsiTransport.Result inquiry = sg.execute(new byte[] {0x12, 0, 0, 0, 96, 0}, null, 96, Duration.ofSeconds(10));
            assertThat(inquiry.good()).isTrue();
            assertThat(inquiry.data()[0] & 0x1F).isEqualTo(8);
            assertThat(new String(inquiry.data(), 8, 8).strip()).isEqualTo("STK");
            ScsiTransport.Result first = sg.execute(new byte[6], null, 0, Duration.ofSeconds(10));
            if (!first.good()) {
                assertThat(first.sense().key()).isEqualTo(Sense.UNIT_ATTENTION);   // a new session's first command
            }
            // MOVE MEDIUM from the empty slot 1006 to slot 1007: CHECK CONDITION with sense 05/3B0E in the sense buffer
            ScsiTransport.Result move = sg.execute(new byte[] {(byte) 0xA5, 0, 0, 1, 0x03, (byte) 0xEE, 0x03, (byte) 0xEF,
                0, 0, 0, 0}, null, 0, Duration.ofSeconds(10));
            assertThat(move.status()).isEqualTo(ScsiTransport.Result.CHECK_CONDITION);
            assertThat(move.sense()).isEqualTo(new Sense(Sense.ILLEGAL_REQUEST, 0x3B, 0x0E));
            // READ ELEMENT STATUS of the storage elements: data-in through the header's data pointer
            ScsiTransport.Result status = sg.execute(new byte[] {(byte) 0xB8, 0x12, 0x03, (byte) 0xE8, 0, 8, 0, 0, 4, 0,
                0, 0}, null, 1024, Duration.ofSeconds(10));
            assertThat(status.good()).isTrue();
            assertThat(ElementDescriptors.parse(status.data())).extracting(ElementDescriptors.Descriptor::volumeTag)
                    .filteredOn(java.util.Objects::nonNull).containsExactlyElementsOf(TgtLab.CARTRIDGES);
        }
    }
}
