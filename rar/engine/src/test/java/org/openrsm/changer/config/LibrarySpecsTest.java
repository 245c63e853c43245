package org.openrsm.changer.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openrsm.changer.Changer;
import org.openrsm.changer.ChangerException;
import org.openrsm.changer.ChangerSpec;
import org.openrsm.changer.TgtLab;
import org.openrsm.changer.mtx.MtxLibrary;
import org.openrsm.changer.sim.SimulatedLibrary;
import org.openrsm.changer.smc.SmcLibrary;

/** The resource adapter's {@code libraries} property: every driver, and every mistake named. */
class LibrarySpecsTest {
    @RegisterExtension
    static final TgtLab LAB = new TgtLab();

    private static List<ChangerSpec> parse(String text) {
        return LibrarySpecs.parse(text, folder -> Path.of("/tmp/openrsm-test-data").resolve(folder));
    }

    @Test
    void threeLibrariesOfThreeDriversOpenAsConfigured() throws Exception {
        LAB.reset();
        List<ChangerSpec> specs = parse("  demo: simulated drives=3 slots=12 ports=1 cartridges=5 barCodePrefix=D "
                + "dataFolder=demo-data;\n tgt-smc: smc device=" + LAB.url(3) + " drives=auto ;"
                + " tgt-mtx: mtx changer=/dev/sg-openrsm-tgt preload=" + LAB.shim() + " shimUrl=" + LAB.url(3)
                + " drives=" + String.join(",", LAB.driveUrls()) + " timeoutSeconds=60;");
        assertThat(specs).extracting(ChangerSpec::name).containsExactly("demo", "tgt-smc", "tgt-mtx");
        assertThat(specs.get(0)).isInstanceOf(SimulatedLibrary.class);
        assertThat(specs.get(1)).isInstanceOf(SmcLibrary.class);
        assertThat(specs.get(2)).isInstanceOf(MtxLibrary.class);
        for (ChangerSpec spec : specs.subList(1, 3)) {
            try (Changer c = spec.open()) {
                assertThat(c.driveCount()).isEqualTo(2);
                assertThat(c.slotCount()).isEqualTo(8);
                assertThat(c.deviceName(2)).isEqualTo(LAB.url(2));
            }
        }
    }

    @Test
    void mistakesNameTheLibraryTheSettingAndWhatIsAllowed() {
        assertThatThrownBy(() -> parse("a: robot drives=2")).hasMessageContaining("library a has the unknown driver "
                + "'robot'").hasMessageContaining("simulated, mtx and smc");
        assertThatThrownBy(() -> parse("a: simulated drivez=2")).hasMessageContaining("unknown setting 'drivez=2'")
                .hasMessageContaining("drives");
        assertThatThrownBy(() -> parse("a: simulated drives=two")).hasMessageContaining("drives=two is not a number");
        assertThatThrownBy(() -> parse("a: smc drives=auto")).hasMessageContaining("library a needs device=");
        assertThatThrownBy(() -> parse("a: mtx")).hasMessageContaining("needs changer=");
        assertThatThrownBy(() -> parse("a: simulated; a: simulated")).hasMessageContaining("two libraries are called a");
        assertThatThrownBy(() -> parse("just words")).hasMessageContaining("'name: driver key=value");
        assertThatThrownBy(() -> parse(" ; ")).hasMessageContaining("no library is configured");
        assertThatThrownBy(() -> parse("a b: simulated")).hasMessageContaining("library name 'a b'");
        assertThatThrownBy(() -> parse("a: mtx changer=/dev/sg3 unloadDrives=maybe"))
                .hasMessageContaining("unloadDrives=maybe must be true or false");
        assertThatThrownBy(() -> parse("a: smc device=iscsi://host/no-lun")).hasMessageContaining("library a")
                .hasMessageContaining("iscsi://host[:port]/target/lun");
    }

    @Test
    void aDeviceThatDoesNotAnswerFailsTheOpenWithItsName() {
        ChangerSpec spec = parse("gone: smc device=iscsi://127.0.0.1:1/iqn.2026-12.org.openrsm:none/3").get(0);
        assertThatThrownBy(spec::open).isInstanceOf(ChangerException.class).hasMessageContaining("gone")
                .hasMessageContaining("127.0.0.1:1");
        ChangerSpec mtx = parse("nomtx: mtx changer=/dev/sg-openrsm-missing command=/nonexistent/mtx").get(0);
        assertThatThrownBy(mtx::open).isInstanceOf(ChangerException.class).hasMessageContaining("nomtx")
                .hasMessageContaining("mtx");
    }
}
