package org.openrsm.changer.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openrsm.changer.Changer;
import org.openrsm.changer.ChangerException;
import org.openrsm.changer.DataPath;
import org.openrsm.changer.Element;

/**
 * The simulated library's data path for a server that does not drive it (issue 14, item 4): it reads what the driving
 * server recorded in the shared data folder at every open, across the rewrites of the status file's snapshot.
 */
class SimulatedDataPathTest {
    @TempDir
    Path dir;

    private SimulatedLibrary library() {
        return SimulatedLibrary.named("sim").drives(2).slots(8).ioPorts(1).dataFolder(dir);
    }

    @Test
    void everyOpenChecksTheDriveAsTheDrivingServerLastRecordedIt() throws Exception {
        try (Changer changer = library().open(); DataPath other = library().dataPath()) {
            // 1,040 moves: the journal is replaced by a new snapshot once on the way
            for (int i = 0; i < 520; i++) {
                changer.move(Element.slot(1), Element.drive(2));
                try (SeekableByteChannel c = other.openMedium(2, "A00001L8", 1, false)) {
                    assertThat(c.isOpen()).isTrue();
                }
                changer.move(Element.drive(2), Element.slot(1));
                int round = i;
                assertThatThrownBy(() -> other.openMedium(2, "A00001L8", 1, false)).as("round " + round)
                        .isInstanceOf(ChangerException.class).hasMessageContaining("drive 2 is empty");
            }
        }
        assertThat(Files.exists(dir.resolve(StatusFile.JOURNAL_FILE)))
                .as("the snapshot was rewritten: the journal started again").isTrue();
        assertThat(Files.readAllLines(dir.resolve(StatusFile.JOURNAL_FILE))).hasSizeLessThan(1_000);
    }

    @Test
    void aLibraryWithoutADataFolderOrNotYetOpenedHasNoDataPathForOthers() throws Exception {
        assertThatThrownBy(() -> SimulatedLibrary.named("sim").dataPath()).isInstanceOf(ChangerException.class)
                .hasMessageContaining("configure a data folder that every server reaches");
        try (DataPath other = library().dataPath()) {
            assertThatThrownBy(() -> other.openMedium(1, "A00001L8", 1, false)).isInstanceOf(ChangerException.class)
                    .hasMessageContaining("holds no element status");
            assertThatThrownBy(() -> other.openMedium(3, "A00001L8", 1, false)).isInstanceOf(ChangerException.class)
                    .hasMessageContaining("has no drive 3");
        }
    }
}
