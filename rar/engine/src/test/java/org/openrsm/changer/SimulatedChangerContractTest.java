package org.openrsm.changer;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.openrsm.changer.sim.SimulatedLibrary;

/** The changer contract on the simulated library. */
class SimulatedChangerContractTest extends ChangerContract {
    @TempDir
    Path data;
    private SimulatedLibrary library;

    @Override
    protected Changer open() throws Exception {
        library = SimulatedLibrary.named("sim").drives(2).slots(8).ioPorts(2).cartridges(6).barCodes("A", "L4")
                .dataFolder(data);
        return library.open();
    }

    @Override
    protected DataPath dataPath() throws Exception {
        return SimulatedLibrary.named("sim").drives(2).slots(8).ioPorts(2).dataFolder(data).dataPath();
    }

    @Override
    protected void operatorSetsPort(int port, String barCode) throws Exception {
        if (barCode == null) {
            library.takeFromPort(port);
        } else {
            library.putInPort(port, barCode);
        }
    }
}
