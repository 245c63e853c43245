package org.openrsm.changer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every changer driver does the same way, run against each of them (simulated, mtx on tgt, smc over iSCSI on
 * tgt): a library of 2 drives, 8 slots and 2 mail slots with {@code A00001L4} … {@code A00006L4} in slots 1-6.
 */
public abstract class ChangerContract {
    protected Changer changer;

    /** Opens the driver on a library in the layout above. */
    protected abstract Changer open() throws Exception;

    /**
     * The same library's data path as another server gets it ({@link ChangerSpec#dataPath}), configured as the one
     * {@link #open} opened.
     */
    protected abstract DataPath dataPath() throws Exception;

    /** An operator puts a cartridge into a mail slot, or takes it out (null). */
    protected abstract void operatorSetsPort(int port, String barCode) throws Exception;

    @BeforeEach
    void openChanger() throws Exception {
        changer = open();
    }

    @AfterEach
    void closeChanger() {
        if (changer != null) {
            changer.close();
        }
    }

    private ElementStatus at(Element e) throws ChangerException {
        return changer.elementStatus().stream().filter(s -> s.element().equals(e)).findFirst().orElseThrow();
    }

    @Test
    void geometryAndElementStatusWithBarCodes() throws Exception {
        assertThat(changer.driveCount()).isEqualTo(2);
        assertThat(changer.slotCount()).isEqualTo(8);
        assertThat(changer.portCount()).isEqualTo(2);
        List<ElementStatus> status = changer.elementStatus();
        assertThat(status).hasSize(12);
        assertThat(status).filteredOn(ElementStatus::full).extracting(ElementStatus::barCode)
                .containsExactlyInAnyOrderElementsOf(TgtLab.CARTRIDGES);
        assertThat(at(Element.slot(1))).isEqualTo(ElementStatus.holding(Element.slot(1), "A00001L4"));
        assertThat(at(Element.slot(7))).isEqualTo(ElementStatus.empty(Element.slot(7)));
        assertThat(at(Element.drive(2))).isEqualTo(ElementStatus.empty(Element.drive(2)));
        assertThat(at(Element.port(1))).isEqualTo(ElementStatus.empty(Element.port(1)));
    }

    @Test
    void loadIntoADriveAndUnloadIntoAnotherSlot() throws Exception {
        changer.move(Element.slot(1), Element.drive(2));
        assertThat(at(Element.drive(2))).isEqualTo(ElementStatus.holding(Element.drive(2), "A00001L4"));
        assertThat(at(Element.slot(1)).full()).isFalse();
        changer.move(Element.drive(2), Element.slot(7));
        assertThat(at(Element.slot(7))).isEqualTo(ElementStatus.holding(Element.slot(7), "A00001L4"));
        assertThat(at(Element.drive(2)).full()).isFalse();
    }

    @Test
    void ejectToAMailSlotAndInjectFromIt() throws Exception {
        changer.move(Element.slot(2), Element.port(2));
        assertThat(at(Element.port(2))).isEqualTo(ElementStatus.holding(Element.port(2), "A00002L4"));
        changer.move(Element.port(2), Element.slot(8));
        assertThat(at(Element.slot(8))).isEqualTo(ElementStatus.holding(Element.slot(8), "A00002L4"));
        assertThat(at(Element.port(2)).full()).isFalse();
    }

    @Test
    void whatAnOperatorPutsIntoAMailSlotIsSeenAndCanBeTakenIn() throws Exception {
        operatorSetsPort(1, "B00001L4");
        assertThat(at(Element.port(1))).isEqualTo(ElementStatus.holding(Element.port(1), "B00001L4"));
        changer.move(Element.port(1), Element.slot(7));
        assertThat(at(Element.slot(7)).barCode()).isEqualTo("B00001L4");
        changer.move(Element.slot(7), Element.port(1));
        operatorSetsPort(1, null);
        assertThat(changer.elementStatus()).extracting(ElementStatus::barCode).doesNotContain("B00001L4");
    }

    @Test
    void aFullDestinationIsRefusedAndNothingMoves() throws Exception {
        List<ElementStatus> before = changer.elementStatus();
        assertThatThrownBy(() -> changer.move(Element.slot(1), Element.slot(2))).isInstanceOf(ChangerException.class)
                .satisfies(e -> assertThat(((ChangerException) e).fault()).isEqualTo(ChangerFault.DESTINATION_FULL));
        changer.move(Element.slot(3), Element.drive(1));
        assertThatThrownBy(() -> changer.move(Element.slot(4), Element.drive(1)))
                .satisfies(e -> assertThat(((ChangerException) e).fault()).isEqualTo(ChangerFault.DESTINATION_FULL));
        changer.move(Element.drive(1), Element.slot(3));
        assertThat(changer.elementStatus()).isEqualTo(before);
    }

    @Test
    void anEmptySourceIsRefusedAndNothingMoves() throws Exception {
        List<ElementStatus> before = changer.elementStatus();
        assertThatThrownBy(() -> changer.move(Element.slot(7), Element.slot(8)))
                .satisfies(e -> assertThat(((ChangerException) e).fault()).isEqualTo(ChangerFault.SOURCE_EMPTY));
        assertThatThrownBy(() -> changer.move(Element.drive(1), Element.slot(8)))
                .satisfies(e -> assertThat(((ChangerException) e).fault()).isEqualTo(ChangerFault.SOURCE_EMPTY));
        assertThat(changer.elementStatus()).isEqualTo(before);
    }

    @Test
    void anElementTheLibraryDoesNotHaveIsNotPresent() throws Exception {
        assertThatThrownBy(() -> changer.move(Element.slot(1), Element.slot(9)))
                .satisfies(e -> assertThat(((ChangerException) e).fault()).isEqualTo(ChangerFault.NOT_PRESENT))
                .hasMessageContaining("slot 9");
        assertThatThrownBy(() -> changer.move(Element.slot(1), Element.drive(3)))
                .satisfies(e -> assertThat(((ChangerException) e).fault()).isEqualTo(ChangerFault.NOT_PRESENT));
        assertThat(at(Element.slot(1)).barCode()).isEqualTo("A00001L4");
    }

    @Test
    void dataWrittenToATapeIsReadBackAfterTheTapeWentHomeAndCameBackInAnotherDrive() throws Exception {
        byte[] data = new byte[600_000];   // more than two tape blocks
        new Random(42).nextBytes(data);
        changer.move(Element.slot(3), Element.drive(2));
        try (SeekableByteChannel c = changer.openMedium(2, "A00003L4", 1, true)) {
            ByteBuffer b = ByteBuffer.wrap(data);
            while (b.hasRemaining()) {
                c.write(b);
            }
        }
        changer.move(Element.drive(2), Element.slot(3));
        changer.move(Element.slot(3), Element.drive(1));
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        try (SeekableByteChannel c = changer.openMedium(1, "A00003L4", 1, false)) {
            ByteBuffer b = ByteBuffer.allocate(100_000);
            while (c.read(b.clear()) > 0) {
                read.write(b.array(), 0, b.position());
            }
        }
        assertThat(read.toByteArray()).isEqualTo(data);
        changer.move(Element.drive(1), Element.slot(3));
    }

    @Test
    void theDoorIsUnlockedForAnOperatorAndTheLibraryWorksOn() throws Exception {
        List<ElementStatus> before = changer.elementStatus();
        changer.unlockDoor();
        assertThat(changer.elementStatus()).isEqualTo(before);
        changer.move(Element.slot(1), Element.slot(7));
        assertThat(at(Element.slot(7)).barCode()).isEqualTo("A00001L4");
    }

    @Test
    void aDriveHoldingAnotherCartridgeIsNeverOpened() throws Exception {
        changer.move(Element.slot(1), Element.drive(1));
        assertThatThrownBy(() -> changer.openMedium(1, "A00002L4", 1, true)).isInstanceOf(ChangerException.class)
                .hasMessageContaining("A00001L4").hasMessageContaining("A00002L4");
        assertThatThrownBy(() -> changer.openMedium(2, "A00001L4", 1, false)).isInstanceOf(ChangerException.class);
        changer.move(Element.drive(1), Element.slot(1));
    }

    /**
     * Another server's data path (a server standing by on a shared catalog) sees the drives as this server's robot
     * left them, and writes the same tapes: it never opens a drive that no longer holds the cartridge asked for.
     */
    @Test
    void anotherServersDataPathSeesTheDrivesAsTheRobotLeftThem() throws Exception {
        byte[] data = "written by the other server".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try (DataPath other = dataPath()) {
            changer.move(Element.slot(4), Element.drive(1));
            try (SeekableByteChannel c = other.openMedium(1, "A00004L4", 1, true)) {
                c.write(ByteBuffer.wrap(data));
            }
            ByteBuffer read = ByteBuffer.allocate(100_000);
            try (SeekableByteChannel c = changer.openMedium(1, "A00004L4", 1, false)) {
                while (c.read(read) > 0) {
                    assertThat(read.position()).isPositive();
                }
            }
            assertThat(java.util.Arrays.copyOf(read.array(), read.position())).isEqualTo(data);

            changer.move(Element.drive(1), Element.slot(4));
            assertThatThrownBy(() -> other.openMedium(1, "A00004L4", 1, true)).isInstanceOf(ChangerException.class);
            changer.move(Element.slot(5), Element.drive(1));
            assertThatThrownBy(() -> other.openMedium(1, "A00004L4", 1, true)).isInstanceOf(ChangerException.class)
                    .hasMessageContaining("A00005L4");
            changer.move(Element.drive(1), Element.slot(5));
        }
    }
}
