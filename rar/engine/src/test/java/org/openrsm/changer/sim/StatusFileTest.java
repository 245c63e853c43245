package org.openrsm.changer.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulated library's element status on disk (issue "A scheduler close to the physical limits", 4): a move
 * appends one journal line instead of rewriting every element, and what a crash leaves is read back right.
 */
class StatusFileTest {
    @TempDir
    Path dir;

    private final String[] drives = new String[2];
    private final String[] slots = new String[2_000];
    private final String[] ports = new String[1];

    private StatusFile file() {
        return new StatusFile("lib", dir, drives, slots, ports);
    }

    private static Map<String, String> move(String from, String to, String barCode) {
        Map<String, String> changed = new LinkedHashMap<>();
        changed.put(from, null);
        changed.put(to, barCode);
        return changed;
    }

    private StatusFile reloaded(String[] d, String[] s, String[] p) throws Exception {
        StatusFile again = new StatusFile("lib", dir, d, s, p);
        again.load();
        return again;
    }

    @Test
    void aMoveAppendsOneLineAndTheStatusReadsBackAfterARestart() throws Exception {
        for (int i = 0; i < slots.length; i++) {
            slots[i] = String.format("T%05dL8", i + 1);
        }
        StatusFile status = file();
        status.writeSnapshot();
        long snapshot = Files.size(dir.resolve(StatusFile.STATE_FILE));
        slots[0] = null;
        drives[0] = "T00001L8";
        status.record(move("slot.1", "drive.1", "T00001L8"));
        assertThat(Files.size(dir.resolve(StatusFile.STATE_FILE))).as("the snapshot is not rewritten").isEqualTo(snapshot);
        assertThat(Files.readAllLines(dir.resolve(StatusFile.JOURNAL_FILE))).singleElement().asString()
                .endsWith("slot.1=\tdrive.1=T00001L8");

        String[] d = new String[2];
        String[] s = new String[2_000];
        reloaded(d, s, new String[1]);
        assertThat(d).isEqualTo(drives);
        assertThat(s).isEqualTo(slots);
    }

    @Test
    void aLineTornByACrashIsAMoveThatDidNotHappenAndDamageBeforeItIsRefused() throws Exception {
        slots[0] = "A";
        slots[1] = "B";
        StatusFile status = file();
        status.writeSnapshot();
        status.record(move("slot.1", "drive.1", "A"));
        Path journal = dir.resolve(StatusFile.JOURNAL_FILE);
        byte[] good = Files.readAllBytes(journal);
        Files.write(journal, "1234abcd slot.2=\tdri".getBytes(StandardCharsets.ISO_8859_1), StandardOpenOption.APPEND);

        String[] d = new String[2];
        String[] s = new String[2_000];
        reloaded(d, s, new String[1]);
        assertThat(d[0]).isEqualTo("A");
        assertThat(s[1]).as("the torn move of B did not happen").isEqualTo("B");

        byte[] damaged = Arrays.copyOf(good, good.length);
        damaged[2] ^= 1;   // a changed checksum digit in the first line, and a good line after it
        Files.write(journal, damaged);
        status = new StatusFile("lib", dir, new String[2], new String[2_000], new String[1]);
        status.load();   // the last line: treated as torn
        Files.write(journal, good, StandardOpenOption.APPEND);
        assertThatThrownBy(() -> reloaded(new String[2], new String[2_000], new String[1]))
                .hasMessageContaining("line 1 of").hasMessageContaining("changer.journal").hasMessageContaining("damaged");
    }

    @Test
    void theJournalIsFoldedIntoANewSnapshotOnceItIsAsLongAsTheLibraryIsBig() throws Exception {
        slots[0] = "A";
        StatusFile status = file();
        status.writeSnapshot();
        for (int i = 0; i < 2_005; i++) {   // 2,003 elements: the move after 2,003 lines writes a snapshot instead
            boolean inDrive = i % 2 == 0;
            drives[0] = inDrive ? "A" : null;
            slots[0] = inDrive ? null : "A";
            status.record(inDrive ? move("slot.1", "drive.1", "A") : move("drive.1", "slot.1", "A"));
        }
        Path journal = dir.resolve(StatusFile.JOURNAL_FILE);
        assertThat(Files.exists(journal) ? Files.readAllLines(journal).size() : 0).isLessThan(10);
        String[] d = new String[2];
        String[] s = new String[2_000];
        reloaded(d, s, new String[1]);
        assertThat(d[0]).isEqualTo("A");
        assertThat(s[0]).isNull();
    }
}
