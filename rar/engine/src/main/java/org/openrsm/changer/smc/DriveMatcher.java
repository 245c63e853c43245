package org.openrsm.changer.smc;

import java.util.ArrayList;
import java.util.List;

/**
 * Ties a library's drives to their tape devices by serial number: the changer names each drive's device identifier
 * (READ ELEMENT STATUS with DVCID: T10 vendor, product, serial number), each candidate device its INQUIRY
 * identification and unit serial number (VPD 80h). An identifier that arrived cut short (tgt drops the last
 * 8 bytes of a reply) still matches when it is the beginning of exactly one candidate that is left.
 */
final class DriveMatcher {
    private DriveMatcher() {
    }

    /** A tape device that may be one of the library's drives. */
    record Candidate(String device, String vendor, String product, String serial) {
        /** vendor (8), product (16), serial: the form of a T10 vendor identifier. */
        String identification() {
            return String.format("%-8s%-16s%s", vendor, product, serial);
        }
    }

    /**
     * The device of each drive, in drive order; IllegalArgumentException naming the drive that has no identifier,
     * no match or several.
     */
    static List<String> match(List<String> identifiers, List<Candidate> candidates) {
        List<Candidate> left = new ArrayList<>(candidates);
        String[] devices = new String[identifiers.size()];
        for (int exactness = 0; exactness < 2; exactness++) {
            for (int i = 0; i < identifiers.size(); i++) {
                String id = identifiers.get(i);
                if (devices[i] != null || id == null || id.isBlank()) {
                    continue;
                }
                List<Candidate> hits = new ArrayList<>();
                for (Candidate c : left) {
                    boolean exact = c.serial() != null && id.strip().endsWith(c.serial())
                            && id.strip().equals(c.identification().strip());
                    boolean partial = c.serial() != null && c.identification().startsWith(id);
                    if (exactness == 0 ? exact : partial) {
                        hits.add(c);
                    }
                }
                if (hits.size() == 1) {
                    devices[i] = hits.get(0).device();
                    left.remove(hits.get(0));
                } else if (hits.size() > 1 && exactness == 1) {
                    throw new IllegalArgumentException("drive " + (i + 1) + " (identifier '" + id + "') matches "
                            + hits.size() + " tape devices; configure the drive devices");
                }
            }
        }
        for (int i = 0; i < devices.length; i++) {
            if (devices[i] == null) {
                String id = identifiers.get(i);
                throw new IllegalArgumentException("drive " + (i + 1) + (id == null || id.isBlank()
                        ? " has no device identifier in the library's element status"
                        : " (identifier '" + id + "') matches no tape device of " + candidates)
                        + "; configure the drive devices");
            }
        }
        return List.of(devices);
    }
}
