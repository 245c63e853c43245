package org.openrsm.changer.scsi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** The sg_io_hdr the kernel reads and writes, field by field at the offsets of scsi/sg.h on 64-bit Linux. */
class SgIoHeaderTest {

    @Test
    void aRequestPutsEveryFieldWhereTheKernelReadsIt() {
        byte[] h = SgIoHeader.request(SgIoHeader.SG_DXFER_FROM_DEV, 12, 0x1111_2222_3333L, 64, 0x4444_5555_6666L, 4096,
                0x7777_8888_9999L, 300_000);
        ByteBuffer b = ByteBuffer.wrap(h).order(ByteOrder.nativeOrder());
        assertThat(h).hasSize(88);
        assertThat(b.getInt(0)).isEqualTo('S');
        assertThat(b.getInt(4)).isEqualTo(-3);
        assertThat(b.get(8)).isEqualTo((byte) 12);
        assertThat(b.get(9)).isEqualTo((byte) 64);
        assertThat(b.getInt(12)).isEqualTo(4096);
        assertThat(b.getLong(16)).isEqualTo(0x7777_8888_9999L);
        assertThat(b.getLong(24)).isEqualTo(0x1111_2222_3333L);
        assertThat(b.getLong(32)).isEqualTo(0x4444_5555_6666L);
        assertThat(b.getInt(40)).isEqualTo(300_000);
    }

    @Test
    void aReplyGivesStatusSenseLengthResidueAndTransportFailures() {
        ByteBuffer b = ByteBuffer.allocate(88).order(ByteOrder.nativeOrder());
        b.put(64, (byte) 2).put(67, (byte) 18).putShort(68, (short) 0).putShort(70, (short) 0x08).putInt(72, 100)
                .putInt(76, 7).putInt(80, SgIoHeader.SG_INFO_CHECK);
        SgIoHeader.Reply r = SgIoHeader.reply(b.array());
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.senseWritten()).isEqualTo(18);
        assertThat(r.residue()).isEqualTo(100);
        assertThat(r.scsiStatus()).isEqualTo(2);          // DRIVER_SENSE: the device answered with sense
        b.putShort(68, (short) 0x07);                      // DID_ERROR: the host adapter failed it
        assertThat(SgIoHeader.reply(b.array()).scsiStatus()).isEqualTo(-1);
    }
}
