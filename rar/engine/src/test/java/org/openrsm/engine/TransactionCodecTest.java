package org.openrsm.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openrsm.api.AccessEntry;
import org.openrsm.api.AccessRight;
import org.openrsm.api.Acl;
import org.openrsm.api.LibraryId;
import org.openrsm.api.LogicalMediaId;
import org.openrsm.api.MediaPoolId;
import org.openrsm.api.PhysicalMediaId;
import org.openrsm.api.SideId;
import org.openrsm.api.SideState;
import org.openrsm.engine.catalog.Acls;

/** Transaction state as text: every operation reads back as written, and what schema version 4 wrote still reads. */
class TransactionCodecTest {
    private static final UUID A = UUID.fromString("6f1c2f0e-9d59-4d8e-9a55-0f6f3c1b2a10");
    private static final UUID B = UUID.fromString("0b7f4c53-2a7e-4b9e-8c1d-3e5a6f7b8c9d");

    @Test
    void everyOperationReadsBackAsWritten() {
        List<DeferredOp> ops = List.of(
                new DeferredOp.Dismount(List.of(new SideId(A), new SideId(B)), true),
                new DeferredOp.Dismount(List.of(new SideId(A)), false),
                new DeferredOp.Deallocate(new LogicalMediaId(A)),
                new DeferredOp.Complete(new LogicalMediaId(B)),
                new DeferredOp.MoveToPool(new PhysicalMediaId(A), new MediaPoolId(B)),
                new DeferredOp.SetAcl(new LibraryId(A), Acl.of(AccessEntry.of("ops|team\nnight", AccessRight.CONTROL))),
                new DeferredOp.SetAcl(new MediaPoolId(B), Acl.of(AccessEntry.of(AccessEntry.EVERYONE, AccessRight.USE))));
        for (DeferredOp op : ops) {
            String text = TransactionCodec.text(op);
            assertThat(text).as("one line for TX_LOG").doesNotContain("\n");
            assertThat(TransactionCodec.parse(text)).isEqualTo(op);
        }
    }

    @Test
    void whatSchemaVersion4WroteStillReads() {
        assertThat(TransactionCodec.parse("DISMOUNT|true|" + A + "|" + B))
                .isEqualTo(new DeferredOp.Dismount(List.of(new SideId(A), new SideId(B)), true));
        assertThat(TransactionCodec.parse("MOVE|" + A + "|" + B))
                .isEqualTo(new DeferredOp.MoveToPool(new PhysicalMediaId(A), new MediaPoolId(B)));
        assertThat(TransactionCodec.parse("ACL|LIBRARY%3A" + A + "|" + java.net.URLEncoder.encode(
                Acls.format(Acls.EVERYONE_USE), java.nio.charset.StandardCharsets.UTF_8)))
                .isEqualTo(new DeferredOp.SetAcl(new LibraryId(A), Acls.EVERYONE_USE));
        assertThatThrownBy(() -> TransactionCodec.parse("FORMAT|" + A)).hasMessageContaining("FORMAT");
    }

    @Test
    void allocationUndoReadsBackAndAMissingOneUndoesToAvailable() {
        var undo = new TransactionCodec.AllocationUndo(SideState.RESERVED, new MediaPoolId(A), List.of(new SideId(B)));
        assertThat(TransactionCodec.parseUndo(TransactionCodec.text(undo))).isEqualTo(undo);
        var plain = new TransactionCodec.AllocationUndo(SideState.AVAILABLE, null, List.of());
        assertThat(TransactionCodec.text(plain)).isEqualTo(SideState.AVAILABLE.code() + ";;");
        assertThat(TransactionCodec.parseUndo(TransactionCodec.text(plain))).isEqualTo(plain);
        assertThat(TransactionCodec.parseUndo(null)).isEqualTo(plain);
    }
}
