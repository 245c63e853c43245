package org.openrsm.engine.catalog;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.openrsm.api.AccessEntry;
import org.openrsm.api.AccessRight;
import org.openrsm.api.Acl;

/** ACLs in the store as text: {@code principal=bits;principal=bits} with RSM's bits (USE 1, MODIFY 2, CONTROL 4). */
public final class Acls {
    /** The default of libraries and system pools: everyone may use them. */
    public static final Acl EVERYONE_USE = Acl.of(AccessEntry.of(AccessEntry.EVERYONE, AccessRight.USE));

    private Acls() {
    }

    public static String format(Acl acl) {
        List<String> parts = new ArrayList<>();
        for (AccessEntry e : acl.entries()) {
            int bits = 0;
            for (AccessRight r : e.rights()) {
                bits |= r.code();
            }
            parts.add(e.principal().replace("\\", "\\\\").replace(";", "\\;").replace("=", "\\=") + "=" + bits);
        }
        return String.join(";", parts);
    }

    public static Acl parse(String text) {
        List<AccessEntry> entries = new ArrayList<>();
        StringBuilder principal = new StringBuilder();
        StringBuilder bits = null;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : ';';
            if (c == '\\' && i + 1 < text.length()) {
                (bits == null ? principal : bits).append(text.charAt(++i));
            } else if (c == '=' && bits == null) {
                bits = new StringBuilder();
            } else if (c == ';') {
                if (bits != null) {
                    entries.add(new AccessEntry(principal.toString(), rights(Integer.parseInt(bits.toString()))));
                }
                principal.setLength(0);
                bits = null;
            } else {
                (bits == null ? principal : bits).append(c);
            }
        }
        return new Acl(entries);
    }

    public static Set<AccessRight> rights(int bits) {
        Set<AccessRight> rights = EnumSet.noneOf(AccessRight.class);
        for (AccessRight r : AccessRight.values()) {
            if ((bits & r.code()) != 0) {
                rights.add(r);
            }
        }
        return rights;
    }
}
