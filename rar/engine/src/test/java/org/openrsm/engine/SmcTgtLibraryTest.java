package org.openrsm.engine;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.openrsm.changer.ChangerSpec;
import org.openrsm.changer.TgtLab;

/** The engine's flows on tgt through the native smc driver over iSCSI. */
class SmcTgtLibraryTest extends TgtLibraryFlows {
    @RegisterExtension
    static final TgtLab LAB = new TgtLab();

    @Override
    TgtLab lab() {
        return LAB;
    }

    @Override
    ChangerSpec library() {
        return LAB.smcLibrary("tgt-smc");
    }
}
