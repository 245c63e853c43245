package org.openrsm.changer.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.openrsm.changer.ChangerSpec;
import org.openrsm.changer.mtx.MtxLibrary;
import org.openrsm.changer.sim.SimulatedLibrary;
import org.openrsm.changer.smc.SmcLibrary;

/**
 * The libraries of a server, as one configuration text (the resource adapter's {@code libraries} property):
 * entries separated by {@code ;}, each {@code name: driver key=value …}, for example
 * <pre>
 * archive: smc device=iscsi://10.0.0.5:3260/iqn.2005-10.org.example:vtl/0 drives=auto;
 * lto: mtx changer=/dev/tape/by-id/scsi-1IBM_3573-TL_00L4U78A5815_LL0 drives=/dev/nst0,/dev/nst1;
 * demo: simulated drives=4 slots=100 ports=2
 * </pre>
 * A mistake (unknown driver or key, a value that is not a number, a missing device, two libraries of one name)
 * is an IllegalArgumentException that names the library, the key and what is allowed.
 */
public final class LibrarySpecs {
    private static final Map<String, Set<String>> KEYS = Map.of(
            "simulated", Set.of("drives", "slots", "ports", "cartridges", "mediaType", "dataFolder", "robotMoveMillis",
                    "driveLoadMillis", "barCodePrefix", "barCodeSuffix"),
            "mtx", Set.of("changer", "drives", "mediaType", "timeoutSeconds", "notReadySeconds", "unloadDrives",
                    "command", "eepos", "preload", "shimUrl"),
            "smc", Set.of("device", "drives", "mediaType", "timeoutSeconds", "notReadySeconds", "unloadDrives"));

    private LibrarySpecs() {
    }

    /**
     * Parses the text; {@code dataFolder} resolves a simulated library's relative data folder (default: its name
     * in that folder).
     */
    public static List<ChangerSpec> parse(String text, Function<String, Path> dataFolder) {
        List<ChangerSpec> specs = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (String raw : text.split(";")) {
            String entry = raw.strip();
            if (entry.isEmpty()) {
                continue;
            }
            int colon = entry.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("libraries: '" + entry + "' must read 'name: driver key=value …' "
                        + "(drivers: simulated, mtx, smc)");
            }
            String name = entry.substring(0, colon).strip();
            String[] words = entry.substring(colon + 1).strip().split("\\s+");
            String driver = words[0];
            if (!KEYS.containsKey(driver)) {
                throw new IllegalArgumentException("libraries: library " + name + " has the unknown driver '" + driver
                        + "'; the drivers are simulated, mtx and smc");
            }
            Map<String, String> values = new LinkedHashMap<>();
            for (String word : Arrays.asList(words).subList(1, words.length)) {
                int eq = word.indexOf('=');
                String key = eq < 0 ? word : word.substring(0, eq);
                if (eq <= 0 || !KEYS.get(driver).contains(key)) {
                    throw new IllegalArgumentException("libraries: library " + name + " (" + driver + ") has the unknown "
                            + "setting '" + word + "'; its settings are " + new java.util.TreeSet<>(KEYS.get(driver)));
                }
                values.put(key, word.substring(eq + 1));
            }
            if (!names.add(name)) {
                throw new IllegalArgumentException("libraries: two libraries are called " + name);
            }
            try {
                specs.add(switch (driver) {
                    case "simulated" -> simulated(name, new Values(name, values), dataFolder);
                    case "mtx" -> mtx(name, new Values(name, values));
                    default -> smc(name, new Values(name, values));
                });
            } catch (IllegalArgumentException e) {
                throw e.getMessage().startsWith("libraries:") ? e
                        : new IllegalArgumentException("libraries: library " + name + ": " + e.getMessage(), e);
            }
        }
        if (specs.isEmpty()) {
            throw new IllegalArgumentException("libraries: no library is configured");
        }
        return specs;
    }

    private static SimulatedLibrary simulated(String name, Values v, Function<String, Path> dataFolder) {
        SimulatedLibrary l = SimulatedLibrary.named(name).drives(v.number("drives", 2)).slots(v.number("slots", 20))
                .ioPorts(v.number("ports", 1)).mediaType(v.text("mediaType", "LTO_Ultrium"))
                .dataFolder(dataFolder.apply(v.text("dataFolder", name)))
                .robotMoveTime(Duration.ofMillis(v.number("robotMoveMillis", 0)))
                .driveLoadTime(Duration.ofMillis(v.number("driveLoadMillis", 0)))
                .barCodes(v.text("barCodePrefix", "A"), v.text("barCodeSuffix", "L8"));
        if (v.has("cartridges")) {
            l.cartridges(v.number("cartridges", 0));
        }
        return l;
    }

    private static MtxLibrary mtx(String name, Values v) {
        MtxLibrary l = MtxLibrary.named(name).changerDevice(v.required("changer", "the changer's SCSI generic device, "
                + "e.g. /dev/sg3")).mediaType(v.text("mediaType", "LTO_Ultrium"))
                .commandTimeout(Duration.ofSeconds(v.number("timeoutSeconds", 300)))
                .notReadyWait(Duration.ofSeconds(v.number("notReadySeconds", 120)))
                .unloadDrives(v.bool("unloadDrives", true)).command(v.text("command", "mtx"));
        if (v.has("drives")) {
            l.driveDevices(v.list("drives"));
        }
        if (v.has("eepos")) {
            l.eepos(v.number("eepos", 0));
        }
        if (v.has("preload")) {
            // a transport shim for mtx (the tests' and demo's way to reach tgt over iSCSI)
            l.environment("LD_PRELOAD", v.text("preload", null)).environment("SGSHIM_PATH", v.text("changer", null))
                    .environment("SGSHIM_URL", v.required("shimUrl", "the iSCSI URL the shim sends the commands to"));
        }
        return l;
    }

    private static SmcLibrary smc(String name, Values v) {
        SmcLibrary l = SmcLibrary.named(name).device(v.required("device", "iscsi://host:port/target/lun or /dev/sgN"))
                .mediaType(v.text("mediaType", "LTO_Ultrium"))
                .commandTimeout(Duration.ofSeconds(v.number("timeoutSeconds", 300)))
                .notReadyWait(Duration.ofSeconds(v.number("notReadySeconds", 120)))
                .unloadDrives(v.bool("unloadDrives", true));
        if ("auto".equals(v.text("drives", ""))) {
            l.autoDrives();
        } else if (v.has("drives")) {
            l.driveDevices(v.list("drives"));
        }
        return l;
    }

    /** The settings of one library, read with the library's name in every error. */
    private record Values(String library, Map<String, String> map) {
        boolean has(String key) {
            return map.containsKey(key);
        }

        String text(String key, String otherwise) {
            return map.getOrDefault(key, otherwise);
        }

        String required(String key, String what) {
            String value = map.get(key);
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("libraries: library " + library + " needs " + key + "=… (" + what + ")");
            }
            return value;
        }

        int number(String key, int otherwise) {
            String value = map.get(key);
            if (value == null) {
                return otherwise;
            }
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("libraries: library " + library + ": " + key + "=" + value
                        + " is not a number", e);
            }
        }

        boolean bool(String key, boolean otherwise) {
            String value = map.get(key);
            if (value == null) {
                return otherwise;
            }
            if (!value.equals("true") && !value.equals("false")) {
                throw new IllegalArgumentException("libraries: library " + library + ": " + key + "=" + value
                        + " must be true or false");
            }
            return Boolean.parseBoolean(value);
        }

        List<String> list(String key) {
            return Arrays.stream(map.get(key).split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        }
    }
}
