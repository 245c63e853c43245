package org.openrsm.engine;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.openrsm.api.LibraryId;
import org.openrsm.api.LogicalMediaId;
import org.openrsm.api.MediaPoolId;
import org.openrsm.api.PhysicalMediaId;
import org.openrsm.api.RsmId;
import org.openrsm.api.SideId;
import org.openrsm.api.SideState;
import org.openrsm.engine.catalog.Acls;

/**
 * The only place where transaction state becomes text and back: deferred operations as {@code TX_LOG} keeps them
 * ({@code KIND|arg|arg}, each argument URL-encoded so that none holds a separator or a line break) and the undo
 * data of an allocation made in a branch ({@code PENDING_UNDO}: {@code sideState;previousPool;reserved,sides}).
 * The formats are those of schema version 4: branches logged by an older OpenRSM read back unchanged.
 */
final class TransactionCodec {
    private TransactionCodec() {
    }

    /** How to undo an allocation: the side's state before, the pool the cartridge came from, the sides NEW reserved. */
    record AllocationUndo(SideState before, MediaPoolId previousPool, List<SideId> reserved) {
        AllocationUndo {
            reserved = List.copyOf(reserved);
        }
    }

    static String text(DeferredOp op) {
        List<String> args = new ArrayList<>();
        if (op instanceof DeferredOp.Dismount d) {
            args.add(String.valueOf(d.deferred()));
            d.sides().forEach(side -> args.add(side.value().toString()));
        } else if (op instanceof DeferredOp.Deallocate d) {
            args.add(d.medium().value().toString());
        } else if (op instanceof DeferredOp.Complete c) {
            args.add(c.medium().value().toString());
        } else if (op instanceof DeferredOp.MoveToPool m) {
            args.add(m.medium().value().toString());
            args.add(m.pool().value().toString());
        } else if (op instanceof DeferredOp.SetAcl a) {
            args.add((a.object() instanceof LibraryId ? "LIBRARY:" : "MEDIA_POOL:") + a.object().value());
            args.add(Acls.format(a.acl()));
        }
        return kind(op) + "|" + String.join("|", args.stream().map(a -> URLEncoder.encode(a, StandardCharsets.UTF_8)).toList());
    }

    static DeferredOp parse(String text) {
        String[] parts = text.split("\\|", -1);
        List<String> a = Arrays.stream(parts, 1, parts.length).map(x -> URLDecoder.decode(x, StandardCharsets.UTF_8)).toList();
        return switch (parts[0]) {
            case "DISMOUNT" -> new DeferredOp.Dismount(a.subList(1, a.size()).stream().map(x -> new SideId(UUID.fromString(x)))
                    .toList(), Boolean.parseBoolean(a.get(0)));
            case "DEALLOCATE" -> new DeferredOp.Deallocate(new LogicalMediaId(UUID.fromString(a.get(0))));
            case "COMPLETE" -> new DeferredOp.Complete(new LogicalMediaId(UUID.fromString(a.get(0))));
            case "MOVE" -> new DeferredOp.MoveToPool(new PhysicalMediaId(UUID.fromString(a.get(0))),
                    new MediaPoolId(UUID.fromString(a.get(1))));
            case "ACL" -> new DeferredOp.SetAcl(aclObject(a.get(0)), Acls.parse(a.get(1)));
            default -> throw new IllegalArgumentException("not a deferred operation of TX_LOG: " + parts[0]);
        };
    }

    /** The operation's name in TX_LOG, the branch's history and messages. */
    static String kind(DeferredOp op) {
        if (op instanceof DeferredOp.Dismount) {
            return "DISMOUNT";
        } else if (op instanceof DeferredOp.Deallocate) {
            return "DEALLOCATE";
        } else if (op instanceof DeferredOp.Complete) {
            return "COMPLETE";
        } else if (op instanceof DeferredOp.MoveToPool) {
            return "MOVE";
        }
        return "ACL";
    }

    private static RsmId aclObject(String text) {
        UUID id = UUID.fromString(text.substring(text.indexOf(':') + 1));
        return text.startsWith("LIBRARY:") ? new LibraryId(id) : new MediaPoolId(id);
    }

    static String text(AllocationUndo undo) {
        return undo.before().code() + ";" + (undo.previousPool() == null ? "" : undo.previousPool().value()) + ";"
                + String.join(",", undo.reserved().stream().map(id -> id.value().toString()).toList());
    }

    /** The undo data of a pending allocation; none (an allocation logged before undo data existed) undoes to AVAILABLE. */
    static AllocationUndo parseUndo(String text) {
        if (text == null) {
            return new AllocationUndo(SideState.AVAILABLE, null, List.of());
        }
        String[] undo = text.split(";", -1);
        List<SideId> reserved = undo.length > 2 && !undo[2].isEmpty()
                ? Arrays.stream(undo[2].split(",")).map(x -> new SideId(UUID.fromString(x))).toList() : List.of();
        return new AllocationUndo(SideState.ofCode(Integer.parseInt(undo[0])),
                undo[1].isEmpty() ? null : new MediaPoolId(UUID.fromString(undo[1])), reserved);
    }
}
