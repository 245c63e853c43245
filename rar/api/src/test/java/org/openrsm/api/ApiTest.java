package org.openrsm.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ApiTest {

    @Test
    void rsmExceptionCarriesRsmsErrorNumberAndAPlainMessage() {
        RsmException e = new RsmException(RsmError.INVALID_MEDIA, "side 9b1 is not known");
        assertThat(e.error()).isEqualTo(RsmError.INVALID_MEDIA);
        assertThat(e.code()).isEqualTo(4300);
        assertThat(e.getErrorCode()).isEqualTo("INVALID_MEDIA");
        assertThat(e.getMessage()).isEqualTo("INVALID_MEDIA: side 9b1 is not known");
    }

    @Test
    void errorAndStateNumbersAreRsms() {
        assertThat(RsmError.ACCESS_DENIED.code()).isEqualTo(5);
        assertThat(RsmError.TIMEOUT.code()).isEqualTo(1460);
        assertThat(RsmError.DATABASE_FAILURE.code()).isEqualTo(4313);
        assertThat(RsmError.ofCode(5023)).isEqualTo(RsmError.INVALID_STATE);
        assertThat(DriveState.DISMOUNTABLE.code()).isEqualTo(7);
        assertThat(SideState.COMPLETE.code()).isEqualTo(6);
        assertThat(AccessRight.CONTROL.code()).isEqualTo(4);
        assertThat(ObjectType.PARTITION.code()).isEqualTo(14);
        assertThat(PoolType.APPLICATION.code()).isEqualTo(1000);
    }

    @Test
    void idsParseTheirTextFormAndSayWhatIsWrong() {
        UUID u = UUID.randomUUID();
        assertThat(LogicalMediaId.parse(u.toString())).isEqualTo(new LogicalMediaId(u));
        assertThat(new SideId(u)).isNotEqualTo(new LogicalMediaId(u));
        assertThat(new SideId(u).type()).isEqualTo(ObjectType.PARTITION);
        assertThatThrownBy(() -> LogicalMediaId.parse("tape-7")).hasMessageContaining("'tape-7' is not a logical medium id");
        // strict canonical form: no short groups, no blanks around the id
        assertThatThrownBy(() -> LogicalMediaId.parse("1-1-1-1-1")).hasMessageContaining("8-4-4-4-12");
        assertThatThrownBy(() -> LogicalMediaId.parse(u + " ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DriveId.parse(" " + u)).isInstanceOf(IllegalArgumentException.class);
        assertThat(LogicalMediaId.parse(u.toString().toUpperCase())).isEqualTo(new LogicalMediaId(u));
    }

    @Test
    void mountOptionsCheckPriorityAndTimeout() {
        MountOptions o = MountOptions.builder().write().priority(Priority.HIGH).timeout(Duration.ofSeconds(5)).build();
        assertThat(o.isWrite()).isTrue();
        assertThat(o.priority()).isEqualTo(7);
        assertThat(o.timeout()).contains(Duration.ofSeconds(5));
        assertThat(MountOptions.read().timeout()).isEmpty();
        assertThatThrownBy(() -> MountOptions.builder().priority(16)).hasMessageContaining("16 is outside -15..15");
        assertThatThrownBy(() -> MountOptions.builder().timeout(Duration.ofSeconds(-1))).hasMessageContaining("negative");
        assertThatThrownBy(() -> AllocateOptions.builder().newSide().nextSide(LogicalMediaId.random()).build())
                .hasMessageContaining("NEW and NEXT");
        assertThatThrownBy(() -> new SessionSpec("x".repeat(65), null, null)).hasMessageContaining("1 to 64");
    }
}
