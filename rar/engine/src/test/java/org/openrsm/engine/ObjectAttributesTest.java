package org.openrsm.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openrsm.api.CreateDisposition;
import org.openrsm.api.DriveId;
import org.openrsm.api.DriveInfo;
import org.openrsm.api.LibraryId;
import org.openrsm.api.LogicalMediaId;
import org.openrsm.api.LogicalMediaInfo;
import org.openrsm.api.MediaPoolId;
import org.openrsm.api.MediaPoolInfo;
import org.openrsm.api.MediaSession;
import org.openrsm.api.PhysicalMediaId;
import org.openrsm.api.PhysicalMediaInfo;
import org.openrsm.api.RsmError;

/** Get/SetNtmsObjectAttribute and the names and descriptions of SetNtmsObjectInformation. */
class ObjectAttributesTest extends EngineTestBase {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void attributesAreNamedBlobsThatSurviveARestartAndGoWithTheirObject() throws Exception {
        start(l -> l.drives(1).slots(4).cartridges(2));
        MediaSession s = session("app");
        LogicalMediaId lm = allocate(s);
        LibraryId lib = library(s).id();
        s.setAttribute(lm, "retention", bytes("7 years"));
        s.setAttribute(lm, "retention", bytes("10 years"));   // replaces
        s.setAttribute(lib, "site", bytes("vault B"));
        assertThat(s.attribute(lm, "retention")).isEqualTo(bytes("10 years"));
        assertThatThrownBy(() -> s.attribute(lm, "owner"))
                .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.OBJECT_NOT_FOUND)).hasMessageContaining("'owner'");

        // bad input: name too long or empty, data of 64 KiB, unknown object
        String longName = "n".repeat(MediaSession.MAX_ATTRIBUTE_NAME + 1);
        assertThatThrownBy(() -> s.setAttribute(lm, longName, bytes("x")))
                .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.INVALID_NAME)).hasMessageContaining("33 characters");
        assertThatThrownBy(() -> s.setAttribute(lm, "", bytes("x")))
                .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.INVALID_NAME));
        assertThatThrownBy(() -> s.setAttribute(lm, "big", new byte[MediaSession.MAX_ATTRIBUTE_SIZE]))
                .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.INVALID_PARAMETER)).hasMessageContaining("65536 bytes");
        assertThatThrownBy(() -> s.setAttribute(LogicalMediaId.random(), "x", bytes("x")))
                .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.OBJECT_NOT_FOUND));
        s.setAttribute(lm, "big", new byte[MediaSession.MAX_ATTRIBUTE_SIZE - 1]);
        assertThat(s.attribute(lm, "big")).hasSize(MediaSession.MAX_ATTRIBUTE_SIZE - 1);
        // MODIFY on the pool is needed to set, USE to read
        MediaSession bob = session("x", "bob");
        assertThat(bob.attribute(lib, "site")).isEqualTo(bytes("vault B"));
        assertThatThrownBy(() -> bob.setAttribute(lib, "site", bytes("elsewhere")))
                .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.ACCESS_DENIED)).hasMessageContaining("MODIFY");

        restart(l -> l.drives(1).slots(4).cartridges(2));
        MediaSession again = session("app");
        assertThat(again.attribute(lm, "retention")).isEqualTo(bytes("10 years"));
        assertThat(again.attribute(lib, "site")).isEqualTo(bytes("vault B"));
        again.setAttribute(lm, "retention", null);   // removes
        assertThatThrownBy(() -> again.attribute(lm, "retention"))
                .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.OBJECT_NOT_FOUND));

        // deallocating deletes the logical medium and its attributes with it
        again.deallocate(lm);
        try (var c = storeConnection();
             var ps = c.prepareStatement("SELECT COUNT(*) FROM OBJECT_ATTRIBUTE WHERE OBJECT_ID = ?")) {
            ps.setString(1, lm.value().toString());
            try (var rs = ps.executeQuery()) {
                rs.next();
                assertThat(rs.getInt(1)).isZero();
            }
        }
    }

    @Test
    void descriptionsAreKeptUpTo127Characters() throws Exception {
        start(l -> l.drives(1).slots(4).cartridges(2));
        MediaSession s = session("app");
        DriveId drive = drives(s).get(0).id();
        assertThat(s.description(drive)).isEmpty();
        s.setDescription(drive, "left-hand LTO-8 drive, firmware 2.1");
        assertThat(s.description(drive)).isEqualTo("left-hand LTO-8 drive, firmware 2.1");
        assertThatThrownBy(() -> s.setDescription(drive, "d".repeat(128)))
                .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.INVALID_NAME)).hasMessageContaining("128 characters");
        assertThat(s.description(drive)).isEqualTo("left-hand LTO-8 drive, firmware 2.1");
        assertThatThrownBy(() -> session("x", "bob").setDescription(library(s).id(), "mine"))
                .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.ACCESS_DENIED)).hasMessageContaining("CONTROL");
        restart(l -> l.drives(1).slots(4).cartridges(2));
        MediaSession again = session("app");
        assertThat(again.description(drive)).isEqualTo("left-hand LTO-8 drive, firmware 2.1");
        again.setDescription(drive, "");
        assertThat(again.description(drive)).isEmpty();
    }

    @Test
    void drivesCartridgesLogicalMediaAndApplicationPoolsCanBeRenamed() throws Exception {
        start(l -> l.drives(2).slots(4).cartridges(2));
        MediaSession s = session("app");
        DriveId d1 = drives(s).get(0).id();
        s.setName(d1, "left");
        assertThat(s.info(d1, DriveInfo.class).name()).isEqualTo("left");
        assertThat(driveBean("left").getState()).isNotNull();
        assertThatThrownBy(() -> s.setName(drives(s).get(1).id(), "left"))
                .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.ALREADY_EXISTS));

        PhysicalMediaId cartridge = media(s).get(0).id();
        s.setName(cartridge, "Quarterly 2026-Q3");
        assertThat(s.info(cartridge, PhysicalMediaInfo.class).name()).isEqualTo("Quarterly 2026-Q3");
        LogicalMediaId lm = allocate(s);
        s.setName(lm, "invoices");
        assertThat(s.info(lm, LogicalMediaInfo.class).name()).isEqualTo("invoices");

        // a pool and the pools below it take the new path
        MediaPoolId archive = s.createMediaPool("\\Dept", null, CreateDisposition.CREATE_NEW);
        MediaPoolId child = s.createMediaPool("\\Dept\\LTO", s.mediaType("LTO_Ultrium"), CreateDisposition.CREATE_NEW);
        s.setName(archive, "Records");
        assertThat(s.info(archive, MediaPoolInfo.class).path()).isEqualTo("\\Records");
        assertThat(s.info(child, MediaPoolInfo.class).path()).isEqualTo("\\Records\\LTO");
        assertThat(s.mediaPool("\\Records\\LTO")).isEqualTo(child);
        assertThatThrownBy(() -> s.mediaPool("\\Dept"))
                .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.OBJECT_NOT_FOUND));

        // what cannot be renamed, and bad names
        assertThatThrownBy(() -> s.setName(s.mediaPool("\\Free\\LTO_Ultrium"), "Mine"))
                .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.INVALID_PARAMETER)).hasMessageContaining("system pool");
        assertThatThrownBy(() -> s.setName(library(s).id(), "big one"))
                .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.INVALID_PARAMETER)).hasMessageContaining("libraryName");
        assertThatThrownBy(() -> s.setName(lm, "a\\b"))
                .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.INVALID_NAME));
        assertThatThrownBy(() -> s.setName(lm, "n".repeat(65)))
                .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.INVALID_NAME)).hasMessageContaining("65 characters");
        assertThatThrownBy(() -> session("x", "bob").setName(archive, "Bob's"))
                .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.ACCESS_DENIED));

        restart(l -> l.drives(2).slots(4).cartridges(2));
        MediaSession again = session("app");
        assertThat(drives(again)).extracting(DriveInfo::name).containsExactly("left", "drive2");
        assertThat(again.info(cartridge, PhysicalMediaInfo.class).name()).isEqualTo("Quarterly 2026-Q3");
        assertThat(again.info(child, MediaPoolInfo.class).path()).isEqualTo("\\Records\\LTO");
        assertThat(List.of(again.info(lm, LogicalMediaInfo.class).name())).containsExactly("invoices");
    }
}
