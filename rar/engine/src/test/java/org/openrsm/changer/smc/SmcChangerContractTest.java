package org.openrsm.changer.smc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openrsm.changer.Changer;
import org.openrsm.changer.ChangerContract;
import org.openrsm.changer.ChangerException;
import org.openrsm.changer.ChangerFault;
import org.openrsm.changer.DataPath;
import org.openrsm.changer.TgtLab;

/** The changer contract on the native smc driver: SMC over the pure-Java iSCSI initiator to tgt. */
class SmcChangerContractTest extends ChangerContract {
    @RegisterExtension
    static final TgtLab LAB = new TgtLab();

    @Override
    protected Changer open() throws Exception {
        LAB.reset();
        return LAB.smcLibrary("tgt").open();
    }

    @Override
    protected DataPath dataPath() throws Exception {
        return LAB.smcLibrary("tgt").dataPath();
    }

    @Override
    protected void operatorSetsPort(int port, String barCode) {
        if (barCode == null) {
            LAB.takeFromPort(port);
        } else {
            LAB.putInPort(port, barCode);
        }
    }

    @Test
    void drivesAreFoundBySerialNumberAmongTheTargetsTapeLuns() {
        assertThat(changer.deviceName(1)).isEqualTo(LAB.url(1));
        assertThat(changer.deviceName(2)).isEqualTo(LAB.url(2));
    }

    @Test
    void aLibraryWithoutADoorLockSaysSoAndKeepsWorking() throws Exception {
        SmcChanger smc = (SmcChanger) changer;
        // tgt's changer refuses PREVENT ALLOW MEDIUM REMOVAL as an unknown command (ILLEGAL REQUEST 20/00)
        assertThat(smc.preventRemoval(true)).isFalse();
        assertThat(smc.preventRemoval(false)).isFalse();
        assertThat(changer.elementStatus()).hasSize(12);
    }

    @Test
    void aDeviceThatIsNotAChangerOrDoesNotAnswerIsRefusedWithItsName() {
        assertThatThrownBy(() -> SmcLibrary.named("tape").device(LAB.url(1)).open())
                .isInstanceOf(ChangerException.class).hasMessageContaining("not a medium changer (type 8)")
                .satisfies(e -> assertThat(((ChangerException) e).fault()).isEqualTo(ChangerFault.NOT_PRESENT));
        assertThatThrownBy(() -> SmcLibrary.named("gone").device("iscsi://127.0.0.1:1/" + TgtLab.TARGET + "/3").open())
                .isInstanceOf(ChangerException.class).hasMessageContaining("does not answer")
                .satisfies(e -> assertThat(((ChangerException) e).fault()).isEqualTo(ChangerFault.TRANSIENT));
        assertThatThrownBy(() -> SmcLibrary.named("wrong").device(LAB.url(3)).driveDevices(List.of(LAB.url(1))).open())
                .hasMessageContaining("1 drive devices are configured, but").hasMessageContaining("has 2 drives");
    }
}
