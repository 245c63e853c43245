package org.openrsm.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import org.junit.jupiter.api.Test;
import org.openrsm.api.AccessMode;
import org.openrsm.api.AllocateOptions;
import org.openrsm.api.DismountMode;
import org.openrsm.api.DriveId;
import org.openrsm.api.LogicalMediaId;
import org.openrsm.api.LogicalMediaInfo;
import org.openrsm.api.MediaPoolId;
import org.openrsm.api.MediaSession;
import org.openrsm.api.MountOptions;
import org.openrsm.api.SideId;

/**
 * A side given back by its owner never shows that owner's data to the next one (issue "The sample as a service":
 * a recycled tape showed the previous archive's bytes after a shorter write).
 */
class StaleDataTest extends EngineTestBase {

    @Test
    void aTapeWhoseAllocationRolledBackReadsBlankToItsNextOwnerAndAShorterWriteEndsTheData() throws Exception {
        start(l -> l.drives(1).slots(4).cartridges(1));
        MediaSession app = session("app");
        MediaPoolId pool = archivePool(app);

        TransactionBranch rolled = server.branch("tx-rolled-back-archive");
        rolled.enlist(app);
        LogicalMediaId first = app.allocate(pool, AllocateOptions.errorIfNoneAvailable());
        SideId side = app.info(first, LogicalMediaInfo.class).side();
        DriveId drive = app.mount(first, MountOptions.write());
        write(app.open(drive, AccessMode.WRITE), "a long archive that was rolled back, #6179");
        app.dismount(first, DismountMode.DEFERRED);
        rolled.delist(app);
        rolled.rollback();

        LogicalMediaId second = app.allocate(pool, AllocateOptions.errorIfNoneAvailable());
        assertThat(app.info(second, LogicalMediaInfo.class).side()).as("the same tape again").isEqualTo(side);
        DriveId again = app.mount(second, MountOptions.write());
        assertThat(read(app.open(again, AccessMode.READ))).as("the next owner reads nothing of the last one").isEmpty();
        SeekableByteChannel out = app.open(again, AccessMode.WRITE);
        assertThat(out.size()).isZero();
        write(out, "short");
        assertThat(read(app.open(again, AccessMode.READ))).isEqualTo("short");
        app.dismount(second, DismountMode.IMMEDIATE);
        app.awaitIdle(second, java.time.Duration.ofSeconds(10));
        // once written, the side is its owner's: after a restart of the engine too
        restart(l -> l.drives(1).slots(4).cartridges(1));
        MediaSession later = session("app");
        DriveId read = later.mount(second, MountOptions.read());
        assertThat(read(later.open(read, AccessMode.READ))).isEqualTo("short");
    }

    @Test
    void aDeallocatedSideReadsBlankEvenAfterARestartAndIsWrittenFromItsStart() throws Exception {
        start(l -> l.drives(1).slots(4).cartridges(1));
        MediaSession app = session("app");
        LogicalMediaId first = allocate(app);
        DriveId drive = app.mount(first, MountOptions.write());
        write(app.open(drive, AccessMode.WRITE), "the first owner's secret");
        app.dismount(first, DismountMode.DEFERRED);
        app.deallocate(first);

        restart(l -> l.drives(1).slots(4).cartridges(1));
        MediaSession next = session("next");
        LogicalMediaId second = allocate(next);
        DriveId again = next.mount(second, MountOptions.write());
        assertThat(read(next.open(again, AccessMode.READ))).isEmpty();
        try (SeekableByteChannel out = next.open(again, AccessMode.WRITE)) {
            assertThatThrownBy(() -> out.position(5)).isInstanceOf(IOException.class).hasMessageContaining("from its start");
        }
        // a channel closed without writing leaves the side blank
        assertThat(read(next.open(again, AccessMode.READ))).isEmpty();
    }
}
