package org.openrsm.engine;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.openrsm.changer.ChangerSpec;
import org.openrsm.changer.TgtLab;

/** The engine's flows on tgt through the mtx driver. */
class MtxTgtLibraryTest extends TgtLibraryFlows {
    @RegisterExtension
    static final TgtLab LAB = new TgtLab();

    @Override
    TgtLab lab() {
        return LAB;
    }

    @Override
    ChangerSpec library() {
        return LAB.mtxLibrary("tgt-mtx");
    }
}
