package org.openrsm.changer.mtx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openrsm.changer.Element;
import org.openrsm.changer.ElementStatus;
import org.openrsm.changer.Fixtures;

/** {@code mtx status} of tgt and of real libraries, with every quirk they print. */
class MtxStatusTest {

    @Test
    void tgtsInitialStatusWithPaddedTagsAndBlankTagsOfEmptyElements() {
        MtxStatus s = MtxStatus.parse(Fixtures.mtx("tgt-l700-status-initial.txt"));
        assertThat(s.device()).isEqualTo("/dev/sg-tgt");
        assertThat(s.drives()).hasSize(2).allMatch(d -> !d.full() && d.volumeTag() == null);
        assertThat(s.slots()).hasSize(8);
        assertThat(s.ports()).hasSize(2);
        assertThat(s.slots().get(0)).isEqualTo(new MtxStatus.Slot(1, true, "A00001L4"));   // 24 blanks stripped
        assertThat(s.slots().get(3)).isEqualTo(new MtxStatus.Slot(4, false, null));       // Empty:VolumeTag=<32 blanks>
        assertThat(s.ports().get(0)).isEqualTo(new MtxStatus.Slot(9, true, "A00004L4"));
        assertThat(s.elements()).contains(ElementStatus.holding(Element.port(1), "A00004L4"),
                ElementStatus.empty(Element.port(2)), ElementStatus.holding(Element.slot(1), "A00001L4"));
    }

    @Test
    void loadedDrivesNameTheirTagAndTheSlotMtxBelievesTheyCameFrom() {
        MtxStatus s = MtxStatus.parse(Fixtures.mtx("tgt-l700-status-two-loaded.txt"));
        assertThat(s.drives()).extracting(MtxStatus.Drive::full).containsExactly(true, true);
        assertThat(s.drives()).extracting(MtxStatus.Drive::volumeTag).doesNotContainNull()
                .allMatch(t -> t.matches("A0000\\dL4"));
        assertThat(s.drives()).extracting(MtxStatus.Drive::claimedSource).containsExactly(2, 1);
        assertThat(s.elements()).filteredOn(e -> e.element().type() == org.openrsm.changer.ElementType.DRIVE)
                .extracting(ElementStatus::element).containsExactly(Element.drive(1), Element.drive(2));
    }

    @Test
    void aLibraryWithoutBarCodesReportsFullElementsWithoutTags() {
        MtxStatus s = MtxStatus.parse(Fixtures.mtx("tgt-l700-status-nobarcode.txt"));
        assertThat(s.slots().get(2)).isEqualTo(new MtxStatus.Slot(3, true, null));
        assertThat(s.elements()).filteredOn(ElementStatus::full).allMatch(e -> e.barCode() == null).isNotEmpty();
    }

    @Test
    void twoDrivesClaimingOneSlotAreBothParsedAndTheClaimIsNotTrusted() {
        MtxStatus s = MtxStatus.parse(Fixtures.mtx("ext-hera-herastore01-lto9-2d-24s.txt"));
        assertThat(s.drives()).extracting(MtxStatus.Drive::claimedSource).containsExactly(8, 8);
        assertThat(s.drives()).extracting(MtxStatus.Drive::volumeTag).containsExactly("042142L9", "HER002L9");
        assertThat(s.slots()).hasSize(23);
        assertThat(s.slots().get(7).full()).isFalse();
        assertThat(s.ports()).containsExactly(new MtxStatus.Slot(24, true, "HER003L9"));
        // the element status names no source: the catalog knows where a cartridge came from
        assertThat(s.elements()).filteredOn(e -> e.element().equals(Element.port(1)))
                .containsExactly(ElementStatus.holding(Element.port(1), "HER003L9"));
    }

    @Test
    void proxmoxsTestStringWithOneLeadingBlankShortTagsAndFourEmptyMailSlots() {
        MtxStatus s = MtxStatus.parse(Fixtures.mtx("ext-proxmox-backup-test-2d-24s-4ie.txt"));
        assertThat(s.slots()).hasSize(20);
        assertThat(s.ports()).hasSize(4).allMatch(p -> !p.full());
        assertThat(s.slots()).contains(new MtxStatus.Slot(5, true, "test1"), new MtxStatus.Slot(1, true, "CLN002CU"));
        assertThat(s.elements()).extracting(ElementStatus::element).contains(Element.port(4)).doesNotContain(Element.port(5));
    }

    @Test
    void everyStatusFixtureParsesAndAgreesWithItsHeader() {
        for (String name : List.of("tgt-l700-status-initial.txt", "tgt-l700-status-two-loaded.txt",
                "tgt-l700-status-nobarcode.txt", "tgt-l700-status-after-unload-transfer.txt",
                "tgt-l700-status-mailslot-inserted.txt", "ext-hera-herastore01-lto9-2d-24s.txt",
                "ext-proxmox-backup-test-2d-24s-4ie.txt")) {
            MtxStatus s = MtxStatus.parse(Fixtures.mtx(name));
            assertThat(s.elements()).as(name).hasSize(s.drives().size() + s.slots().size() + s.ports().size());
            assertThat(s.elements()).as(name).filteredOn(e -> e.barCode() != null)
                    .allMatch(e -> e.barCode().equals(e.barCode().strip()) && !e.barCode().isEmpty());
        }
        MtxStatus inserted = MtxStatus.parse(Fixtures.mtx("tgt-l700-status-mailslot-inserted.txt"));
        assertThat(inserted.ports()).containsExactly(new MtxStatus.Slot(9, false, null), new MtxStatus.Slot(10, true, "B00001L4"));
    }

    @Test
    void aSenseReportBeforeTheTableIsSkipped() {
        String out = "mtx: Request Sense: Long Report=yes\nmtx: Request Sense: Sense Key=Unit Attention\n"
                + Fixtures.mtx("tgt-l700-status-initial.txt");
        assertThat(MtxStatus.parse(out).slots()).hasSize(8);
    }

    @Test
    void outputThatIsNotAStatusTableIsRefusedWithWhatWasWrong() {
        assertThatThrownBy(() -> MtxStatus.parse(Fixtures.mtx("tgt-l700-error-load-bad-slot.txt")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no 'Storage Changer' header");
        String truncated = Fixtures.mtx("tgt-l700-status-initial.txt").lines().limit(6)
                .reduce("", (a, b) -> a + b + "\n");
        assertThatThrownBy(() -> MtxStatus.parse(truncated)).hasMessageContaining("announces 8 storage slots but lists 3");
        String garbled = Fixtures.mtx("tgt-l700-status-initial.txt").replace("Storage Element 2:Full", "Storage Elephant 2");
        assertThatThrownBy(() -> MtxStatus.parse(garbled)).hasMessageContaining("line 5").hasMessageContaining("Elephant");
    }
}
