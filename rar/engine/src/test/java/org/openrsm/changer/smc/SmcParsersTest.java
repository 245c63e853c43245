package org.openrsm.changer.smc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.openrsm.changer.Fixtures;
import org.openrsm.changer.smc.ElementDescriptors.Descriptor;

/** The SMC replies of tgt and mhVTL, byte for byte as they came, through the native driver's parsers. */
class SmcParsersTest {

    /** The hex dump after {@code READ ELEMENT STATUS type=<type>} in tgt-l700-res-per-type.txt. */
    private static byte[] tgtReply(String type) {
        String text = Fixtures.read("smc/tgt-l700-res-per-type.txt");
        int at = text.indexOf("READ ELEMENT STATUS type=" + type + " ");
        int hex = text.indexOf("HEX cdb=", at);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Matcher row = Pattern.compile("(?m)^[0-9a-f]{4}  ((?:[0-9a-f]{2} ?)+)$").matcher(text);
        row.region(text.indexOf('\n', hex) + 1, text.length());
        int expectedOffset = 0;
        while (row.find()) {
            if (Integer.parseInt(text.substring(row.start(), row.start() + 4), 16) != expectedOffset) {
                break;
            }
            for (String b : row.group(1).trim().split(" ")) {
                out.write(Integer.parseInt(b, 16));
            }
            expectedOffset = out.size();
        }
        return out.toByteArray();
    }

    /** The bytes of an mhVTL .hex dump (offset, then up to 16 bytes per row; # comments). */
    private static byte[] hexDump(String name) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String line : Fixtures.read("smc/" + name).split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.trim().split("\\s+");
            for (int i = 1; i < fields.length; i++) {
                out.write(Integer.parseInt(fields[i], 16));
            }
        }
        return out.toByteArray();
    }

    @Test
    void storageElementsOfTgtWithTagsSourcesAndTheLastDescriptorEightBytesShort() {
        byte[] reply = tgtReply("SE");
        assertThat(reply).hasSize(424);
        List<Descriptor> d = ElementDescriptors.parse(reply);
        assertThat(d).extracting(Descriptor::address).containsExactly(1000, 1001, 1002, 1003, 1004, 1005, 1006, 1007);
        assertThat(d.get(1)).isEqualTo(new Descriptor(2, 1001, true, false, 0, 0, 500, "A00002L4", null));
        assertThat(d.get(3).source()).isEqualTo(10);
        assertThat(d.get(0).full()).isFalse();
        assertThat(d.get(0).volumeTag()).isNull();          // 32 blanks
        assertThat(d.get(7)).isEqualTo(new Descriptor(2, 1007, false, false, 0, 0, -1, null, null));
    }

    @Test
    void mailSlotsAndTheTransportWhoseHeaderNamesAWrongFirstAddress() {
        List<Descriptor> ports = ElementDescriptors.parse(tgtReply("IEE"));
        assertThat(ports).extracting(Descriptor::address).containsExactly(10, 11);
        assertThat(ports.get(1).volumeTag()).isEqualTo("B00001L4");
        assertThat(ports.get(1).source()).isEqualTo(-1);
        byte[] transport = tgtReply("MTE");
        assertThat(ElementAddresses.u16(transport, 0)).isEqualTo(501);    // the header's first address: wrong
        assertThat(ElementDescriptors.parse(transport)).extracting(Descriptor::address).containsExactly(1);
    }

    @Test
    void drivesWithDeviceIdentifiersTheLastOneCutShort() {
        List<Descriptor> drives = ElementDescriptors.parse(tgtReply("DTE"));
        assertThat(drives).extracting(Descriptor::address).containsExactly(500, 501);
        assertThat(drives.get(0).identifier()).isEqualTo("HP      Ultrium 4-SCSI  DRV0000001");
        assertThat(drives.get(0).volumeTag()).isEqualTo("A00003L4");
        assertThat(drives.get(1).identifier()).isEqualTo("HP      Ultrium 4-SCSI  DR");
    }

    @Test
    void mhvtlDrivesWithoutVolumeTagsAndAReplyCutInTheThirdDescriptor() {
        List<Descriptor> drives = ElementDescriptors.parse(hexDump("ext-mhvtl-issue106-stk-l80-res-dte-dvcid-partial.hex"));
        assertThat(drives).extracting(Descriptor::address).containsExactly(500, 501, 502);
        assertThat(drives.get(0).identifier()).isEqualTo("STK     T10000B         XYZZY_B1  ");
        assertThat(drives.get(1).identifier()).isEqualTo("STK     T10000B         XYZZY_B2  ");
        assertThat(drives.get(2).identifier()).isEqualTo("STK    ");
        assertThat(drives).allMatch(d -> !d.full() && d.volumeTag() == null && d.source() == -1);
    }

    @Test
    void elementAddressAssignmentOfAnMhvtlL80() {
        ElementAddresses a = ElementAddresses.parseModeSense6(hexDump("ext-mhvtl-issue106-stk-l80-modesense-1d.hex"));
        assertThat(a).isEqualTo(new ElementAddresses(new ElementAddresses.Range(1, 1), new ElementAddresses.Range(1000, 40),
                new ElementAddresses.Range(10, 4), new ElementAddresses.Range(500, 4)));
        assertThat(a.storage().contains(1039)).isTrue();
        assertThat(a.storage().contains(1040)).isFalse();
    }

    @Test
    void repliesThatCannotBeReadAreRefusedWithWhatWasWrong() {
        assertThatThrownBy(() -> ElementDescriptors.parse(new byte[5])).hasMessageContaining("5 bytes");
        assertThatThrownBy(() -> ElementAddresses.parseModeSense6(new byte[] {3, 0, 0, 0})).hasMessageContaining("ends before");
        byte[] wrongPage = hexDump("ext-mhvtl-issue106-stk-l80-modesense-1d.hex");
        wrongPage[4] = 0x1C;
        assertThatThrownBy(() -> ElementAddresses.parseModeSense6(wrongPage)).hasMessageContaining("1Ch");
    }
}
