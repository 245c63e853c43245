package org.openrsm.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.openrsm.api.AccessEntry;
import org.openrsm.api.AccessRight;
import org.openrsm.api.Acl;
import org.openrsm.api.AllocateOptions;
import org.openrsm.api.CreateDisposition;
import org.openrsm.api.DismountMode;
import org.openrsm.api.InventoryMethod;
import org.openrsm.api.LibraryId;
import org.openrsm.api.LogicalMediaId;
import org.openrsm.api.MediaPoolId;
import org.openrsm.api.MediaPoolPolicy;
import org.openrsm.api.MediaSession;
import org.openrsm.api.MountOptions;
import org.openrsm.api.RsmError;

/** RSM's rights (RSM.md §4): USE, MODIFY and CONTROL on libraries and pools, by user and group. */
class SecurityTest extends EngineTestBase {

    private static void denied(String right, ThrowingCallable call) {
        assertThatThrownBy(call).satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.ACCESS_DENIED))
                .hasMessageContaining("no " + right + " right");
    }

    @Test
    void controlOnThePoolIsNeededToAllocateAndTheCreatorHasIt() throws Exception {
        start(2, 6);
        MediaSession admin = session("admin-app");
        MediaPoolId pool = archivePool(admin);
        MediaSession bob = session("bob-app", "bob");
        denied("CONTROL", () -> bob.allocate(pool, AllocateOptions.errorIfNoneAvailable()));
        assertThatThrownBy(() -> bob.allocate(pool, AllocateOptions.errorIfNoneAvailable()))
                .hasMessageContaining("user bob").hasMessageContaining("media pool \\Archive").hasMessageContaining("allocate");

        // a pool bob creates gives bob every right
        MediaPoolId bobs = bob.createMediaPool("\\Bob", bob.mediaType("LTO_Ultrium"), CreateDisposition.CREATE_NEW);
        assertThat(bob.security(bobs).rightsOf("bob", java.util.Set.of())).containsExactlyInAnyOrder(AccessRight.values());
        bob.setMediaPoolPolicy(bobs, new MediaPoolPolicy(true, false, 0));
        LogicalMediaId tape = bob.allocate(bobs, AllocateOptions.errorIfNoneAvailable());
        assertThat(bob.mount(tape, MountOptions.read())).isNotNull();
        bob.dismount(tape, DismountMode.DEFERRED);
        // alice, a stranger, may use but not change bob's pool
        MediaSession alice = session("alice-app", "alice");
        denied("CONTROL", () -> alice.deallocate(tape));
        denied("MODIFY", () -> alice.setMediaPoolPolicy(bobs, MediaPoolPolicy.DEFAULT));
        denied("MODIFY", () -> alice.deleteMediaPool(bobs));
        denied("CONTROL", () -> alice.setSecurity(bobs, Acl.of()));
    }

    @Test
    void useOnPoolAndLibraryIsNeededToMount() throws Exception {
        start(2, 6);
        MediaSession admin = session("admin-app");
        MediaPoolId pool = archivePool(admin);
        LogicalMediaId tape = admin.allocate(pool, AllocateOptions.errorIfNoneAvailable());
        admin.setSecurity(pool, Acl.of(AccessEntry.of("archivists", AccessRight.USE)));
        MediaSession bob = session("bob-app", "bob");
        denied("USE", () -> bob.mount(tape, MountOptions.read()));
        MediaSession carol = session("carol-app", "carol", "archivists");
        assertThat(carol.mount(tape, MountOptions.read())).isNotNull();
        carol.dismount(tape, DismountMode.DEFERRED);

        LibraryId lib = library(admin).id();
        admin.setSecurity(lib, Acl.of(AccessEntry.of("operators", AccessRight.USE, AccessRight.MODIFY, AccessRight.CONTROL)));
        denied("USE", () -> carol.mount(tape, MountOptions.read()));
    }

    @Test
    void controlOnTheLibraryIsNeededForLibraryWorkAndModifyForEnableAndDisable() throws Exception {
        start(2, 6);
        MediaSession admin = session("admin-app");
        LibraryId lib = library(admin).id();
        MediaSession bob = session("bob-app", "bob");
        denied("CONTROL", () -> bob.inventory(lib, InventoryMethod.FAST));
        denied("CONTROL", () -> bob.accessDoor(lib));
        denied("CONTROL", () -> bob.cleanDrive(drives(admin).get(0).id()));
        denied("MODIFY", () -> bob.disable(lib));
        denied("MODIFY", () -> bob.dismountDrive(drives(admin).get(0).id()));
        denied("MODIFY", () -> bob.setDeferDismountDelay(drives(admin).get(0).id(), java.time.Duration.ZERO));
        assertThat(library(admin).enabled()).isTrue();

        admin.setSecurity(lib, Acl.of(AccessEntry.of(AccessEntry.EVERYONE, AccessRight.USE),
                AccessEntry.of("bob", AccessRight.CONTROL, AccessRight.MODIFY)));
        bob.disable(lib);
        bob.enable(lib);
        assertThat(bob.awaitLibraryRequest(bob.inventory(lib, InventoryMethod.FAST), java.time.Duration.ofSeconds(5)).error()).isNull();
    }

    @Test
    void theAdministratorPrincipalHasEveryRightAndAclsSurviveARestart() throws Exception {
        start(2, 6);
        MediaSession root = session("console", "admin");
        LibraryId lib = library(root).id();
        root.setSecurity(lib, Acl.of(AccessEntry.of("nobody-at-all", AccessRight.USE)));
        root.inventory(lib, InventoryMethod.NONE);
        MediaSession opsGroup = session("console", "dave", "admin");
        opsGroup.disable(lib);
        opsGroup.enable(lib);
        restart(l -> l.drives(2).slots(6));
        MediaSession again = session("console", "admin");
        assertThat(again.security(lib).entries()).containsExactly(AccessEntry.of("nobody-at-all", AccessRight.USE));
        denied("USE", () -> session("x", "eve").mount(List.of(allocate(again)), MountOptions.read()));
    }
}
