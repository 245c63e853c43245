package org.openrsm.changer.smc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openrsm.changer.ChangerException;
import org.openrsm.changer.ChangerFault;
import org.openrsm.changer.Element;
import org.openrsm.changer.scsi.ScsiTransport;
import org.openrsm.changer.scsi.Sense;

/**
 * What tgt cannot be made to do: a UNIT ATTENTION after the library's door was opened and closed. A transport that
 * answers from a script stands in for the library; the real commands travel through tgt in the contract tests.
 */
class ScsiCommandsTest {
    private static final ScsiTransport.Result GOOD = new ScsiTransport.Result(0, new byte[0], null, null);
    /** UNIT ATTENTION 28/00: not ready to ready change, medium may have changed (the door was closed) */
    private static final ScsiTransport.Result DOOR = new ScsiTransport.Result(2, new byte[0], new Sense(6, 0x28, 0), null);

    /** Answers each command with the next scripted result (the last repeats) and logs the operation codes. */
    private static final class Scripted implements ScsiTransport {
        final Deque<Result> answers;
        final List<Integer> sent = new ArrayList<>();

        Scripted(Result... answers) {
            this.answers = new ArrayDeque<>(List.of(answers));
        }

        @Override
        public Result execute(byte[] cdb, byte[] dataOut, int dataIn, Duration timeout) {
            sent.add(cdb[0] & 0xFF);
            return answers.size() > 1 ? answers.poll() : answers.peek();
        }

        @Override
        public String name() {
            return "scripted";
        }

        @Override
        public void close() {
        }
    }

    private static ScsiCommands commands(Scripted library) {
        return new ScsiCommands("lib", library, Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofMillis(10), true);
    }

    @Test
    void aMoveAnsweredByAUnitAttentionIsNotSentAgainTheLibraryTakesStockAndTheEngineIsTold() {
        Scripted library = new Scripted(DOOR, GOOD);
        byte[] move = {(byte) 0xA5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        assertThatThrownBy(() -> commands(library).run("MOVE MEDIUM", move, 0))
                .isInstanceOf(ChangerException.class)
                .hasMessageContaining("library lib: its contents may have changed").hasMessageContaining("28/00")
                .hasMessageContaining("MOVE MEDIUM was not sent")
                .satisfies(e -> assertThat(((ChangerException) e).fault()).isEqualTo(ChangerFault.NEEDS_INVENTORY));
        assertThat(library.sent).as("MOVE MEDIUM, INITIALIZE ELEMENT STATUS, and no second move")
                .containsExactly(0xA5, 0x07);
    }

    @Test
    void aReadAnsweredByAUnitAttentionIsSentAgainAfterTheLibraryTookStock() throws Exception {
        Scripted library = new Scripted(DOOR, GOOD);
        byte[] read = {(byte) 0xB8, 0x12, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0};
        commands(library).run("READ ELEMENT STATUS", read, null, 8, Element.slot(1), Duration.ofSeconds(5));
        assertThat(library.sent).containsExactly(0xB8, 0x07, 0xB8);
    }

    @Test
    void theFirstMoveAfterAUnitAttentionToAReadIsNotSentTheNextIs() throws Exception {
        Scripted library = new Scripted(DOOR, GOOD);
        ScsiCommands commands = commands(library);
        commands.run("READ ELEMENT STATUS", new byte[] {(byte) 0xB8, 0x12, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0}, null, 8,
                Element.slot(1), Duration.ofSeconds(5));
        byte[] move = {(byte) 0xA5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        assertThatThrownBy(() -> commands.run("MOVE MEDIUM", move, 0))
                .hasMessageContaining("UNIT ATTENTION 28/00").hasMessageContaining("to an earlier command")
                .satisfies(e -> assertThat(((ChangerException) e).fault()).isEqualTo(ChangerFault.NEEDS_INVENTORY));
        commands.run("MOVE MEDIUM", move, 0);   // planned again after the engine took stock
        assertThat(library.sent).containsExactly(0xB8, 0x07, 0xB8, 0xA5);
    }

    @Test
    void aUnitAttentionOfANewSessionDoesNotHoldTheNextMoveBack() throws Exception {
        Scripted library = new Scripted(new ScsiTransport.Result(2, new byte[0], new Sense(6, 0x29, 0), null), GOOD);
        ScsiCommands commands = commands(library);
        commands.run("READ ELEMENT STATUS", new byte[] {(byte) 0xB8, 0x12, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0}, null, 8,
                Element.slot(1), Duration.ofSeconds(5));
        commands.run("MOVE MEDIUM", new byte[] {(byte) 0xA5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, 0);
        assertThat(library.sent).containsExactly(0xB8, 0x07, 0xB8, 0xA5);
    }
}
