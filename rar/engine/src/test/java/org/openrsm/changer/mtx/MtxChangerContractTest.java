package org.openrsm.changer.mtx;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.openrsm.changer.Changer;
import org.openrsm.changer.ChangerContract;
import org.openrsm.changer.DataPath;
import org.openrsm.changer.TgtLab;

/** The changer contract on the mtx driver: Debian's mtx driving tgt's emulated changer over iSCSI. */
class MtxChangerContractTest extends ChangerContract {
    @RegisterExtension
    static final TgtLab LAB = new TgtLab();

    @Override
    protected Changer open() throws Exception {
        LAB.reset();
        return LAB.mtxLibrary("tgt").open();
    }

    @Override
    protected DataPath dataPath() throws Exception {
        return LAB.mtxLibrary("tgt").dataPath();
    }

    @Override
    protected void operatorSetsPort(int port, String barCode) {
        if (barCode == null) {
            LAB.takeFromPort(port);
        } else {
            LAB.putInPort(port, barCode);
        }
    }
}
